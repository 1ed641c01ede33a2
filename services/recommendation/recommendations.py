"""Rekomendasi Kegiatan Statistik (seeds 003 and 004): the agency's form, the officer's review
rounds, the letter the head approves, and what anyone can check about it afterwards.

The steps go through the one workflow (``workflow.perform``); what a step leaves on the form or the
letter is written by ``record_step``, the service's hook, inside the step's transaction. On the
head's approval the letter takes the next number of its office and year (under a row lock, so
there are no gaps or duplicates), is rendered to PDF once and stored with its SHA-256 fingerprint.
"""

import base64
import difflib
import hashlib
import io
import re
from dataclasses import dataclass, field

import qrcode
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.validators import format_nip
from pst_portal import links
from requests_app import workflow
from requests_app.filing import draft_for_token, store_document
from requests_app.models import Request, Status
from services.catalogue.formatting import month_name
from services.catalogue.models import Channel
from services.catalogue.pdf import render_pdf
from services.recommendation.forms import METHOD_CENSUS, SECTIONS, AttachmentsForm, SampleForm, month_year
from services.recommendation.letter_text import TEXT_PLACEHOLDERS, fill, head_of_agency, number_values
from services.recommendation.models import Letter, LetterSequence, LetterTemplate, Recommendation, ReviewRound
from services.recommendation.rules import Action

DOCUMENT_SLOTS = ("cover_letter", "questionnaire")


# ---------------------------------------------------------------- the form and its sections


def sections(recommendation):
    """The form's sections in order; the sample design only for a survey that is not a census."""
    method = recommendation.answers.get("design", {}).get("method")
    return [
        s
        for s in SECTIONS[recommendation.form]
        if not (s.form_class is SampleForm and method == METHOD_CENSUS)
    ]


def section_for(recommendation, key):
    for section in sections(recommendation):
        if section.key == key:
            return section
    raise Http404("No such section in this form.")


def _prefill(visitor):
    return {
        "organiser": {
            "agency": visitor.institution,
            "unit": visitor.agency_unit,
            "email": visitor.email,
            "phone": visitor.phone or "",
            "address": "",
            "website": "",
        },
        "persons": {
            "admin_name": visitor.full_name,
            "admin_email": visitor.email,
            "admin_phone": visitor.phone or "",
        },
    }


@transaction.atomic
def start(visitor, standard, form_kind, token, *, channel=Channel.ONLINE, language="id"):
    """The agency's draft for ``token`` (the same one if the form is sent twice), with the organiser
    and person in charge taken from the profile."""
    request, created = draft_for_token(visitor, standard, token, channel=channel, language=language)
    if created:
        Recommendation.objects.create(request=request, form=form_kind, answers=_prefill(visitor))
    return request


def may_edit(request, user):
    """Whether ``user`` may edit the request's form now (the ``EDIT_FORM`` rule)."""
    return workflow.may(request, Action.EDIT_FORM, user)


def bound_form(recommendation, section):
    """The section's form bound to what is stored, to check it or show it again."""
    return section.form_class.bind(recommendation.answers.get(section.key), recommendation=recommendation)


def blank_form(recommendation, section):
    stored = recommendation.answers.get(section.key) or {}
    if section.key == "variables":
        return section.form_class(recommendation=recommendation, rows=stored.get("rows", []))
    return section.form_class(initial=stored, recommendation=recommendation)


def form_to_show(recommendation, section):
    """The section's form as its page first shows it: what is stored (or taken from the profile), with
    what is still missing marked only once the section has been saved, never on a first visit."""
    if (
        section.key in recommendation.saved_sections
        and section.form_class is not AttachmentsForm
        and not is_done(recommendation, section)
    ):
        return bound_form(recommendation, section)
    return blank_form(recommendation, section)


def _replace_document(request, recommendation, slot, checked, actor):
    previous = getattr(recommendation, slot)
    document = store_document(request, checked, actor)
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
        document.replaces = previous
        document.save(update_fields=["replaces"])
    setattr(recommendation, slot, document)


