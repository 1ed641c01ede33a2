"""The one place requests are scoped by who is asking.

A visitor sees only their own requests; officers and heads only their office's.
Anyone else gets nothing, and fetching a request one may not see is a 404.
"""
from django.db.models import Q
from django.http import Http404

from accounts.models import Role
from requests_app.models import Document, Request, RequestEvent, Status
from services.catalogue.models import Channel

# What reached the office: filed (submitted or recorded at the desk). A visitor's draft never did, nor a
# draft cancelled before drafts were discarded (cancelled, submitted_at NULL): only its visitor sees it.
REACHED_OFFICE = Q(submitted_at__isnull=False)
# The walk-in draft an officer is recording at the desk is the office's own work.
RECORDED_AT_THE_DESK = Q(status=Status.DRAFT, channel=Channel.WALK_IN)


def reached_office(requests):
    """The requests of ``requests`` the office received: what /lacak/ finds and staff may open."""
    return requests.filter(REACHED_OFFICE)


def visible_requests(user):
    if not user.is_authenticated or not user.is_active:
        return Request.objects.none()
    if user.role == Role.VISITOR:
        return Request.objects.filter(visitor=user)
    if user.role in (Role.OFFICER, Role.HEAD) and user.office_id:
        return Request.objects.filter(office_id=user.office_id).filter(REACHED_OFFICE | RECORDED_AT_THE_DESK)
    return Request.objects.none()


def get_request_for(user, code):
    request = (
        visible_requests(user)
        .select_related("office", "service_kind", "standard", "visitor", "assigned_to")
        .filter(code=code)
        .first()
    )
    if request is None:
        raise Http404("No such request for this user.")
    return request


def is_staff_of(user, request):
    """The one definition of "staff of this request's office": an active officer or head of it."""
    return (user.is_authenticated and user.is_active and user.role in (Role.OFFICER, Role.HEAD)
            and user.office_id is not None and user.office_id == request.office_id)


def timeline_for(user, request):
    """Events the user may read: the visitor never sees internal notes."""
    events = RequestEvent.objects.filter(request=request).select_related("actor")
    if not is_staff_of(user, request):
        events = events.filter(is_internal=False)
    return events


def get_document_for(user, code, token):
    request = get_request_for(user, code)
    document = Document.objects.filter(request=request, token=token).first()
    if document is None:
        raise Http404("No such document.")
    return document
