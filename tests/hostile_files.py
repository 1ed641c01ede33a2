"""Files built from bytes for the upload checks: ordinary ones and the hostile corpus (active PDFs,
polyglots, zip bombs, programs inside office files)."""
import io
import zipfile
import zlib

from tests.requests_helpers import PDF_BYTES, PNG_BYTES

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>\n"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED):
    """A ZIP of ``{name: bytes or str}``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx_members():
    """The parts of a workbook as Excel saves it (one sheet, styles, theme, printer settings)."""
    return {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": "<Relationships/>",
        "docProps/app.xml": "<Properties/>",
        "docProps/core.xml": "<cp:coreProperties/>",
        "xl/workbook.xml": "<workbook><sheets><sheet name='Data' sheetId='1'/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels": "<Relationships/>",
        "xl/styles.xml": "<styleSheet/>",
        "xl/theme/theme1.xml": "<a:theme/>",
        "xl/sharedStrings.xml": "<sst/>",
        "xl/worksheets/sheet1.xml": "<worksheet><sheetData>"
        + "".join(f"<row r='{n}'><c r='A{n}'><v>{n * 37 % 101}</v></c></row>" for n in range(1, 400))
        + "</sheetData></worksheet>",
        "xl/printerSettings/printerSettings1.bin": b"\x00\x01printer" * 20,
    }


def xlsx_bytes(**extra):
    return zip_bytes({**xlsx_members(), **extra})


def docx_bytes(**extra):
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": "<Relationships/>",
                      "word/document.xml": "<w:document><w:body><w:p/></w:body></w:document>",
                      "word/styles.xml": "<w:styles/>", "word/media/image1.png": PNG_BYTES, **extra})


def zip_bomb(name="xl/worksheets/sheet1.xml", megabytes=64, others=None):
    """A workbook (or the archive of ``others``) whose part ``name`` unpacks to ``megabytes`` of zeros,
    about 1000 times its compressed size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in (xlsx_members() if others is None else others).items():
            if part != name:
                archive.writestr(part, content)
        with archive.open(name, "w") as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(block)
    return buffer.getvalue()


def shapefile_members():
    return {"batas_desa.shp": b"\x00\x00\x27\x0a" + b"\x01" * 96, "batas_desa.shx": b"\x00" * 100,
            "batas_desa.dbf": b"\x03" + b"\x20" * 60, "batas_desa.prj": "GEOGCS[\"WGS 84\"]",
            "batas_desa.cpg": "UTF-8", "BACA.txt": "Sumber: BPS"}


def shapefile_zip(**extra):
    return zip_bytes({**shapefile_members(), **extra})


def pdf_with(body):
    """A one-object PDF whose catalog dictionary holds ``body``."""
    return (b"%PDF-1.7\n1 0 obj<< /Type /Catalog " + body + b" >>endobj\n"
            b"trailer<< /Root 1 0 R >>\n%%EOF\n")


def pdf_with_packed_javascript():
    """JavaScript hidden in a compressed object stream (/ObjStm), invisible to a plain byte scan."""
    packed = zlib.compress(b"2 0 << /S /JavaScript /JS (app.alert\\(1\\)) >>")
    return (b"%PDF-1.7\n1 0 obj<< /Type /Catalog /OpenAction 2 0 R >>endobj\n"
            b"3 0 obj<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
            + str(len(packed)).encode() + b" >>stream\n" + packed + b"\nendstream\nendobj\n"
            b"trailer<< /Root 1 0 R >>\n%%EOF\n")


def jpeg_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, "JPEG", quality=80, exif=b"Exif\x00\x00")
    return buffer.getvalue()


def real_png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


ACTIVE_PDFS = {
    "javascript": (pdf_with(b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>"), "JavaScript"),
    "escaped name": (pdf_with(b"/OpenAction << /S /J#61vaScript /JS (app.alert\\(1\\)) >>"), "JavaScript"),
    "packed object stream": (pdf_with_packed_javascript(), "JavaScript"),
    "launch": (pdf_with(b"/OpenAction << /S /Launch /F (cmd.exe) >>"), "perintah menjalankan program"),
    "automatic action": (pdf_with(b"/Pages 2 0 R /AA << /O 3 0 R >>"), "aksi otomatis (/AA)"),
    "embedded file": (pdf_with(b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>"),
                      "berkas tersemat"),
}

POLYGLOTS = {
    "pdf.pdf": PDF_BYTES + HTML,
    "pdf-zip.pdf": PDF_BYTES + zip_bytes({"index.html": HTML}),
    "zip-in-pdf.pdf": PDF_BYTES[:-6] + zip_bytes({"index.html": HTML}) + b"%%EOF\n",
    "peta.png": PNG_BYTES + HTML,
    "peta-zip.png": PNG_BYTES + zip_bytes({"index.html": HTML}),
}
