"""The one place requests are scoped by who is asking.

A visitor sees only their own requests; officers and heads only their office's.
Anyone else gets nothing, and fetching a request one may not see is a 404.
"""
from django.http import Http404

from accounts.models import Role

from .models import Document, Request, RequestEvent


def visible_requests(user):
    if not user.is_authenticated or not user.is_active:
        return Request.objects.none()
    if user.role == Role.VISITOR:
        return Request.objects.filter(visitor=user)
    if user.role in (Role.OFFICER, Role.HEAD) and user.office_id:
        # Staff see no visitor's draft; a walk-in draft is the one the officer is recording at the desk.
        return Request.objects.filter(office_id=user.office_id).exclude(status="draft", channel="online")
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
    return user.role in (Role.OFFICER, Role.HEAD) and user.office_id == request.office_id


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