@transaction.atomic
def save_section(request, section, form, actor):
    """Store what was typed in ``form`` (valid or not: a draft keeps everything), and the uploads that
    passed their checks. Returns whether the section is now complete."""
    locked = Request.objects.select_for_update().get(pk=request.pk)
    if not may_edit(locked, actor):  # submitted meanwhile: what is under review stays as it was
        raise workflow.ActionRefused(_("Formulir ini sedang diperiksa dan tidak dapat diubah sekarang."))
    recommendation = Recommendation.objects.select_for_update().get(request=request)
    form.recommendation = recommendation
    valid = form.is_valid()
    if isinstance(form, AttachmentsForm):
        for slot in DOCUMENT_SLOTS:
            checked = form.cleaned_data.get(slot) if slot not in form.errors else None
            if checked:
                _replace_document(request, recommendation, slot, checked, actor)
    else:
        recommendation.answers[section.key] = form.to_stored()
    recommendation.saved_sections = sorted(set(recommendation.saved_sections) | {section.key})
    done = set(recommendation.completed_sections) - {section.key}
    if valid and not isinstance(form, AttachmentsForm):
        done.add(section.key)
    recommendation.completed_sections = sorted(done)
    title = recommendation.answers.get("general", {}).get("activity_title", "")
    recommendation.title = title[:300]
    recommendation.save()
    if title and request.purpose != title:
        Request.objects.filter(pk=request.pk).update(purpose=title)
        request.purpose = title
    if isinstance(form, AttachmentsForm):
        return valid and not missing_documents(recommendation)
    return valid


def save_answers(request, answers, actor):
    """Save whole sections from ``{section key: stored answers}`` as their pages would (the demo and
    tests fill a form this way). Returns the keys of the sections that did not validate."""
    incomplete = []
    for section in sections(Recommendation.objects.get(request=request)):
        if section.key in answers and section.form_class is not AttachmentsForm:
            recommendation = Recommendation.objects.get(request=request)
            form = section.form_class.bind(answers[section.key], recommendation=recommendation)
            if not save_section(request, section, form, actor):
                incomplete.append(section.key)
    return incomplete


def attach_documents(request, actor, **checked_files):
    """Store the cover letter and the questionnaire (``slot=(file, content_type, extension)``)."""
    with transaction.atomic():
        recommendation = Recommendation.objects.select_for_update().get(request=request)
        for slot, checked in checked_files.items():
            _replace_document(request, recommendation, slot, checked, actor)
        recommendation.save()


def missing_documents(recommendation):
    required = DOCUMENT_SLOTS if recommendation.is_survey else DOCUMENT_SLOTS[:1]
    return [slot for slot in required if getattr(recommendation, f"{slot}_id") is None]


def is_done(recommendation, section):
    if section.form_class is AttachmentsForm:
        return not missing_documents(recommendation)
    return section.key in recommendation.completed_sections


def missing_sections(recommendation):
    return [s for s in sections(recommendation) if not is_done(recommendation, s)]


@dataclass
class SectionRow:
    section: object
    done: bool
    note: str = ""
    answers: list = field(default_factory=list)


def progress(recommendation, notes=None):
    """Each section with whether it is complete, the officer's note on it, and its answers."""
    notes = notes or {}
    return [
        SectionRow(
            s,
            is_done(recommendation, s),
            notes.get(s.key, ""),
            s.form_class.display(recommendation.answers.get(s.key)),
        )
        for s in sections(recommendation)
    ]


def latest_round(recommendation):
    return recommendation.rounds.order_by("-number").first()


def notes_to_fix(recommendation):
    """The officer's notes per section from the last return, while the form waits for its fix."""
    last = latest_round(recommendation)
    if last is None or last.outcome != ReviewRound.Outcome.REVISE:
        return {}
    return last.section_notes


# ---------------------------------------------------------------- submitting


@transaction.atomic
def submit(request, visitor, confirmed_ids, *, language=None, now=None):
    """The agency sends the complete form; it is recorded complete, so the clock starts."""
    allowed = {r.pk for r in request.section.requirements_for(visitor.segment)}
    request.confirmed_requirements.set([pk for pk in confirmed_ids if pk in allowed])
    return workflow.perform(request, Action.SUBMIT, visitor, language=language, now=now)


