"""Konsultasi Statistik: the conversation, follow-up meetings, walk-in records, the silence
job and turning an answer into a knowledge-base article. Every step goes through
``workflow.perform``; this module only adds what the step carries (a message's files,
a meeting's time and place)."""
import datetime
import re
import uuid

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from requests_app import workflow
from requests_app.filing import perform_with_documents
from requests_app.models import Document, Request, RequestEvent, Status
from services.catalogue.models import Channel
from services.consultation.models import Article, Consultation, Meeting
from services.consultation.rules import SILENCE, Action

SILENCE_WARNING_BEFORE = datetime.timedelta(days=2)


def conversation(request):
    """The messages and meeting proposals of a consultation, in order, with their files."""
    return (
        RequestEvent.objects.filter(
            request=request,
            action__in=(Action.MESSAGE, Action.PROPOSE_MEETING,
                        Action.ACCEPT_MEETING, Action.DECLINE_MEETING),
        )
        .select_related("actor")
        .prefetch_related(Prefetch("documents", queryset=Document.objects.select_related("request")),
                          "meetings")
        .order_by("created_at", "pk")
    )


def _take_on(request, officer):
    """An officer's first step on a new consultation (a message, a meeting) starts processing it.
    Called inside the step's transaction: a refused step undoes it."""
    if workflow.actor_kind(request, officer) == workflow.OFFICER and request.status in (
        Status.SUBMITTED, Status.RESUBMITTED
    ):
        workflow.perform(request, Action.PROCESS, officer)


def post_message(request, author, body, checked_files=(), language=None):
    """A message from the visitor or an officer, with files. An officer's first message starts
    processing; a visitor's message reopens a consultation closed for silence (within 30 days)."""
    with transaction.atomic():
        _take_on(request, author)
        is_visitor = workflow.actor_kind(request, author) == workflow.VISITOR
        if is_visitor and request.status == Status.CLOSED_INACTIVE:
            workflow.perform(request, Action.REOPEN, author, language=language)
        return perform_with_documents(request, Action.MESSAGE, author, checked_files, note=body,
                                      language=language)


def propose_meeting(request, officer, *, kind, starts_at, duration_minutes, place="", link="", note=""):
    """A follow-up proposal; on a request not yet taken on it starts processing, as a message does."""
    with transaction.atomic():
        _take_on(request, officer)
        event = workflow.perform(request, Action.PROPOSE_MEETING, officer, note=note)
        meeting = Meeting.objects.create(
            request=request, proposed_by=officer, kind=kind, starts_at=starts_at,
            duration_minutes=duration_minutes, place=place, link=link, event=event,
        )
    return meeting


def answer_meeting(request, visitor, token, accept, note="", language=None):
    action = Action.ACCEPT_MEETING if accept else Action.DECLINE_MEETING
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().filter(request=request, token=token).first()
        answer = Meeting.Answer.ACCEPTED if accept else Meeting.Answer.DECLINED
        if meeting is not None and meeting.answer == answer and meeting.answer_event_id \
                and meeting.answer_event.actor_id == visitor.pk:
            return meeting  # the same answer sent twice: the first one stands
        if meeting is None or meeting.answer != Meeting.Answer.PROPOSED:
            raise workflow.ActionRefused(_("Usulan pertemuan ini sudah dijawab atau tidak ada."))
        event = workflow.perform(request, action, visitor, note=note, language=language)
        meeting.answer = answer
        meeting.answered_at = event.created_at
        meeting.answer_event = event
        meeting.save(update_fields=["answer", "answered_at", "answer_event"])
    return meeting


def record_walk_in(officer, standard, *, guest_name, guest_contact, guest_institution, topic, question,
                   answer, duration_minutes, visitor=None):
    """A consultation answered at the desk: recorded complete, so it counts in the office's figures."""
    with transaction.atomic():
        request = Request.objects.create(
            office=standard.office, service_kind=standard.service_kind, standard=standard,
            channel=Channel.WALK_IN, visitor=visitor, purpose=question, submitted_at=timezone.now(),
            submission_token=uuid.uuid4(), assigned_to=officer,
        )
        Consultation.objects.create(
            request=request, topic=topic, guest_name=guest_name, guest_contact=guest_contact,
            guest_institution=guest_institution, duration_minutes=duration_minutes,
        )
        request.record_requirements_met_at_desk()
        workflow.perform(request, Action.RECORD_WALK_IN, officer, note=answer)
    return request


