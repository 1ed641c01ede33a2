"""Staff workspaces. For now they show the office and the standards it works by;
the request queue, guest book and approvals arrive with the request workflow."""
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.roles import role_required
from services import selectors
from services.models import Standard


def _workspace(request, title):
    office = request.user.office
    standards = (
        Standard.objects.in_force()
        .filter(office=office)
        .select_related("service_kind")
        .prefetch_related("sections")
        .order_by("service_kind__order")
    )
    context = {
        "workspace_title": title,
        "office": office,
        "standards": standards,
        "hours": office.hours.all(),
        "complaint_channels": selectors.office_complaint_channels(office),
        "colleagues": office.staff.filter(is_active=True).order_by("role", "full_name"),
    }
    return render(request, "requests_app/workspace.html", context)


@role_required(Role.OFFICER)
def officer_workspace(request):
    return _workspace(request, _("Ruang kerja petugas"))


@role_required(Role.HEAD)
def head_workspace(request):
    return _workspace(request, _("Ruang kerja kepala kantor"))