@transaction.atomic
def record_at_desk(request, officer):
    """The officer has recorded the walk-in agency's form in full; the agency met the standard's
    requirements in person at the desk."""
    request.record_requirements_met_at_desk()
    return workflow.perform(request, Action.FILE_AT_DESK, officer)


def _snapshot(recommendation):
    documents = {}
    for slot in DOCUMENT_SLOTS:
        document = getattr(recommendation, slot)
        if document is not None:
            documents[slot] = {"name": document.original_name, "document": document.pk}
    return dict(recommendation.answers), documents


# ---------------------------------------------------------------- the officer's review


def review(request, officer, *, feasible, checklist, section_notes, note, expected_version=None):
    """Close the current round: feasible (the letter is drafted next) or returned with notes per
    section (the clock pauses until the agency resubmits)."""
    recommendation = request.recommendation
    titles = {s.key: str(s.title) for s in sections(recommendation)}
    lines = [note.strip()] if note.strip() else []
    lines += [f"{titles.get(key, key)}: {text}" for key, text in section_notes.items()]
    text = "\n".join(lines)
    action = Action.DECLARE_FEASIBLE if feasible else Action.RETURN
    with transaction.atomic():
        event = workflow.perform(request, action, officer, note=text, expected_version=expected_version)
        if event.repeated:
            return event
        recommendation.rounds.filter(number=recommendation.rounds.count()).update(
            checklist=checklist, section_notes=section_notes, note=note.strip()
        )
    return event


# ---------------------------------------------------------------- the letter


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


def _ensure_letter(request, actor, now):
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


def record_step(request, event):
    """What each step leaves on the form, its rounds and the letter (the workflow's hook)."""
    recommendation = getattr(request, "recommendation", None)
    if recommendation is None:
        return
    action = event.action
    if action in (Action.SUBMIT, Action.FILE_AT_DESK, Action.RESUBMIT):
        answers, documents = _snapshot(recommendation)
        number = recommendation.rounds.count() + 1
        ReviewRound.objects.create(
            recommendation=recommendation,
            number=number,
            submitted_at=event.created_at,
            answers=answers,
            documents=documents,
        )
    elif action in (Action.RETURN, Action.DECLARE_FEASIBLE):
        outcome = (
            ReviewRound.Outcome.FEASIBLE if action == Action.DECLARE_FEASIBLE else ReviewRound.Outcome.REVISE
        )
        recommendation.rounds.filter(number=recommendation.rounds.count()).update(
            outcome=outcome, reviewed_at=event.created_at, reviewed_by=event.actor, note=event.note
        )
        if action == Action.DECLARE_FEASIBLE:
            _ensure_letter(request, event.actor, event.created_at)
    elif action == Action.DRAFT_LETTER:
        _ensure_letter(request, event.actor, event.created_at)
    elif action == Action.REQUEST_APPROVAL:
        Letter.objects.filter(request=request).update(state=Letter.State.AWAITING)
    elif action == Action.SEND_BACK:
        Letter.objects.filter(request=request).update(state=Letter.State.DRAFT, head_note=event.note)
    elif action == Action.APPROVE:
        issue(
            Letter.objects.select_related("request", "office").get(request=request),
            event.actor,
            event.created_at,
        )


