"""What an uploaded file holds, beyond its type: files officers open in desktop programs.

A PDF must not carry active content (JavaScript, launch actions, automatic actions, embedded files);
a PDF, PNG or JPEG must end where its format ends (nothing appended: no HTML or ZIP polyglot); an
OOXML file (DOCX, XLSX) or a ZIP is looked into with bounded reads: expected parts only, no
programs, no macros, and an uncompressed size and compression ratio within limits (no zip bomb).
Every check raises ``ValidationError`` whose message says why. Standard library only.
"""
import io
import re
import zipfile
import zlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TRAILING_ALLOWANCE = 1024  # whitespace/NUL padding tolerated after a file's end marker
MAX_RATIO = 100  # uncompressed size / compressed size, for a member or the whole archive
RATIO_FLOOR = 1024 * 1024  # smaller than this uncompressed, a member's ratio does not matter
MAX_MEMBERS = 5000
READ_CHUNK = 1024 * 1024
PDF_OBJECT_STREAM_BUDGET = 64 * 1024 * 1024  # bytes of compressed object streams PDFs may unpack

_NAME_CHARS = rb"[^\s/\[\]()<>{}%]"
PDF_ACTIVE_NAMES = {
    b"JavaScript": _("JavaScript"),
    b"JS": _("JavaScript"),
    b"Launch": _("perintah menjalankan program (/Launch)"),
    b"AA": _("aksi otomatis (/AA)"),
    b"EmbeddedFile": _("berkas tersemat"),
    b"EmbeddedFiles": _("berkas tersemat"),
    b"RichMedia": _("media aktif (/RichMedia)"),
    b"XFA": _("formulir XFA"),
    b"SubmitForm": _("pengiriman formulir (/SubmitForm)"),
    b"ImportData": _("impor data (/ImportData)"),
}
_PDF_NAME = re.compile(rb"/(" + _NAME_CHARS + rb"+)")
_PDF_ACTIVE = re.compile(
    rb"/(" + b"|".join(sorted(PDF_ACTIVE_NAMES, key=len, reverse=True)) + rb")(?!" + _NAME_CHARS + rb")"
)
_PDF_STREAM_START = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_PDF_LENGTH = re.compile(rb"/Length\s+(\d+)(?:\s+(\d+)\s+R)?")
_PDF_INTEGER_OBJECT = re.compile(rb"(?<![0-9])(\d+)\s+(\d+)\s+obj\s*(\d+)\s*endobj")


def _refuse(message, code, **params):
    raise ValidationError(message, code=code, params=params)


def _check_tail(name, data, end, kind):
    """Nothing but a little padding may follow the format's end marker."""
    if len(data) - end > TRAILING_ALLOWANCE or data[end:].strip(b" \t\r\n\f\x00"):
        _refuse(_("Berkas %(name)s ditolak: ada data lain setelah akhir %(kind)s-nya (berkas gabungan). "
                  "Simpan ulang berkasnya dari program aslinya lalu unggah lagi."),
                "polyglot", name=name, kind=kind)


def _damaged(name, kind):
    _refuse(_("Berkas %(name)s rusak atau tidak lengkap: susunan %(kind)s-nya tidak dapat dibaca "
              "sampai akhir."), "damaged", name=name, kind=kind)


def _refuse_zip_polyglot(name, fileobj, kind):
    fileobj.seek(0)
    is_zip = zipfile.is_zipfile(fileobj)
    fileobj.seek(0)
    if is_zip:
        _refuse(_("Berkas %(name)s ditolak: %(kind)s ini sekaligus berisi arsip ZIP (berkas gabungan)."),
                "polyglot", name=name, kind=kind)


# PDF ----------------------------------------------------------------------------------------------
def _pdf_active_content(data):
    """The first active-content name in ``data`` (names written with #xx escapes too), or None."""
    found = _PDF_ACTIVE.search(data)
    if found:
        return found.group(1)
    if data.find(b"#") != -1:
        for name in _PDF_NAME.findall(data):
            if b"#" in name:
                decoded = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), name)
                if decoded in PDF_ACTIVE_NAMES:
                    return decoded
    return None


