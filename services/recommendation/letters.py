"""Rekomendasi Kegiatan Statistik (seeds 003 and 004): the agency's form, the officer's review
rounds, the letter the head approves, and what anyone can check about it afterwards.

The steps go through the one workflow (``workflow.perform``); what a step leaves on the form or the
letter is written by ``record_step``, the service's hook, inside the step's transaction. On the
head's approval the letter takes the next number of its office and year (under a row lock, so
there are no gaps or duplicates), is rendered to PDF once and stored with its SHA-256 fingerprint.
"""

import base64
import hashlib
import io

import qrcode
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.validators import format_nip
from pst_portal import links
from requests_app import workflow
from services.catalogue.formatting import month_name
from services.catalogue.pdf import render_pdf
from services.recommendation.forms import month_year
from services.recommendation.letter_text import TEXT_PLACEHOLDERS, fill, head_of_agency, number_values
from services.recommendation.models import Letter, LetterSequence, LetterTemplate
from services.recommendation.rules import Action


def text_values(request):
    recommendation = request.recommendation
    organiser = recommendation.answers.get("organiser", {})
    zone = request.office.zone
    submitted = timezone.localtime(request.submitted_at, zone) if request.submitted_at else None
    agency = organiser.get("agency") or (request.visitor.institution if request.visitor else "")
    unit = organiser.get("unit") or (request.visitor.agency_unit if request.visitor else "")
    with translation.override("id"):
        values = {
            "pimpinan_instansi": head_of_agency(agency, unit),
            "instansi": agency,
            "unit_kerja": unit,
            "judul": recommendation.title,
            "jenis_kegiatan": str(recommendation.activity_kind).lower(),
            "formulir": "FS3" if recommendation.is_survey else "FP-KPA",
            "kode_permintaan": request.code,
            "tanggal_pengajuan": date_format(submitted, "j F Y") if submitted else "",
            "kantor": request.office.name,
            "tahun_kegiatan": activity_year(recommendation) or "",
        }
    assert set(values) == set(TEXT_PLACEHOLDERS)
    return values


def activity_year(recommendation):
    general = recommendation.answers.get("general", {})
    return month_year(
        general.get("collection_start") or general.get("start") or general.get("planning_start")
    )


def letter_defaults(request):
    """The subject, addressee and body of a new letter, from the office's template."""
    template = LetterTemplate.for_office(request.office)
    values = text_values(request)
    return {
        "subject": template.subject,
        "addressee": fill(template.addressee, values),
        "body": fill(template.body, values),
    }


def activity_period(recommendation):
    general = recommendation.answers.get("general", {})
    prefix = "collection_" if recommendation.is_survey else ""
    start, end = general.get(f"{prefix}start"), general.get(f"{prefix}end")
    if not start:
        return ""
    start, end = month_name(start, "id"), month_name(end, "id")  # the letter is in Indonesian
    return start if start == end else f"{start} s.d. {end}"


def ensure_letter(request, actor, now):
    letter = Letter.objects.filter(request=request).first()
    if letter is None:
        letter = Letter(request=request, office=request.office, **letter_defaults(request))
    letter.drafted_by = actor
    letter.drafted_at = now
    letter.save()
    return letter


def draft_letter(request, officer, *, subject, addressee, body, expected_version=None, for_approval=False):
    """The officer's text of the letter (from the office's template the first time), and if asked,
    the request for the head's approval: both or neither."""
    repeated = for_approval and workflow.repeated_event(
        request, Action.REQUEST_APPROVAL, officer, expected_version
    )
    if repeated:  # sent for approval by the first click
        return repeated
    with transaction.atomic():
        event = workflow.perform(request, Action.DRAFT_LETTER, officer, expected_version=expected_version)
        Letter.objects.filter(request=request).update(
            subject=subject.strip(), addressee=addressee.strip(), body=body.strip()
        )
        if for_approval:
            event = workflow.perform(
                request, Action.REQUEST_APPROVAL, officer, expected_version=expected_version
            )
    return event


