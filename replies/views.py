"""/petugas/balasan/: an office's reply templates, kept by its officers and head (another office's
template is a 404)."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.roles import role_required
from replies.forms import ReplyTemplateForm
from replies.models import PLACEHOLDERS, ReplyTemplate

STAFF = (Role.OFFICER, Role.HEAD)


def _own(request, pk):
    return get_object_or_404(ReplyTemplate, pk=pk, office_id=request.user.office_id)


@role_required(*STAFF)
def template_list(request):
    rows = (ReplyTemplate.objects.filter(office_id=request.user.office_id)
            .select_related("service_kind").order_by("service_kind__order", "title"))
    return render(request, "replies/list.html", {"rows": rows, "placeholders": PLACEHOLDERS})


def _edit(request, reply=None):
    form = ReplyTemplateForm(request.POST or None, instance=reply, office=request.user.office)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.updated_at = timezone.now()
        if saved.created_by_id is None:
            saved.created_by = request.user
        saved.save()
        messages.success(request, _("Templat balasan tersimpan: %(title)s.") % {"title": saved.title})
        return redirect("replies:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "replies/form.html", {"form": form, "reply": reply, "placeholders": PLACEHOLDERS},
                  status=status)


@role_required(*STAFF)
def template_add(request):
    return _edit(request)


@role_required(*STAFF)
def template_edit(request, pk):
    return _edit(request, _own(request, pk))


@role_required(*STAFF)
def template_delete(request, pk):
    reply = _own(request, pk)
    if request.method == "POST":
        reply.delete()
        messages.success(request, _("Templat balasan dihapus: %(title)s.") % {"title": reply.title})
        return redirect("replies:list")
    return render(request, "replies/delete.html", {"reply": reply})
