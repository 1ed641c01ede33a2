"""Officers' and heads' side: the office queue, a request's full page and its actions."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.roles import role_required
from requests_app import workflow
from requests_app.access import get_request_for, visible_requests
from requests_app.deadlines import urgency, working_days_left
from requests_app.figures import PARAMS as FIGURE_PARAMS
from requests_app.figures import workspace_figures
from requests_app.forms import AssignForm, NoteForm
from requests_app.models import Status
from requests_app.pages import request_page_context
from requests_app.queue import QueuePaginator, office_queue, status_counts, urgency_counts
from requests_app.registry import approval_related, desk_links, service_for, workspace_panels
from requests_app.remote_forms import remote_standards
from requests_app.worklists import OWN_WORK_LIMIT, escalations_received, own_work, very_overdue
from services.catalogue import selectors
from services.catalogue.calendar import WorkingCalendar
from services.catalogue.models import Standard

QUEUE_PAGE_SIZE = 25
APPROVALS_PAGE_SIZE = 25
# What the page's action buttons and internal-note form post to ``staff_act``.
PAGE_ACTIONS = frozenset({*workflow.STATE_ACTIONS, workflow.Action.CLAIM, workflow.Action.NOTE})


def page_actions(service_request):
    """The state actions the staff page offers as plain buttons for this request's service."""
    panel = service_for(service_request).panel_actions
    return tuple(action for action in workflow.STATE_ACTIONS if action not in panel)


def _office_overview(office):
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
        "desk_links": desk_links(),
        "records_remote": remote_standards(office).exists(),
    }


def _queue_context(request, calendar):
    user = request.user
    queue_filter, rows = office_queue(user, request.GET)
    page = QueuePaginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("halaman"))
    for row in page:
        row.days_left = working_days_left(row, calendar=calendar)
    query = request.GET.copy()
    query.pop("halaman", None)
    return {
        # The filters wait behind their button unless some are in use.
        "filters_active": any(value for name, value in query.items()
                              if name not in FIGURE_PARAMS and (name != "view" or value != "open")),
        "filter": queue_filter,
        "page": page,
        "page_query": query.urlencode(),
        "status_counts": status_counts(user),
        "urgency_counts": urgency_counts(user),
    }


@role_required(Role.OFFICER)
def officer_workspace(request):
    calendar = WorkingCalendar(request.user.office)
    context = {"workspace_title": gettext_lazy("Ruang kerja petugas"),
               **_office_overview(request.user.office), **_queue_context(request, calendar),
               **workspace_figures(request.user, request.GET),
               # The officer's own late and at-risk work, before the office's queue.
               "own_work": own_work(request.user, calendar=calendar), "own_work_limit": OWN_WORK_LIMIT,
               "workspace_panels": workspace_panels(request.user)}
    return render(request, "requests_app/queue.html", context)


def _approvals_context(request, calendar):
    """The head's requests awaiting approval, a page of them at a time, the most urgent first."""
    awaiting = (visible_requests(request.user).filter(status=Status.AWAITING_APPROVAL)
                .select_related("office", "service_kind", "visitor", *approval_related())
                .order_by(F("due_at").asc(nulls_last=True), "submitted_at", "pk"))
    page = Paginator(awaiting, APPROVALS_PAGE_SIZE).get_page(request.GET.get("persetujuan"))
    for item in page:
        item.approval_title = service_for(item).approval_title(item)
        item.days_left = working_days_left(item, calendar=calendar)
        item.urgency_value = urgency(item)
    query = request.GET.copy()
    query.pop("persetujuan", None)
    return {"awaiting_approval": page, "approvals_query": query.urlencode()}


@role_required(Role.HEAD)
def head_workspace(request):
    calendar = WorkingCalendar(request.user.office)
    context = {"workspace_title": gettext_lazy("Ruang kerja kepala kantor"),
               **_office_overview(request.user.office), **_queue_context(request, calendar),
               **workspace_figures(request.user, request.GET)}
    context.update(_approvals_context(request, calendar))
    context["open_escalations"], context["recent_escalations"] = escalations_received(request.user)
    context["very_overdue"] = very_overdue(request.user, calendar=calendar)
    context["workspace_panels"] = workspace_panels(request.user)
    return render(request, "requests_app/head.html", context)


def render_staff_detail(request, service_request, *, status=200, **forms):
    """The staff page of a request; ``forms`` are bound forms (with their errors) to show again."""
    user = request.user
    service = service_for(service_request)
    context = request_page_context(request, service_request)
    context.update(
        # Each step this service offers now, with one line on what it does.
        actions=[(rule, service.hint(rule))
                 for rule in workflow.allowed_actions(service_request, user, page_actions(service_request))],
        claim_hint=workflow.RULES[workflow.Action.CLAIM].hint,
        can_claim=workflow.may(service_request, workflow.Action.CLAIM, user),
        can_assign=workflow.may(service_request, workflow.Action.ASSIGN, user,
                                assignee=service_request.assigned_to or user),
        can_note=workflow.may(service_request, workflow.Action.NOTE, user),
        note_form=forms.get("note_form"),
        assign_form=AssignForm(office=service_request.office,
                               initial={"version": service_request.version,
                                        "officer": service_request.assigned_to_id}),
        version=service_request.version,
        panels=service.staff_panels,
    )
    context.update(service.staff_context(request, service_request, forms))
    return render(request, "requests_app/staff_detail.html", context, status=status)


@role_required(Role.OFFICER, Role.HEAD)
def staff_detail(request, code):
    return render_staff_detail(request, get_request_for(request.user, code))


@role_required(Role.OFFICER, Role.HEAD)
@require_POST
def staff_act(request, code):
    """A state action, a claim or an internal note, guarded by the version the page showed."""
    service_request = get_request_for(request.user, code)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render_staff_detail(request, service_request, note_form=form, status=400)
    data = form.cleaned_data
    try:
        if data["action"] not in PAGE_ACTIONS - service_for(service_request).panel_actions:
            # Steps that carry data (an order's price, a billing code, a review, files) have their own forms.
            raise workflow.ActionRefused(
                _("Tindakan ini dilakukan dengan formulirnya sendiri di halaman ini."))
        event = workflow.perform(service_request, data["action"], request.user, note=data["note"],
                                 expected_version=data["version"])
    except workflow.ActionRefused as refused:
        service_request.refresh_from_db()
        form.add_error(None, str(refused))
        return render_staff_detail(request, service_request, note_form=form, status=409)
    messages.success(request, _("Tersimpan: %(label)s.") % {"label": event.action_label})
    return redirect(service_request.get_staff_url())


@role_required(Role.OFFICER, Role.HEAD)
@require_POST
def staff_assign(request, code):
    service_request = get_request_for(request.user, code)
    form = AssignForm(request.POST, office=service_request.office)
    if form.is_valid():
        try:
            workflow.perform(service_request, workflow.Action.ASSIGN, request.user,
                             assignee=form.cleaned_data["officer"],
                             expected_version=form.cleaned_data["version"])
            messages.success(request, _("Permintaan ditugaskan kepada %(name)s.")
                             % {"name": form.cleaned_data["officer"].get_full_name()})
        except workflow.ActionRefused as refused:
            messages.error(request, str(refused))
    else:
        messages.error(request, _("Pilih petugas aktif dari kantor ini."))
    return redirect(service_request.get_staff_url())
