"""Staff workspaces. For now they show the office and the standards it works by;
the request queue, guest book and approvals arrive with the request workflow."""
from django.shortcuts import render

from accounts.models import Role
from accounts.roles import role_required
from services import selectors
from services.models import Standard


def _office_context(user):
    office = user.office
    standards = (
        Standard.objects.in_force()
        .filter(office=office)
        .select_related("service_kind")
        .prefetch_related("sections")
        .order_by("service_kind__order")
    )
    return {
        "office": office,
        "standards": standards,
        "hours": office.hours.all(),
        "complaint_channels": selectors.office_complaint_channels(office),
        "colleagues": office.staff.filter(is_active=True).order_by("role", "full_name"),
    }


@role_required(Role.OFFICER)
def officer_workspace(request):
    return render(request, "requests_app/officer_workspace.html", _office_context(request.user))


@role_required(Role.HEAD)
def head_workspace(request):
    return render(request, "requests_app/head_workspace.html", _office_context(request.user))