def _pdf_streams(data):
    """``(dictionary, start, end)`` of each stream. A stream ends at the earlier of its /Length and its
    ``endstream``, so that whatever either reading of the file takes for objects is looked at."""
    integers = None  # "N G obj <integer> endobj", for lengths given as a reference
    position = 0
    while match := _PDF_STREAM_START.search(data, position):
        head = data.rfind(b"obj", max(0, match.start() - 4096), match.start())
        dictionary = data[max(head, 0, match.start() - 4096):match.start()]
        start = match.end()
        end = data.find(b"endstream", start)
        end = len(data) if end == -1 else end
        length = _PDF_LENGTH.search(dictionary)
        if length and length.group(2) is not None:
            if integers is None:
                integers = {(m[0], m[1]): int(m[2]) for m in _PDF_INTEGER_OBJECT.findall(data)}
            size = integers.get((length.group(1), length.group(2)))
        else:
            size = int(length.group(1)) if length else None
        if size is not None:
            end = min(end, start + size)
        yield dictionary, start, end
        position = max(end, start)


def _pdf_outside_streams(data, streams):
    """The PDF's objects without the bytes of its streams (images, fonts: where any name may occur by
    chance)."""
    parts, position = [], 0
    for _dictionary, start, end in streams:
        parts.append(data[position:start])
        position = end
    parts.append(data[position:])
    return b"".join(parts)


def _pdf_object_streams(name, data, streams):
    """The unpacked object streams (/ObjStm) of a PDF, where objects may hide compressed."""
    budget = PDF_OBJECT_STREAM_BUDGET
    for dictionary, start, end in streams:
        if b"/ObjStm" not in dictionary or b"/FlateDecode" not in dictionary:
            continue
        try:
            unpacked = zlib.decompressobj().decompress(data[start:end], budget + 1)
        except zlib.error:
            continue  # a stream no reader can unpack hides nothing
        budget -= len(unpacked)
        if budget < 0:
            _refuse(_("Berkas %(name)s ditolak: PDF ini berisi data terkompresi yang terlalu besar untuk "
                      "diperiksa."), "pdf_too_packed", name=name)
        yield unpacked


def check_pdf(name, data, fileobj):
    streams = list(_pdf_streams(data))
    for chunk in (_pdf_outside_streams(data, streams), *_pdf_object_streams(name, data, streams)):
        active = _pdf_active_content(chunk)
        if active:
            _refuse(_("Berkas %(name)s ditolak: PDF ini berisi %(what)s yang dapat berjalan saat dibuka. "
                      "Cetak atau simpan ulang sebagai PDF biasa lalu unggah lagi."),
                    "pdf_active", name=name, what=PDF_ACTIVE_NAMES[active])
    end = data.rfind(b"%%EOF")
    if end == -1:
        _damaged(name, "PDF")
    _check_tail(name, data, end + len(b"%%EOF"), "PDF")
    _refuse_zip_polyglot(name, fileobj, "PDF")