# The silence job (Celery beat): warn two days before, close after seven days.

def silent_consultations(older_than, now=None):
    now = now or timezone.now()
    return Consultation.objects.filter(
        awaiting_visitor_since__lte=now - older_than,
        request__status__in=(Status.SUBMITTED, Status.RESUBMITTED, Status.IN_PROCESS),
    )


def warn_silent_consultations(now=None):
    """Warn each visitor whose consultation closes in two days, once: the warning is an event written
    through the workflow as the system, in the transaction that marks it sent; the notifier emails it
    after commit. Returns how many."""
    now = now or timezone.now()
    due = silent_consultations(SILENCE - SILENCE_WARNING_BEFORE, now).filter(
        silence_warning_sent_at__isnull=True
    )
    warned = 0
    for details_pk, request_pk, visitor_pk in due.values_list("pk", "request_id", "request__visitor_id"):
        try:
            with transaction.atomic():
                claimed = Consultation.objects.filter(
                    pk=details_pk, silence_warning_sent_at__isnull=True
                ).update(silence_warning_sent_at=now)
                if claimed and visitor_pk is not None:  # a guest without an account has nobody to warn
                    workflow.perform(Request.objects.get(pk=request_pk), Action.SILENCE_WARNING,
                                     None, now=now)
                warned += claimed
        except workflow.ActionRefused:
            continue  # answered or closed meanwhile
    return warned


def close_silent_consultations(now=None):
    """Close each consultation whose visitor has not answered for seven days. Returns how many."""
    now = now or timezone.now()
    closed = 0
    for request_pk in silent_consultations(SILENCE, now).values_list(
        "request_id", flat=True
    ):
        request = Request.objects.get(pk=request_pk)
        try:
            workflow.perform(request, Action.CLOSE_INACTIVE, None, now=now)
        except workflow.ActionRefused:
            continue  # answered or closed meanwhile
        closed += 1
    return closed


# From answer to article

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
NUMBER_LIKE_ID = re.compile(r"(?<!\d)(?:\+?\d[\d .-]{7,}\d)(?!\d)")  # phone numbers, NIK, NPWP


def anonymize(text, names=()):
    """Remove emails, phone/ID numbers and the given names from ``text``."""
    text = EMAIL.sub("[email]", text)
    # Ten digits or more: a phone, NIK or NPWP number; figures and year ranges are kept.
    text = NUMBER_LIKE_ID.sub(
        lambda m: "[nomor]" if sum(c.isdigit() for c in m.group()) >= 10 else m.group(), text
    )
    for name in names:
        for part in [name, *name.split()]:
            if len(part) > 2:
                text = re.sub(rf"\b{re.escape(part)}\b", "[nama]", text, flags=re.IGNORECASE)
    return text


def article_from_consultation(request, officer):
    """A draft article from the question and the officers' answers, without the visitor's identity."""
    visitor_names = []
    if request.visitor_id:
        visitor_names.append(request.visitor.full_name)
    details = getattr(request, "consultation", None)
    if details and details.guest_name:
        visitor_names.append(details.guest_name)
    names = [n for n in visitor_names if n]
    answers = [
        event.note for event in conversation(request)
        if event.action == Action.MESSAGE and event.actor_id != request.visitor_id
    ]
    if request.closing_note:
        answers.append(request.closing_note)
    question = anonymize(request.purpose, names)
    body = "\n\n".join([question, *(anonymize(a, names) for a in answers)])
    title = question.split("\n")[0][:150]
    slug = unique_article_slug(title)
    topic = details.topic if details and details.topic in Article.Topic.values else Article.Topic.DATA
    return Article.objects.create(
        slug=slug, title=title, body=body, topic=topic, office=request.office,
        author=officer, source_request=request, status=Article.Status.DRAFT,
    )


def unique_article_slug(title):
    base = slugify(title)[:80] or "artikel"
    slug = base
    while Article.objects.filter(slug=slug).exists():
        slug = f"{base}-{uuid.uuid4().hex[:6]}"
    return slug
