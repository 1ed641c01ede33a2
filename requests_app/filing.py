"""Filing a request and attaching documents: the steps a visitor takes before and
around the workflow's transitions."""
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from requests_app import workflow
from requests_app.models import DiscardedDraft, Document, Request, Status
from requests_app.storage import private_storage
from requests_app.uploads import safe_name
from services.catalogue.models import Channel, Requirement


def online_section(standard):
    section = next((s for s in standard.sections.all() if s.channel == Channel.ONLINE), None)
    if section is None:
        raise Http404("This standard has no online channel.")
    return section


def store_document(request, checked_file, actor, requirement=None, event=None):
    """Save one checked upload ``(file, content_type, extension)``, with the event that brought it;
    a new document for a requirement replaces (and keeps) the current one."""
    uploaded, content_type, extension = checked_file
    previous = None
    if requirement is not None:
        previous = request.documents.filter(requirement=requirement, is_current=True).first()
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current"])
    document = Document(
        request=request,
        requirement=requirement,
        original_name=safe_name(uploaded.name),
        content_type=content_type,
        extension=extension,
        size=uploaded.size,
        uploaded_by=actor,
        replaces=previous,
        event=event,
    )
    document.file.save("upload", uploaded, save=False)
    document.save()
    return document


def draft_for_token(visitor, standard, token, *, channel=Channel.ONLINE, purpose="", language="id"):
    """The visitor's request for the form token ``token``, made as a draft the first time: a form
    sent twice gives the same request. Returns (request, created); another visitor's token is a 404."""
    if Request.objects.filter(submission_token=token).exclude(visitor=visitor).exists():
        raise Http404("This form token belongs to someone else.")
    return Request.objects.select_for_update().get_or_create(
        submission_token=token,
        visitor=visitor,
        defaults={
            "office": standard.office,
            "service_kind": standard.service_kind,
            "standard": standard,
            "channel": channel,
            "purpose": purpose,
            "language": language,
        },
    )


@transaction.atomic
def save_draft(*, visitor, standard, token, purpose, confirmed_ids, files_by_requirement, supporting,
               language):
    """Create the visitor's draft for ``token`` (or update it: a double submit of the form
    gives the same draft), with its confirmations and documents."""
    section = online_section(standard)
    request, _created = draft_for_token(visitor, standard, token, purpose=purpose, language=language)
    if request.status != Status.DRAFT:
        return request
    request.purpose = purpose
    request.language = language
    request.save(update_fields=["purpose", "language", "updated_at"])
    allowed = {r.pk for r in section.requirements.all() if r.evidence == Requirement.Evidence.CONFIRM}
    request.confirmed_requirements.set([pk for pk in confirmed_ids if pk in allowed])
    for requirement, checked in files_by_requirement.items():
        store_document(request, checked, visitor, requirement=requirement)
    for checked in supporting:
        store_document(request, checked, visitor)
    return request


@transaction.atomic
def perform_with_documents(request, action, actor, checked_files, *, note="", expected_version=None,
                           language=None):
    """Take ``action`` with files attached to its event. A refused action stores nothing."""
    event = workflow.perform(request, action, actor, note=note, expected_version=expected_version,
                             language=language)
    if event.repeated:  # sent twice: the first one's files are there
        return event
    for checked in checked_files:
        store_document(request, checked, actor, event=event)
    return event


def add_documents(request, actor, checked_files, note="", language=None):
    """Attach documents to an open request, as one timeline event."""
    names = ", ".join(safe_name(f[0].name) for f in checked_files)
    return perform_with_documents(request, workflow.Action.ADD_DOCUMENTS, actor, checked_files,
                                  note=note or names, language=language)


def answer_return(request, actor, note, checked_files, expected_version, language=None):
    """The visitor's answer to a return: new documents and a note, as one resubmission."""
    return perform_with_documents(request, workflow.Action.RESUBMIT, actor, checked_files, note=note,
                                  expected_version=expected_version, language=language)


def discard_draft(request, visitor):
    """The visitor throws away their own draft (after confirming it). A draft never reached the office:
    it is deleted with its documents and their files, so no staff list or count ever sees it."""
    with transaction.atomic():
        locked = Request.objects.select_for_update().filter(pk=request.pk).first()
        if locked is None:  # discarded already (the button pressed twice)
            return
        mine = locked.visitor_id == visitor.pk and locked.channel == Channel.ONLINE
        if locked.status != Status.DRAFT or not mine:
            raise workflow.ActionRefused(_("Hanya draf Anda sendiri yang belum dikirim yang dapat dibuang."))
        names = [name for name in locked.documents.values_list("file", flat=True) if name]
        DiscardedDraft.objects.get_or_create(visitor=visitor, code=locked.code)
        locked.delete()
        transaction.on_commit(lambda: [private_storage().delete(name) for name in names])


def was_discarded(visitor, code):
    """Whether ``visitor`` discarded their own draft of this code (so a second press is answered)."""
    return DiscardedDraft.objects.filter(visitor=visitor, code=code).exists()