# Images ---------------------------------------------------------------------------------------------
def _png_end(data):
    """Offset just past the IEND chunk, walking the chunks from the signature; None if none."""
    position = 8
    while position + 12 <= len(data):
        length = int.from_bytes(data[position:position + 4], "big")
        kind = data[position + 4:position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position if position <= len(data) else None
    return None


def _jpeg_entropy_end(data, position):
    """After a scan's header: the offset of the next marker (0xFF not followed by 00 or RSTn)."""
    while True:
        position = data.find(b"\xff", position)
        if position == -1 or position + 1 >= len(data):
            return None
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position += 1 if following == 0xFF else 2
            continue
        return position


def _jpeg_end(data):
    """Offset just past the EOI marker, walking the segments and scans; None if it is not reached."""
    position = 2
    while position is not None and position + 1 < len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
        elif marker == 0xD9:
            return position + 2
        elif marker == 0x01 or 0xD0 <= marker <= 0xD7:
            position += 2
        else:
            following = position + 2 + int.from_bytes(data[position + 2:position + 4], "big")
            position = _jpeg_entropy_end(data, following) if marker == 0xDA else following
    return None


def check_image(name, data, fileobj, kind):
    end = _png_end(data) if kind == "PNG" else _jpeg_end(data)
    if end is None:
        _damaged(name, kind)
    _check_tail(name, data, end, kind)
    _refuse_zip_polyglot(name, fileobj, kind)


# Archives: OOXML (DOCX, XLSX) and the officer's ZIP deliveries ------------------------------------
PROGRAM_EXTENSIONS = {".exe", ".dll", ".com", ".bat", ".cmd", ".scr", ".msi", ".ps1", ".vbs", ".vbe",
                      ".js", ".jse", ".wsf", ".hta", ".jar", ".lnk", ".sh", ".app", ".cpl", ".pif"}
OOXML_MAIN_PARTS = {".docx": ("word/document.xml", "word/"), ".xlsx": ("xl/workbook.xml", "xl/")}
OOXML_SHARED_FOLDERS = ("_rels/", "docProps/", "customXml/")
OOXML_PART_EXTENSIONS = {".xml", ".rels", ".vml", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif",
                         ".tiff", ".emf", ".wmf", ".svg", ".odttf", ".fntdata"}
OOXML_ACTIVE_MARKS = ("vbaproject", "vbadata", "/activex/", "oleobject")
# What a prepared product ZIP may hold: shapefile parts and data or documentation files.
DELIVERY_ZIP_EXTENSIONS = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".sbn", ".sbx", ".qix", ".fix",
                           ".qmd", ".xml", ".geojson", ".json", ".gpkg", ".kml", ".csv", ".txt", ".pdf",
                           ".xlsx", ".sav", ".dta", ".md"}


def _extension(member):
    base = member.rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _shown(member):
    return member if len(member) <= 80 else member[:77] + "..."


def ooxml_part_problem(member, extension):
    """Why ``member`` is not a part of a file of ``extension`` (.docx/.xlsx): None, "nested", or a code."""
    lowered = member.lower()
    if any(mark in lowered for mark in OOXML_ACTIVE_MARKS):
        return "active"
    folder = OOXML_MAIN_PARTS[extension][1]
    if member == "[Content_Types].xml":
        return None
    if not member.startswith((folder, *OOXML_SHARED_FOLDERS)):
        return "unexpected"
    part_extension = _extension(member)
    if part_extension in (".docx", ".xlsx") and "/embeddings/" in lowered:
        return "nested"  # a chart's workbook: checked as what it claims in turn
    if part_extension == ".bin" and "/printersettings/" in lowered:
        return None
    return None if part_extension in OOXML_PART_EXTENSIONS else "unexpected"


def delivery_member_problem(member, _extension_of_archive):
    extension = _extension(member)
    if extension in (".xlsx", ".pdf"):
        return "nested"  # checked as what it claims in turn
    return None if extension in DELIVERY_ZIP_EXTENSIONS else "unexpected"


def _check_member_header(name, info, kind, problem_of):
    member = info.filename
    if info.flag_bits & 0x1:
        _refuse(_("Berkas %(name)s ditolak: berisi bagian terenkripsi (%(member)s) yang tidak dapat "
                  "diperiksa."), "encrypted", name=name, member=_shown(member))
    parts = member.replace("\\", "/").split("/")
    if member.startswith(("/", "\\")) or ".." in parts or ":" in member or "\\" in member:
        _refuse(_("Berkas %(name)s ditolak: berisi nama bagian yang tidak aman (%(member)s)."),
                "unsafe_member", name=name, member=_shown(member))
    if info.is_dir():
        return None
    problem = problem_of(member, kind)
    if _extension(member) in PROGRAM_EXTENSIONS:
        _refuse(_("Berkas %(name)s ditolak: berisi program atau skrip (%(member)s) yang dapat berjalan "
                  "saat dibuka."), "program", name=name, member=_shown(member))
    if problem == "active":
        _refuse(_("Berkas %(name)s ditolak: berisi makro atau objek aktif (%(member)s). Simpan tanpa "
                  "makro lalu unggah lagi."), "macro", name=name, member=_shown(member))
    if problem == "unexpected":
        _refuse(_("Berkas %(name)s ditolak: berisi %(member)s, yang bukan bagian berkas %(kind)s."),
                "unexpected_member", name=name, member=_shown(member), kind=kind.lstrip(".").upper())
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        _refuse(_("Berkas %(name)s ditolak: bagian %(member)s dimampatkan lebih dari %(ratio)s kali "
                  "(ciri bom zip)."), "zip_bomb", name=name, member=_shown(member), ratio=MAX_RATIO)
    return problem


