"""The people of the 6500 office (Kalimantan Utara, WITA) that the reminder and notifier stories share."""
import pytest

from services.catalogue.models import Office
from tests.factories import HeadFactory, OfficerFactory


@pytest.fixture
def office(catalogue):
    return Office.objects.get(code="6500")


@pytest.fixture
def dewi(office):
    return OfficerFactory(email="dewi@bps.go.id", full_name="Dewi Petugas", office=office)


@pytest.fixture
def head(office):
    return HeadFactory(email="kepala@bps.go.id", full_name="Hadi Kepala", office=office)


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """The notifier runs once a transaction commits; the test's own never does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
