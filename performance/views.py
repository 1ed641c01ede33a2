"""The head's dashboard (/kepala/kinerja/), the officer's own figures (/petugas/kinerja/), their exports,
and the public figures of an office (/layanan/<office code>/kinerja/). Each staff page is its user's
office only; the officer's counts only the requests assigned to them and the tickets they called."""
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.roles import role_required
from pst_portal.page_cache import cached_public_page
from services.catalogue.models import Office

from . import exports
from .charts import bar_chart
from .figures import complaints_place, ikm_place, period_tables
from .periods import Period, chosen_period, period_query

PANEL_TEMPLATE = "performance/workspace_panel.html"
FORMATS = {"csv": ("text/csv; charset=utf-8", exports.as_csv),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.as_xlsx)}


def workspace_panel(user):
    """The workspace's link to the user's figures (the head's dashboard, or the officer's own)."""
    if user.role == Role.HEAD:
        return {"url": reverse("performance:head"), "label": _("Dasbor kinerja kantor")}
    return {"url": reverse("performance:officer"), "label": _("Kinerja saya")}


def _charts(tables):
    return [
        bar_chart(_("Diajukan dan selesai per layanan"), tables.by_service,
                  ((_("Diajukan"), "filed", "bar-filed"), (_("Selesai"), "completed", "bar-done"))),
        bar_chart(_("Tepat waktu per kanal (%)"), tables.by_channel,
                  ((_("Tepat waktu (%)"), "on_time_percent", "bar-on-time"),), maximum=100, suffix=" %"),
    ]


def _dashboard(request, officer, export_name, title):
    office = request.user.office
    form, period = chosen_period(office, request.GET)
    tables = period_tables(office, period, officer=officer)
    query = period_query(period)
    return render(request, "performance/dashboard.html", {
        "title": title, "office": office, "form": form, "period": period, "tables": tables,
        "charts": _charts(tables) if tables.by_service else [],
        "export_name": export_name, "export_query": "&".join(f"{k}={v}" for k, v in query.items()),
        "ikm": ikm_place(office, period, officer), "complaints": complaints_place(office, period, officer),
        "is_head": officer is None,
    })


@role_required(Role.HEAD)
def head_dashboard(request):
    return _dashboard(request, None, "performance:head_export", _("Dasbor kinerja kantor"))


@role_required(Role.OFFICER)
def officer_dashboard(request):
    return _dashboard(request, request.user, "performance:officer_export", _("Kinerja saya"))


def _export(request, officer, table, fmt):
    if table not in exports.TABLES or fmt not in FORMATS:
        raise Http404("No such table or format.")
    office = request.user.office
    _form, period = chosen_period(office, request.GET)
    content_type, build = FORMATS[fmt]
    data = build(office, period, exports.table_of(period_tables(office, period, officer=officer), table))
    name = slugify(f"kinerja-{office.code}-{table}-{period.first_day:%Y%m%d}-{period.last_day:%Y%m%d}")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@role_required(Role.HEAD)
def head_export(request, table, fmt):
    return _export(request, None, table, fmt)


@role_required(Role.OFFICER)
def officer_export(request, table, fmt):
    return _export(request, request.user, table, fmt)


@cached_public_page
def public_figures(request, office_code):
    """This year's volumes and on-time share of one office, for anyone: counts only, no person."""
    office = get_object_or_404(Office, code=office_code)
    today = timezone.localtime(timezone.now(), office.zone).date()
    period = Period("tahun-ini", _("Tahun ini"), today.replace(month=1, day=1), today)
    tables = period_tables(office, period)
    return render(request, "performance/public.html", {
        "office": office, "period": period, "tables": tables,
        "charts": _charts(tables)[:1] if tables.by_service else [], "ikm": ikm_place(office, period),
    })
