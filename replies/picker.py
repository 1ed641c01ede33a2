"""The reply picker beside a text box staff write in (``{% text_helpers %}`` in the core's and the
services' templates): the office's templates for the subject's service, filled in for its visitor."""
from django.db.models import Q
from django.urls import reverse

from accounts.models import Role
from replies.models import ReplyTemplate

PICKER_TEMPLATE = "replies/_picker.html"


def subject_values(subject):
    """(office id, service kind id, name, code) of what a text is about: a request (its requester and
    tracking code) or another app's object with ``office_id``, optionally ``service_kind_id``, a name
    (``requester_name``, ``contact_name`` or ``name``) and a code (``code`` or ``tracking_code``)."""
    name = next((getattr(subject, attr) for attr in ("requester_name", "contact_name", "name")
                 if getattr(subject, attr, None)), "")
    code = getattr(subject, "code", None) or getattr(subject, "tracking_code", None) or ""
    return getattr(subject, "office_id", None), getattr(subject, "service_kind_id", None), name, code


def templates_for(office_id, service_kind_id):
    """The office's templates for every service and for this one."""
    scope = Q(service_kind__isnull=True)
    if service_kind_id:
        scope |= Q(service_kind_id=service_kind_id)
    return ReplyTemplate.objects.filter(office_id=office_id).filter(scope)


def picker_context(user, textarea_id, subject):
    """The picker's context for ``user`` writing in ``textarea_id`` about ``subject``; None for anyone
    but an active officer or head of the subject's office."""
    office_id, service_kind_id, name, code = subject_values(subject)
    if not (user.is_authenticated and user.is_active and user.role in (Role.OFFICER, Role.HEAD)
            and office_id and user.office_id == office_id):
        return None
    replies = [(reply.title, reply.filled(name, code)) for reply in templates_for(office_id, service_kind_id)]
    return {"textarea_id": textarea_id, "replies": replies, "manage_url": reverse("replies:list")}
