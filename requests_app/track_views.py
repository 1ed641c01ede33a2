"""/lacak/: anyone with a code sees status and due date; the signed-in owner is sent to the full page."""
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pst_portal.clients import client_ip
from requests_app.access import reached_office
from requests_app.deadlines import urgency, working_days_left
from requests_app.forms import TrackForm
from requests_app.models import Request

LOOKUPS_PER_MINUTE = 20


def _rate_limited(request):
    """Codes cannot be enumerated: each address gets a few lookups a minute."""
    key = f"track:{client_ip(request) or ''}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=60)
        count = 1
    return count > LOOKUPS_PER_MINUTE


def track(request):
    form = TrackForm(request.GET or None)
    found = None
    status = 200
    if form.is_bound and form.is_valid():
        if _rate_limited(request):
            form.add_error("kode", _("Terlalu banyak pencarian dari alamat Anda. "
                                     "Coba lagi dalam satu menit."))
            status = 429
        else:
            found = (reached_office(Request.objects).select_related("office", "service_kind")
                     .filter(code=form.cleaned_data["kode"]).first())
            user = request.user
            if found and user.is_authenticated and found.visitor_id == user.pk:
                return redirect(found)
            if found is None:
                form.add_error("kode", _("Tidak ada permintaan dengan kode ini. Periksa kembali kodenya."))
                status = 404
    context = {"form": form, "found": found}
    if found:
        context.update(urgency=urgency(found), days_left=working_days_left(found), zone=found.office.zone)
    return render(request, "requests_app/track.html", context, status=status)