def refusal(request, action):
    """The recommendation's own conditions on a step (``RecommendationService.refusal``)."""
    recommendation = getattr(request, "recommendation", None)
    if action in (Action.SUBMIT, Action.FILE_AT_DESK, Action.RESUBMIT, Action.DECLARE_FEASIBLE):
        if recommendation is None:
            return _("Permintaan ini tidak memiliki formulir FS3/FP-KPA.")
        missing = missing_sections(recommendation)
        if missing:
            return _("Formulir belum lengkap: %(sections)s.") % {
                "sections": "; ".join(str(s.title) for s in missing)
            }
    if action == Action.SUBMIT and request.channel == Channel.WALK_IN:
        return _("Formulir kunjungan langsung dicatat lengkap oleh petugas di meja layanan.")
    if action == Action.RETURN and request.status == Status.IN_PROCESS:
        return _(
            "Formulir ini sudah dinyatakan layak. Bila ternyata tidak dapat direkomendasikan, tolak "
            "permintaan dengan alasannya."
        )
    if action in (Action.PROCESS, Action.MARK_COMPLETE):
        return _(
            "Periksa formulir dengan daftar periksa per bagian: nyatakan layak atau kembalikan dengan "
            "catatan."
        )
    letter = getattr(request, "letter", None)
    if action == Action.DRAFT_LETTER and recommendation is None:
        return _("Permintaan ini tidak memiliki formulir FS3/FP-KPA.")
    if action == Action.DRAFT_LETTER and letter is not None and letter.state != Letter.State.DRAFT:
        return _("Surat ini sedang menunggu persetujuan kepala atau sudah terbit.")
    if action in (Action.REQUEST_APPROVAL, Action.APPROVE):
        if letter is None or letter.drafted_at is None:
            return _("Susun surat rekomendasi lebih dulu.")
        missing = LetterTemplate.for_office(request.office).missing()
        if missing:
            return _(
                "Templat surat kantor belum lengkap (%(fields)s). Minta administrator melengkapinya di "
                "halaman admin."
            ) % {"fields": ", ".join(str(m) for m in missing)}
    if action == Action.APPROVE:
        return unprintable_address(letter)
    return None


# ---------------------------------------------------------------- what changed between rounds


@dataclass
class Change:
    label: str
    before: str
    after: str

    @property
    def segments(self):
        return word_diff(self.before, self.after)


def word_diff(before, after):
    """[(kind, text)] with kind "same", "removed" or "added", word by word."""
    old, new = re.split(r"(\s+)", before or ""), re.split(r"(\s+)", after or "")
    segments = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("removed", "".join(old[i1:i2])))
        if j2 > j1:
            segments.append(("added", "".join(new[j1:j2])))
    return [s for s in segments if s[1]]


def changes_between(recommendation, older, newer):
    """[(section title, [Change])] for the sections that differ between two rounds."""
    result = []
    for section in SECTIONS[recommendation.form]:
        form_class = section.form_class
        if form_class is AttachmentsForm:
            changes = []
            for slot in DOCUMENT_SLOTS:
                before, after = older.documents.get(slot, {}), newer.documents.get(slot, {})
                if before.get("document") != after.get("document"):
                    label = str(AttachmentsForm.base_fields[slot].label)
                    changes.append(Change(label, before.get("name", ""), after.get("name", "")))
        elif section.key == "variables":
            before = "\n".join(f"{n}: {t}" for n, t in form_class.display(older.answers.get("variables")))
            after = "\n".join(f"{n}: {t}" for n, t in form_class.display(newer.answers.get("variables")))
            changes = [Change(str(section.title), before, after)] if before != after else []
        else:
            old_rows = form_class.display(older.answers.get(section.key))
            new_rows = form_class.display(newer.answers.get(section.key))
            changes = [
                Change(str(label), b, a)
                for (label, b), (_label, a) in zip(old_rows, new_rows, strict=True)
                if b != a
            ]
        if changes:
            result.append((section.title, changes))
    return result


def round_history(recommendation):
    """Every round, newest first, with what changed since the one before."""
    rounds = list(recommendation.rounds.select_related("reviewed_by").order_by("number"))
    titles = {s.key: s.title for s in SECTIONS[recommendation.form]}
    history = []
    for index, current in enumerate(rounds):
        previous = rounds[index - 1] if index else None
        history.append(
            {
                "round": current,
                "changes": changes_between(recommendation, previous, current) if previous else None,
                "notes": [(titles.get(key, key), text) for key, text in current.section_notes.items()],
            }
        )
    return list(reversed(history))


# ---------------------------------------------------------------- verification and the register


def find_issued_letter(code):
    from services.recommendation.models import normalize_letter_code

    code = normalize_letter_code(code)
    if not code:
        return None
    return Letter.objects.select_related("office").filter(code=code, state=Letter.State.ISSUED).first()


def fingerprint(uploaded):
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def verdict(letter, uploaded=None):
    """The one thing the verification page says: "registered" (the code names this letter, nothing
    compared yet), or whether the uploaded copy is exactly that letter ("match" or "mismatch")."""
    if uploaded is None:
        return "registered"
    return "match" if fingerprint(uploaded) == letter.sha256 else "mismatch"
