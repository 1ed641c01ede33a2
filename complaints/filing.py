"""Filing a complaint (by the complainant on the portal, or by an officer for another channel) and its
response deadline in the office's working days."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import machine, notify
from complaints.complaint_models import Complaint, ComplaintAttachment, ComplaintChannel, response_days_of
from requests_app.access import reached_office
from requests_app.models import Request, normalize_tracking_code
from requests_app.uploads import safe_name
from services.catalogue.calendar import WorkingCalendar


def deadline(office, received_at, days):
    """(due_at, remind_from): the close of the office on the ``days``th working day after receipt, and
    the moment one working day is left (the close of the day before; at receipt for a one-day limit)."""
    calendar = WorkingCalendar(office)
    due_at = calendar.due_at(received_at, days)
    remind_from = calendar.due_at(received_at, days - 1) if days > 1 else received_at
    return due_at, remind_from


def linked_request(office, code, user=None, email=""):
    """The request a complaint is about, by its tracking code: the signed-in complainant's own, or, for
    someone not signed in, one whose visitor's email is the one they gave. Raises ValidationError."""
    code = normalize_tracking_code(code)
    found = reached_office(Request.objects.filter(code=code, office=office))
    if user is not None and user.is_authenticated:
        found = found.filter(visitor=user)
    else:
        found = found.filter(visitor__email__iexact=(email or "").strip()) if email else found.none()
    request = found.first()
    if request is None:
        raise ValidationError(_("Permintaan dengan kode itu tidak ditemukan di kantor ini untuk Anda "
                                "(bila tidak masuk, isi email yang dipakai saat mengajukan permintaan)."))
    return request


def store_attachments(complaint, checked_files):
    for uploaded, content_type, extension in checked_files:
        attachment = ComplaintAttachment(complaint=complaint, original_name=safe_name(uploaded.name),
                                         content_type=content_type, extension=extension, size=uploaded.size)
        attachment.file.save("upload", uploaded, save=False)
        attachment.save()


def _create(office, *, received_at=None, **fields):
    received_at = received_at or timezone.now()
    days = response_days_of(office)
    due_at, remind_from = deadline(office, received_at, days)
    return Complaint.objects.create(office=office, received_at=received_at, response_days=days, due_at=due_at,
                                    remind_from=remind_from, **fields)


@transaction.atomic
def file_complaint(*, office, user, token, subject, text, request=None, full_name="", email="", phone="",
                   checked_files=(), language="id"):
    """The complaint of the form token ``token``: made the first time, the same one when the form is
    sent twice. Returns (complaint, created)."""
    signed_in = user is not None and user.is_authenticated
    existing = Complaint.objects.select_for_update().filter(submission_token=token).first()
    if existing is not None:
        mine = existing.complainant_id == user.pk if signed_in else (
            existing.complainant_id is None and existing.email == email and existing.phone == phone)
        if not mine:
            raise Http404("This form token belongs to someone else.")
        return existing, False
    complaint = _create(
        office, submission_token=token, complainant=user if signed_in else None, subject=subject, text=text,
        request=request, full_name="" if signed_in else full_name, email="" if signed_in else email,
        phone="" if signed_in else phone, language=language, channel=ComplaintChannel.WEBSITE)
    store_attachments(complaint, checked_files)
    machine.write_event(complaint, "receive", user, by_complainant=True, to_status=complaint.status)
    transaction.on_commit(lambda: notify.complainant_email(complaint, "received"))
    return complaint, True


@transaction.atomic
def record_other_channel(*, officer, channel, subject, text, received_at=None, lapor_reference="",
                         request=None, full_name="", email="", phone="", checked_files=()):
    """An officer records a complaint that came by the box, email, WhatsApp, in person or SP4N-LAPOR
    (with its reference number) for their office."""
    if channel == ComplaintChannel.LAPOR and not lapor_reference.strip():
        raise ValidationError(_("Isi nomor pengaduan SP4N-LAPOR."))
    complaint = _create(
        officer.office, received_at=received_at, subject=subject, text=text, request=request,
        full_name=full_name, email=email, phone=phone, channel=channel,
        lapor_reference=lapor_reference.strip() if channel == ComplaintChannel.LAPOR else "",
        recorded_by=officer)
    store_attachments(complaint, checked_files)
    machine.write_event(complaint, "record", officer, to_status=complaint.status,
                        note=complaint.get_channel_display())
    if email:
        transaction.on_commit(lambda: notify.complainant_email(complaint, "received"))
    return complaint