def next_sequence(office, year):
    """The office's next letter number for ``year``; the row stays locked until the transaction ends,
    so a second approval waits and takes the number after."""
    sequence, _created = LetterSequence.objects.get_or_create(office=office, year=year)
    # The UPDATE takes the row's write lock, held until the approval's transaction ends.
    LetterSequence.objects.filter(pk=sequence.pk).update(last_number=F("last_number") + 1)
    return LetterSequence.objects.values_list("last_number", flat=True).get(pk=sequence.pk)


def verification_url(letter):
    return links.absolute(letter.get_verification_url())


def unprintable_address(letter):
    """Why the letter's verification address may not be printed on it for good, or None: in production
    (``LETTER_REQUIRES_PUBLIC_URL``) it must be a public https address, never this machine's."""
    url = verification_url(letter)
    if not settings.LETTER_REQUIRES_PUBLIC_URL or links.is_public(url):
        return None
    return _(
        "Surat belum dapat diterbitkan: alamat verifikasi yang akan tercetak pada surat dan kode QR-nya "
        "(%(url)s) bukan alamat https publik portal. Minta administrator mengatur PORTAL_BASE_URL ke "
        "alamat https portal, lalu setujui kembali."
    ) % {"url": url}


def qr_data_url(text):
    """A QR code of ``text`` as a PNG data: URL (the PDF's URL fetcher accepts data: URLs only)."""
    image = qrcode.make(text, box_size=8, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def letter_context(letter, template, *, draft=False):
    request = letter.request
    recommendation = request.recommendation
    organiser = recommendation.answers.get("organiser", {})
    url = verification_url(letter)
    body_first, _blank, body_rest = letter.body.replace("\r\n", "\n").partition("\n\n")
    return {
        "body_first": body_first,
        "body_rest": body_rest.strip(),
        "period": activity_period(recommendation),
        "letter": letter,
        "template": template,
        "office": request.office,
        "service_request": request,
        "recommendation": recommendation,
        "organiser": organiser,
        "general": recommendation.answers.get("general", {}),
        "design": recommendation.answers.get("design", {}),
        "head_name": letter.head_name or template.head_name,
        "head_nip": format_nip(letter.head_nip or template.head_nip),
        "signer_title": letter.signer_title or template.signer_title,
        "city": template.city,
        "verification_url": url,
        "qr": None if draft else qr_data_url(url),
        "draft": draft,
    }


def render_letter(letter, *, draft=False):
    template = LetterTemplate.for_office(letter.office)
    return render_pdf("recommendation/letter_pdf.html", letter_context(letter, template, draft=draft))


def issue(letter, head, now):
    """Number, date, signature and PDF: once, on the head's approval (inside its transaction)."""
    request = letter.request
    recommendation = request.recommendation
    template = LetterTemplate.for_office(request.office)
    day = timezone.localtime(now, request.office.zone).date()
    letter.sequence = next_sequence(request.office, day.year)
    letter.year = day.year
    letter.letter_date = day
    letter.number = fill(template.number_pattern, number_values(request.office.code, letter.sequence, day))
    letter.issued_at = now
    letter.approved_by = head
    letter.signer_title = template.signer_title
    letter.head_name = template.head_name
    letter.head_nip = template.head_nip
    organiser = recommendation.answers.get("organiser", {})
    letter.agency = organiser.get("agency", "")[:200]
    letter.agency_unit = organiser.get("unit", "")[:200]
    letter.activity_title = recommendation.title
    letter.form = recommendation.form
    letter.activity_year = activity_year(recommendation) or day.year
    letter.head_note = ""
    letter.state = Letter.State.ISSUED
    content = render_letter(letter)
    letter.sha256 = hashlib.sha256(content).hexdigest()
    letter.pdf.save(f"{letter.code}.pdf", ContentFile(content), save=False)
    letter.save()
    return letter


