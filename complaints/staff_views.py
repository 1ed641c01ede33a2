"""The office's complaint pages: the queue (the head sees escalations first), the detail with its
actions and answer form, recording another channel's complaint, and the office's response deadline."""
import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.roles import role_required
from complaints import access, filing, machine
from complaints.complaint_models import OPEN_COMPLAINT_STATUSES, ComplaintSettings, ComplaintStatus
from complaints.forms import AnswerForm, RecordComplaintForm, SettingsForm
from complaints.views import attachment_response, attachments_of, office_channels

STAFF = (Role.OFFICER, Role.HEAD)


@role_required(*STAFF)
def queue(request):
    office = request.user.office
    complaints = access.visible_complaints(request.user).select_related("office")
    status = request.GET.get("status", "open")
    shown = complaints.filter(status__in=OPEN_COMPLAINT_STATUSES).order_by("due_at") if status == "open" \
        else complaints.filter(status=status) if status in ComplaintStatus.values else complaints
    escalated = complaints.filter(escalated_at__isnull=False).order_by("-escalated_at")[:20] \
        if request.user.role == Role.HEAD else None
    return render(request, "complaints/queue.html", {
        "office": office, "complaints": shown[:200], "status": status, "escalated": escalated,
        "statuses": ComplaintStatus.choices, "now": timezone.now(), "channels": office_channels(office)})


@role_required(*STAFF)
def staff_detail(request, complaint):
    found = access.get_complaint_for(request.user, complaint, staff=True)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action != machine.ANSWER or form.is_valid():
            try:
                machine.perform(found, action, request.user, note=request.POST.get("note", ""))
                messages.success(request, _("Pengaduan diperbarui."))
                return redirect("complaints:staff_detail", found.code)
            except machine.Refused as refusal:
                messages.error(request, str(refusal))
    return render(request, "complaints/staff_detail.html", {
        "complaint": found, "office": found.office, "form": form,
        "timeline": access.timeline_for(found, staff=True), "channels": office_channels(found.office),
        "actions": [rule.action for rule in machine.allowed_actions(found, request.user)],
        "attachments": attachments_of(found, "complaints:staff_file", found.code), "now": timezone.now()})


@role_required(*STAFF)
def staff_file(request, complaint, attachment):
    found = access.get_complaint_for(request.user, complaint, staff=True)
    return attachment_response(access.attachment_of(found, attachment))


@role_required(*STAFF)
def record(request):
    office = request.user.office
    form = RecordComplaintForm(request.POST or None, request.FILES or None, office=office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received_at = None
        if data.get("received_on") and data["received_on"] != timezone.localdate(timezone.now(), office.zone):
            received_at = datetime.datetime.combine(data["received_on"], datetime.time(12, 0),
                                                    tzinfo=office.zone)
        complaint = filing.record_other_channel(
            officer=request.user, channel=data["channel"], subject=data["subject"], text=data["text"],
            received_at=received_at, lapor_reference=data.get("lapor_reference", ""), request=data["request"],
            full_name=data.get("full_name", ""), email=data.get("email", ""), phone=data.get("phone", ""),
            checked_files=data["files"])
        messages.success(request, _("Pengaduan tercatat dengan kode %(code)s.") % {"code": complaint.code})
        return redirect("complaints:staff_detail", complaint.code)
    return render(request, "complaints/record.html", {"form": form, "office": office,
                                                      "channels": office_channels(office)})


@role_required(Role.HEAD)
def office_settings(request):
    office = request.user.office
    row, _created = ComplaintSettings.objects.get_or_create(office=office)
    form = SettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Batas waktu tanggapan disimpan; berlaku untuk pengaduan yang diterima "
                                    "sesudah ini."))
        return redirect("complaints:queue")
    return render(request, "complaints/settings.html", {"form": form, "office": office,
                                                        "channels": office_channels(office)})
