"""Published steps that send people to another BPS system (Romantik for recommendations, Silastik for
product sales) while this portal is where they do it here. The published text stays as it is; the
pages say beside it that the portal is where it is done."""
import re

OTHER_SYSTEMS = (
    (re.compile(r"\bromantik\b", re.IGNORECASE), "Romantik (romantik.bps.go.id)"),
    (re.compile(r"\bsilastik\b", re.IGNORECASE), "Silastik (silastik.bps.go.id)"),
)


def other_system(text):
    """The other system a published requirement or step names ("Romantik (romantik.bps.go.id)"),
    or None."""
    for pattern, name in OTHER_SYSTEMS:
        if pattern.search(text or ""):
            return name
    return None
