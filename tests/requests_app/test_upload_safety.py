"""Uploads that pass the type check but are dangerous to open are refused, saying why; request bodies
are capped before they are read. The hostile corpus is built from bytes (tests/hostile_files.py)."""
import io
import random
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app.uploads import check_delivery_file, check_upload
from tests.hostile_files import (
    ACTIVE_PDFS,
    HTML,
    POLYGLOTS,
    docx_bytes,
    jpeg_bytes,
    real_png_bytes,
    shapefile_members,
    shapefile_zip,
    xlsx_bytes,
    zip_bomb,
    zip_bytes,
)
from tests.requests_helpers import EXE_BYTES, PDF_BYTES


def refusal(check, name, content):
    with pytest.raises(ValidationError) as refused:
        check(SimpleUploadedFile(name, content))
    return refused.value.code, refused.value.messages[0]


@pytest.mark.parametrize("case", ACTIVE_PDFS)
def test_a_pdf_with_active_content_is_refused_naming_it(case):
    content, what = ACTIVE_PDFS[case]
    code, message = refusal(check_upload, "surat.pdf", content)
    assert code == "pdf_active"
    assert message.startswith(f"Berkas surat.pdf ditolak: PDF ini berisi {what}"), message


@pytest.mark.parametrize("name", POLYGLOTS)
def test_content_after_the_end_of_a_pdf_or_png_is_refused(name):
    code, message = refusal(check_upload, name, POLYGLOTS[name])
    assert code == "polyglot"
    assert "(berkas gabungan)" in message and message.startswith(f"Berkas {name} ditolak: "), message


def test_content_after_the_end_of_a_jpeg_is_refused_but_the_jpeg_passes():
    assert check_upload(SimpleUploadedFile("foto.jpg", jpeg_bytes())) == ("image/jpeg", ".jpg")
    code, message = refusal(check_upload, "foto.jpg", jpeg_bytes() + HTML)
    assert code == "polyglot" and "setelah akhir JPEG-nya" in message


def test_a_png_cut_short_is_refused_as_damaged():
    code, message = refusal(check_upload, "peta.png", real_png_bytes()[:-20])
    assert code == "damaged" and "rusak atau tidak lengkap" in message


def test_a_little_padding_after_the_end_is_allowed():
    assert check_upload(SimpleUploadedFile("surat.pdf", PDF_BYTES + b"\r\n" * 8 + b"\x00" * 16))
    assert check_upload(SimpleUploadedFile("peta.png", real_png_bytes() + b"\n"))


def test_a_generated_pdf_with_a_link_passes():
    from weasyprint import HTML as Page

    content = Page(string='<h1>Surat</h1><a href="https://www.bps.go.id/">BPS</a>').write_pdf()
    assert check_upload(SimpleUploadedFile("surat.pdf", content)) == ("application/pdf", ".pdf")


def stream_pdf(stream_data, length, after=b""):
    return (b"%PDF-1.7\n1 0 obj<< /Type /Catalog >>endobj\n2 0 obj<< /Subtype /Image /Length " + length
            + b" >>stream\n" + stream_data + after + b"\nendstream\nendobj\n3 0 obj 4 endobj\n"
            b"trailer<< /Root 1 0 R >>\n%%EOF\n")


def test_names_that_occur_by_chance_inside_a_stream_do_not_refuse_a_pdf():
    image = b"\x8f\x02/JS (\x11/AA>\x00/Launch\n\xfe" * 50  # compressed image bytes look like this by chance
    content = stream_pdf(image, str(len(image)).encode())
    assert check_upload(SimpleUploadedFile("peta.pdf", content)) == ("application/pdf", ".pdf")


@pytest.mark.parametrize("length", [b"4", b"3 0 R"])
def test_an_action_hidden_between_a_streams_length_and_its_endstream_is_refused(length):
    hidden = b"\n9 0 obj<< /S /JavaScript /JS (app.alert\\(1\\)) >>endobj\n"
    code, message = refusal(check_upload, "peta.pdf", stream_pdf(b"\x01\x02\x03\x04", length, after=hidden))
    assert code == "pdf_active" and "JavaScript" in message


def test_a_gigabyte_zip_bomb_named_xlsx_is_refused_without_unpacking_it():
    bomb = zip_bomb(megabytes=1024)  # 1 GiB of zeros in about 1 MB
    assert len(bomb) < 2 * 1024 * 1024
    code, message = refusal(check_upload, "rekap.xlsx", bomb)
    assert code == "zip_bomb" and "dimampatkan lebih dari 100 kali (ciri bom zip)" in message


def test_an_archive_too_large_once_unpacked_is_refused_with_both_sizes(settings):
    settings.UPLOAD_MAX_BYTES = 200 * 1024  # 2000 KB unpacked at most
    digits = random.Random(15)
    rows = "".join(f"<row><c><v>{digits.randrange(10)}</v></c></row>" for _ in range(90_000))
    content = xlsx_bytes(**{"xl/worksheets/sheet2.xml": rows})
    assert len(content) < settings.UPLOAD_MAX_BYTES  # the file itself is small enough
    code, message = refusal(check_upload, "rekap.xlsx", content)
    assert code == "zip_bomb"
    assert re.search(r"isinya bila dibuka menjadi 2,\d MB; batasnya 1,9 MB dan 100 kali", message), message


