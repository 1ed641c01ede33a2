import datetime
import uuid

from complaints import filing
from complaints.complaint_models import Subject


def wita(*args):
    return datetime.datetime(*args, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def guest_complaint(office, **extra):
    fields = {"office": office, "user": None, "token": uuid.uuid4(), "subject": Subject.FACILITIES,
              "text": "Ruang tunggu rahasia tamu terlalu panas.", "full_name": "Tamu Pengadu",
              "email": "tamu.pengadu@contoh.id", "phone": ""}
    fields.update(extra)
    return filing.file_complaint(**fields)[0]