def _read_member(name, archive, info, kind):
    """Reads a member whole, in chunks (zipfile stops at the declared size and checks the CRC)."""
    chunks = []
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(READ_CHUNK):
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError):
        _damaged(name, kind.lstrip(".").upper())
    return b"".join(chunks)


def check_archive(name, uploaded, kind, max_uncompressed, depth=0):
    """A bounded look into a ZIP-based file of ``kind`` (".docx", ".xlsx" or ".zip")."""
    label = kind.lstrip(".").upper()
    try:
        archive = zipfile.ZipFile(uploaded)
        members = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError):
        _damaged(name, label)
    if len(members) > MAX_MEMBERS:
        _refuse(_("Berkas %(name)s ditolak: berisi lebih dari %(count)s bagian."),
                "too_many_members", name=name, count=MAX_MEMBERS)
    problem_of = ooxml_part_problem if kind in OOXML_MAIN_PARTS else delivery_member_problem
    problems = {info.filename: _check_member_header(name, info, kind, problem_of) for info in members}
    uncompressed = sum(info.file_size for info in members)
    compressed = sum(info.compress_size for info in members)
    bomb = uncompressed > RATIO_FLOOR and uncompressed > MAX_RATIO * compressed
    if uncompressed > max_uncompressed or bomb:
        size, limit = describe_sizes(uncompressed, max_uncompressed)
        _refuse(_("Berkas %(name)s ditolak: isinya bila dibuka menjadi %(size)s; batasnya %(limit)s dan "
                  "%(ratio)s kali ukuran berkasnya (ciri bom zip)."), "zip_bomb", name=name, size=size,
                limit=limit, ratio=MAX_RATIO)
    if kind in OOXML_MAIN_PARTS:
        _check_ooxml_parts(name, set(problems), kind)
    for info in members:
        if info.is_dir():
            continue
        content = _read_member(name, archive, info, kind)
        if problems[info.filename] == "nested":
            _check_nested(name, info.filename, content, label, max_uncompressed, depth)


def _check_nested(name, member, content, label, max_uncompressed, depth):
    """A file inside an archive (a chart's workbook, a product's PDF) checked as what it claims."""
    if _extension(member) == ".pdf":
        check_pdf(name, content, io.BytesIO(content))
        return
    if depth >= 1:
        _refuse(_("Berkas %(name)s ditolak: berisi %(member)s, yang bukan bagian berkas %(kind)s."),
                "unexpected_member", name=name, member=_shown(member), kind=label)
    check_archive(name, io.BytesIO(content), _extension(member), max_uncompressed, depth + 1)


def _check_ooxml_parts(name, members, kind):
    main_part = OOXML_MAIN_PARTS[kind][0]
    for required in ("[Content_Types].xml", main_part):
        if required not in members:
            _refuse(_("Berkas %(name)s bukan %(kind)s yang sah: bagian %(part)s tidak ada."),
                    "missing_part", name=name, kind=kind.lstrip(".").upper(), part=required)


# Sizes in messages -----------------------------------------------------------------------------------
SIZE_UNITS = ((1024 ** 3, "GB"), (1024 ** 2, "MB"), (1024, "KB"))


def describe_sizes(size, limit):
    """``(size, limit)`` as text in the limit's unit; a size over the limit is rounded up and the limit
    down, so the two never read the same ("10,1 MB; batasnya 10 MB")."""
    from django.utils.formats import number_format

    factor, unit = next(((f, u) for f, u in SIZE_UNITS if limit >= f), (1, None))
    if unit is None:
        return (_("%(count)s bita") % {"count": number_format(size)},
                _("%(count)s bita") % {"count": number_format(limit)})
    shown_size = -(-size * 10 // factor) / 10  # rounded up to a tenth
    shown_limit = (limit * 10 // factor) / 10  # rounded down to a tenth
    limit_text = number_format(shown_limit, decimal_pos=0 if shown_limit.is_integer() else 1)
    return f"{number_format(shown_size, decimal_pos=1)} {unit}", f"{limit_text} {unit}"
