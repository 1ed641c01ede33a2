"""Rekomendasi Kegiatan Statistik (seeds 003 and 004): the agency's form, the officer's review
rounds, the letter the head approves, and what anyone can check about it afterwards.

The steps go through the one workflow (``workflow.perform``); what a step leaves on the form or the
letter is written by ``record_step``, the service's hook, inside the step's transaction. On the
head's approval the letter takes the next number of its office and year (under a row lock, so
there are no gaps or duplicates), is rendered to PDF once and stored with its SHA-256 fingerprint.
"""
from dataclasses import dataclass, field

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from requests_app import workflow
from requests_app.filing import draft_for_token, store_document
from requests_app.models import Request, Status
from services.catalogue.models import Channel
from services.recommendation.design_forms import AttachmentsForm, SampleForm
from services.recommendation.forms import SECTIONS
from services.recommendation.letters import ensure_letter, issue, unprintable_address
from services.recommendation.models import Letter, LetterTemplate, Recommendation, ReviewRound
from services.recommendation.rules import Action
from services.recommendation.section_forms import METHOD_CENSUS

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
    return workflow.perform(request, action, officer, note=text, expected_version=expected_version,
                            data={"checklist": checklist, "section_notes": section_notes,
                                  "note": note.strip()})


# ---------------------------------------------------------------- the letter


def record_step(request, event, data=None):
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
        review = {"checklist": {}, "section_notes": {}, "note": event.note, **(data or {})}
        recommendation.rounds.filter(number=recommendation.rounds.count()).update(
            outcome=outcome, reviewed_at=event.created_at, reviewed_by=event.actor, **review
        )
        if action == Action.DECLARE_FEASIBLE:
            ensure_letter(request, event.actor, event.created_at)
    elif action == Action.DRAFT_LETTER:
        ensure_letter(request, event.actor, event.created_at)
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


