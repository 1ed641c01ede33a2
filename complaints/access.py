"""The one place complaints are scoped: staff see their office's, a signed-in complainant their own, the
holder of a private link only that complaint (made without an account). Anything else is a 404."""
from django.http import Http404

from accounts.models import Role
from complaints.complaint_models import Complaint, ComplaintAttachment


def visible_complaints(user):
    if not user.is_authenticated or not user.is_active:
        return Complaint.objects.none()
    if user.role in (Role.OFFICER, Role.HEAD) and user.office_id:
        return Complaint.objects.filter(office_id=user.office_id)
    return Complaint.objects.filter(complainant=user)


def get_complaint_for(user, code, *, staff=False):
    complaints = visible_complaints(user)
    if staff:
        complaints = complaints.filter(office_id=getattr(user, "office_id", None))
    else:
        complaints = complaints.filter(complainant=user)
    complaint = complaints.select_related("office", "complainant", "request").filter(code=code).first()
    if complaint is None:
        raise Http404("No such complaint for this user.")
    return complaint


def get_by_private_link(token):
    complaint = (Complaint.objects.select_related("office", "request")
                 .filter(private_token=token, complainant__isnull=True).first())
    if complaint is None or not token:
        raise Http404("No such private link.")
    return complaint


def attachment_of(complaint, token):
    attachment = ComplaintAttachment.objects.filter(complaint=complaint, token=token).first()
    if attachment is None:
        raise Http404("No such attachment.")
    return attachment


def timeline_for(complaint, staff):
    events = complaint.events.select_related("actor")
    return events if staff else events.filter(is_internal=False)
