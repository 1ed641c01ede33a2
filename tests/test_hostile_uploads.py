"""Every upload field of every form (found by introspection) refuses the whole hostile corpus through
the project's upload check: a new upload field that does not check what it is given fails here."""
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app.forms import CheckedFileField
from services.product_sales.forms import DeliveryFileField
from tests.form_walk import upload_fields
from tests.hostile_files import (
    ACTIVE_PDFS,
    HTML,
    POLYGLOTS,
    docx_bytes,
    jpeg_bytes,
    real_png_bytes,
    shapefile_zip,
    xlsx_bytes,
    zip_bomb,
)
from tests.requests_helpers import EXE_BYTES, PDF_BYTES

# Fields that take a file only to look at it and never store, serve or open it, with why.
NOT_STORED = {
    # The verification page hashes the uploaded copy against the issued letter and discards it.
    "services.recommendation.forms.CompareLetterForm.pdf",
}
CHECKED_FIELD_CLASSES = (CheckedFileField, DeliveryFileField)


def corpus():
    cases = {f"active pdf: {case}": ("surat.pdf", content) for case, (content, _) in ACTIVE_PDFS.items()}
    cases.update({f"polyglot: {name}": (name, content) for name, content in POLYGLOTS.items()})
    cases.update({
        "jpeg with html after it": ("foto.jpg", jpeg_bytes() + HTML),
        "png cut short": ("peta.png", real_png_bytes()[:-20]),
        "program named pdf": ("surat.pdf", EXE_BYTES),
        "html named pdf": ("surat.pdf", HTML),
        "html named png": ("peta.png", HTML),
        "pdf named exe": ("setup.exe", PDF_BYTES),
        "docx holding a program": ("formulir.docx", docx_bytes(**{"word/setup.exe": EXE_BYTES})),
        "docx with macros": ("formulir.docx", docx_bytes(**{"word/vbaProject.bin": b"\xd0\xcf" * 64})),
        "xlsx holding html": ("rekap.xlsx", xlsx_bytes(**{"index.html": HTML})),
        "xlsx with a member outside": ("rekap.xlsx", xlsx_bytes(**{"../../evil.xml": "<x/>"})),
        "zip bomb named xlsx": ("rekap.xlsx", zip_bomb(megabytes=32)),
        "shapefile zip holding a program": ("peta.zip", shapefile_zip(**{"setup.exe": EXE_BYTES})),
        "shapefile zip holding html": ("peta.zip", shapefile_zip(**{"index.html": HTML})),
    })
    return cases


CORPUS = corpus()
FIELDS = upload_fields()


def test_the_walk_finds_the_upload_fields_of_every_app():
    paths = {path for path, _ in FIELDS}
    assert "requests_app.forms.RequestForm.supporting" in paths
    assert "services.product_sales.forms.PrepareFileForm.file" in paths
    assert "services.recommendation.design_forms.AttachmentsForm.cover_letter" in paths
    assert NOT_STORED <= paths, "an exempted field no longer exists: drop it from NOT_STORED"


STORED = [(path, field) for path, field in FIELDS if path not in NOT_STORED]


@pytest.mark.parametrize("path, field", STORED, ids=[path for path, _ in STORED])
def test_every_upload_field_goes_through_the_upload_check(path, field):
    assert isinstance(field, CHECKED_FIELD_CLASSES), (
        f"{path} is a plain {type(field).__name__}: use CheckedFileField/CheckedFilesField "
        "(or DeliveryFileField for prepared product files)")


@pytest.mark.parametrize("path, field", STORED, ids=[path for path, _ in STORED])
def test_every_upload_field_refuses_the_hostile_corpus(path, field):
    accepted = []
    for case, (name, content) in CORPUS.items():
        try:
            field.clean(SimpleUploadedFile(name, content))
        except ValidationError:
            continue
        accepted.append(case)
    assert not accepted, f"{path} accepted: {accepted}"


def test_an_ordinary_file_still_passes_every_checked_field():
    for path, field in FIELDS:
        if path not in NOT_STORED:
            assert field.clean(SimpleUploadedFile("data.xlsx", xlsx_bytes())), path
