#!/usr/bin/env bash
# Installs the Debian packages the portal needs when they are missing.
#   run:  Pango (WeasyPrint's text layout) and a font
#   test: the above, plus Chromium (browser tests), poppler-utils (pdftotext) and nginx-light
#         (tests/deploy: the scale-out shape behind the nginx example)
set -euo pipefail
want=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
if [ "${1:-run}" = "test" ]; then
  want+=(chromium poppler-utils nginx-light)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Cannot install ${missing[*]} without root: please install them with apt-get." >&2
  [ "${CI:-}" = "true" ] && exit 1
fi
