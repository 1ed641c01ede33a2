"""Checking uploaded files: type by content (magic bytes) and extension together, size, and what
the content holds (``file_safety``: no active PDF content, nothing appended after a PDF, PNG or
JPEG ends, OOXML and ZIP archives looked into with bounded reads).

Accepted: PDF, JPEG, PNG, DOCX and XLSX. The limit is ``UPLOAD_MAX_BYTES``
(10 MB unless ``UPLOAD_MAX_MB`` says otherwise).
"""
import mmap
import os
import unicodedata
from contextlib import contextmanager

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from requests_app import file_safety

# sniffed MIME type -> extensions a name may carry for it
ACCEPTED_TYPES = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
}
ACCEPT_ATTRIBUTE = ",".join(ext for exts in ACCEPTED_TYPES.values() for ext in exts)
SNIFF_BYTES = 8192
UNPACKED_FACTOR = 10  # an archive may hold at most this many times the upload limit, uncompressed


def safe_name(name):
    """A display name without paths, control characters or quotes, at most 150 characters."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>:|?*;')
    stem, ext = os.path.splitext(name.strip().lstrip("."))
    return (stem[:140] or "dokumen") + ext[:8].lower()


def _check_size(uploaded, limit):
    if uploaded.size > limit:
        size, limit_text = file_safety.describe_sizes(uploaded.size, limit)
        raise ValidationError(
            _("Berkas %(name)s berukuran %(size)s; batasnya %(limit)s."), code="too_large",
            params={"name": safe_name(uploaded.name), "size": size, "limit": limit_text},
        )


@contextmanager
def _contents(uploaded):
    """The file's bytes: mapped from disk when Django spooled it there, else read into memory."""
    uploaded.seek(0)
    if hasattr(uploaded, "temporary_file_path"):
        with open(uploaded.temporary_file_path(), "rb") as file, mmap.mmap(
            file.fileno(), 0, access=mmap.ACCESS_READ
        ) as mapped:
            yield mapped
    else:
        yield uploaded.read()
    uploaded.seek(0)


def check_content(uploaded, extension, limit):
    """What the file holds is safe to open as a file of ``extension`` (see ``file_safety``)."""
    name = safe_name(uploaded.name)
    if extension in (".docx", ".xlsx", ".zip"):
        uploaded.seek(0)
        file_safety.check_archive(name, uploaded, extension, limit * UNPACKED_FACTOR)
        uploaded.seek(0)
        return
    if extension not in (".pdf", ".png", ".jpg"):
        return
    with _contents(uploaded) as data:
        if extension == ".pdf":
            file_safety.check_pdf(name, data, uploaded)
        else:
            file_safety.check_image(name, data, uploaded, "PNG" if extension == ".png" else "JPEG")


def check_upload(uploaded):
    """Validate an UploadedFile. Returns (content_type, extension); raises ValidationError."""
    limit = settings.UPLOAD_MAX_BYTES
    _check_size(uploaded, limit)
    if uploaded.size == 0:
        raise ValidationError(_("Berkas %(name)s kosong."), code="empty",
                              params={"name": safe_name(uploaded.name)})
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    kind = filetype.guess(head)
    extension = os.path.splitext(uploaded.name or "")[1].lower()
    allowed = ACCEPTED_TYPES.get(kind.mime) if kind else None
    if not allowed or extension not in allowed:
        raise ValidationError(
            _("Berkas %(name)s bukan PDF, JPEG, PNG, DOCX atau XLSX yang sah (isi berkas diperiksa, "
              "bukan hanya namanya)."),
            code="bad_type",
            params={"name": safe_name(uploaded.name)},
        )
    check_content(uploaded, allowed[0], limit)
    return kind.mime, allowed[0]


# Files an officer prepares for a buyer: extension -> a test of the first bytes.
def _is_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3  # a character cut at the end of the sample
    return True


DELIVERY_TYPES = {
    ".pdf": ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    ".zip": ("application/zip", lambda head: head.startswith(b"PK\x03\x04")),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              lambda head: head.startswith(b"PK\x03\x04")),
    ".csv": ("text/csv", _is_text),
    ".geojson": ("application/geo+json", lambda head: _is_text(head) and head.lstrip().startswith(b"{")),
    ".sav": ("application/x-spss-sav", lambda head: head[:4] in (b"$FL2", b"$FL3")),
    ".dta": ("application/x-stata-dta", lambda head: head.startswith(b"<stata_dta>")),
}
DELIVERY_ACCEPT_ATTRIBUTE = ",".join(DELIVERY_TYPES)


def check_delivery_file(uploaded):
    """Validate a prepared product file (PDF, ZIP for shapefiles, XLSX, CSV, GeoJSON, SPSS .sav,
    Stata .dta) by its content and extension. Returns (content_type, extension)."""
    limit = settings.DELIVERY_MAX_BYTES
    _check_size(uploaded, limit)
    extension = os.path.splitext(uploaded.name or "")[1].lower()
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    content_type, looks_right = DELIVERY_TYPES.get(extension, (None, None))
    if not head or looks_right is None or not looks_right(head):
        raise ValidationError(
            _("Berkas %(name)s bukan PDF, ZIP, XLSX, CSV, GeoJSON, SAV atau DTA yang sah (isi berkas "
              "diperiksa, bukan hanya namanya)."),
            code="bad_type", params={"name": safe_name(uploaded.name)},
        )
    check_content(uploaded, extension, limit)
    return content_type, extension