@pytest.mark.parametrize("name, content, code, reason", [
    ("formulir.docx", docx_bytes(**{"word/setup.exe": EXE_BYTES}), "program", "(word/setup.exe)"),
    ("formulir.docx", docx_bytes(**{"Setup.EXE": EXE_BYTES}), "program", "(Setup.EXE)"),
    ("formulir.docx", docx_bytes(**{"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" * 64}), "macro",
     "berisi makro atau objek aktif (word/vbaProject.bin)"),
    ("rekap.xlsx", xlsx_bytes(**{"xl/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}), "macro",
     "(xl/embeddings/oleObject1.bin)"),
    ("rekap.xlsx", xlsx_bytes(**{"index.html": HTML}), "unexpected_member",
     "berisi index.html, yang bukan bagian berkas XLSX."),
    ("rekap.xlsx", xlsx_bytes(**{"../../evil.xml": "<x/>"}), "unsafe_member", "(../../evil.xml)"),
    ("formulir.docx", docx_bytes(**{"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx_bytes(
        **{"xl/run.exe": EXE_BYTES})}), "program", "(xl/run.exe)"),
    ("rekap.xlsx", zip_bytes({"[Content_Types].xml": "<Types/>", "xl/styles.xml": "<s/>"}),
     "missing_part", "bukan XLSX yang sah: bagian xl/workbook.xml tidak ada."),
])
def test_office_files_are_checked_as_what_they_claim(name, content, code, reason):
    refused_code, message = refusal(check_upload, name, content)
    assert (refused_code, reason in message) == (code, True), message


def test_ordinary_office_files_pass_including_a_chart_workbook_inside_a_docx():
    assert check_upload(SimpleUploadedFile("rekap.xlsx", xlsx_bytes()))[1] == ".xlsx"
    chart = docx_bytes(**{"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx_bytes()})
    assert check_upload(SimpleUploadedFile("laporan.docx", chart))[1] == ".docx"


def test_the_size_message_gives_size_and_limit_in_one_unit(settings):
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    content = PDF_BYTES + b" " * (10 * 1024 * 1024 + 1 - len(PDF_BYTES))
    code, message = refusal(check_upload, "lampiran.pdf", content)
    assert code == "too_large"
    assert message == "Berkas lampiran.pdf berukuran 10,1 MB; batasnya 10 MB."


# The officer's prepared product files: the same checks where they apply.
@pytest.mark.parametrize("name, content, code", [
    ("peta.zip", shapefile_zip(**{"setup.exe": EXE_BYTES}), "program"),
    ("peta.zip", shapefile_zip(**{"index.html": HTML}), "unexpected_member"),
    ("peta.zip", zip_bomb("batas_desa.dbf", 32, shapefile_members()), "zip_bomb"),
    ("data.xlsx", zip_bomb(megabytes=32), "zip_bomb"),
    ("publikasi.pdf", ACTIVE_PDFS["javascript"][0], "pdf_active"),
    ("publikasi.pdf", PDF_BYTES + HTML, "polyglot"),
    ("peta.zip", shapefile_zip(**{"BACA.pdf": ACTIVE_PDFS["launch"][0]}), "pdf_active"),
    ("peta.zip", shapefile_zip(**{"tabel.xlsx": xlsx_bytes(**{"xl/vbaProject.bin": b"\xd0\xcf"})}), "macro"),
])
def test_dangerous_prepared_files_are_refused(name, content, code):
    assert refusal(check_delivery_file, name, content)[0] == code


def test_prepared_shapefiles_and_workbooks_pass():
    assert check_delivery_file(SimpleUploadedFile("peta.zip", shapefile_zip())) == ("application/zip", ".zip")
    with_documents = shapefile_zip(**{"BACA.pdf": PDF_BYTES, "tabel.xlsx": xlsx_bytes()})
    assert check_delivery_file(SimpleUploadedFile("peta.zip", with_documents))[1] == ".zip"
    assert check_delivery_file(SimpleUploadedFile("data.xlsx", xlsx_bytes()))[1] == ".xlsx"


# Request bodies are capped before they are read.
class UnreadableBody(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_body_over_the_limit_is_answered_413_before_it_is_read(client, settings, db):
    settings.REQUEST_MAX_BYTES = 50 * 1024 * 1024
    response = client.generic("POST", "/permintaan/baru/6500/konsultasi/", b"",
                              content_type="multipart/form-data; boundary=x",
                              CONTENT_LENGTH=str(60 * 1024 * 1024), **{"wsgi.input": UnreadableBody()})
    assert response.status_code == 413
    html = response.content.decode()
    assert "<h1 class=\"h2\">Kiriman terlalu besar</h1>" in html
    assert "Kiriman ini berukuran 60,0 MB; batasnya 50 MB sekali kirim." in html


def test_an_oversized_filing_form_gets_the_413_page_and_nothing_is_stored(client, settings, catalogue):
    from requests_app.models import Document
    from tests.factories import ProfiledVisitorFactory

    settings.REQUEST_MAX_BYTES = 64 * 1024
    client.force_login(ProfiledVisitorFactory())
    big = SimpleUploadedFile("besar.pdf", PDF_BYTES + b" " * (100 * 1024))
    response = client.post("/permintaan/baru/6500/konsultasi/", {"purpose": "x", "supporting": [big]})
    assert response.status_code == 413
    assert "batasnya 64 KB sekali kirim" in response.content.decode()
    assert not Document.objects.exists()


def test_a_large_file_spooled_to_disk_is_checked_the_same():
    from django.core.files.uploadedfile import TemporaryUploadedFile

    content = ACTIVE_PDFS["javascript"][0][:-6] + b" " * (3 * 1024 * 1024) + b"%%EOF\n"
    spooled = TemporaryUploadedFile("besar.pdf", "application/pdf", len(content), None)
    spooled.write(content)
    spooled.seek(0)
    with pytest.raises(ValidationError) as refused:
        check_upload(spooled)
    assert refused.value.code == "pdf_active"
