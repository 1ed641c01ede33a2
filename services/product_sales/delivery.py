"""Product sales: the steps of an order around the one workflow.

Each step that changes an order's state is a ``workflow.perform`` (so it is checked,
written on the timeline and notified) with the order's own data saved in the same
transaction. The rules on when a step is allowed live in ``ProductSalesService``.

The order's path: lines chosen → details (abstract, medium, Rp0 evidence) → SPPD
accepted and submitted → the officer checks the abstract (return or confirm: the
price is fixed) → billing → payment proof → verified → files attached → private
download links (or media picked up at the office) → completed.
"""
import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from requests_app import workflow
from requests_app.uploads import safe_name
from services.product_sales.models import Download, DownloadLink
from services.product_sales.rules import Action

# ---------------------------------------------------------------- the draft order



# The file extensions each ordered format is delivered as (a shapefile travels zipped).
FORMAT_EXTENSIONS = {
    "PDF": (".pdf",), "CSV": (".csv",), "SAV": (".sav",), "DTA": (".dta",), "XLSX": (".xlsx",),
    "SHP": (".zip",), "GEOJSON": (".geojson",),
}


def matches_format(line, extension):
    """Whether a prepared file of ``extension`` is the format the line was ordered in."""
    return extension.lower() in FORMAT_EXTENSIONS.get(line.format.upper(), ())


@transaction.atomic
def prepare_file(request, officer, line, checked_file, *, accept_other_format=False, expected_version=None,
                 now=None):
    """Attach the prepared file to one line (replacing an earlier one). A file of another format than
    the line was ordered in is refused unless the officer explicitly accepts it. The same file sent
    twice from one page is stored once."""
    uploaded, content_type, extension = checked_file
    name = safe_name(uploaded.name)
    note = f"{line.product.title}: {name}"
    if not matches_format(line, extension):
        if not accept_other_format:
            raise workflow.ActionRefused(
                _(
                    "Berkas %(name)s bukan format %(format)s yang dipesan untuk %(product)s. Lampirkan "
                    "berkas %(format)s, atau centang konfirmasi bila format lain memang disepakati."
                )
                % {"name": name, "format": line.format, "product": line.product.title}
            )
        note += " " + _("(format berbeda dari pesanan %(format)s, dikonfirmasi petugas)") % {
            "format": line.format
        }
    params = {"kind": "prepared_file", "product": line.product.title, "file": name,
              "other_format": line.format if not matches_format(line, extension) else ""}
    event = workflow.perform(
        request, Action.PREPARE_FILE, officer, note=note, expected_version=expected_version, now=now,
        note_params=params,
    )
    if event.repeated:
        return event
    line = request.order.lines.get(pk=line.pk)
    line.file_extension = extension
    line.file.save("prepared", uploaded, save=False)
    line.file_name = name
    line.file_content_type = content_type
    line.file_size = uploaded.size
    line.prepared_at = event.created_at
    line.save()
    return event


def link_lifetime():
    return datetime.timedelta(days=settings.DOWNLOAD_LINK_DAYS)


def create_links(request, now):
    expires = now + link_lifetime()
    return [
        DownloadLink.objects.create(line=line, buyer=request.visitor, created_at=now, expires_at=expires)
        for line in request.order.lines.all()
    ]


def deliver(request, officer, *, renew=False, expected_version=None, now=None):
    """Every line's file is ready: the buyer gets private links that expire and the order completes;
    with ``renew``, new links for a delivered order whose links expired (the old ones stay expired).
    The links are made by ``record_step``."""
    now = now or timezone.now()
    expiry = date_format(timezone.localtime(now + link_lifetime(), request.office.zone), "j F Y")
    return workflow.perform(
        request,
        Action.RENEW_LINKS if renew else Action.DELIVER,
        officer,
        expected_version=expected_version,
        now=now,
        note=_("Tautan unduhan berlaku sampai %(date)s.") % {"date": expiry},
        note_params={"kind": "links_until", "expires_at": (now + link_lifetime()).isoformat(),
                     "office": request.office.code},
    )


def current_links(links=None):
    """Of ``links`` (every link by default), the newest of each line for its buyer: the links the
    buyer's page offers and is reminded of. An older one still opens until it expires."""
    links = DownloadLink.objects.all() if links is None else links
    newer = DownloadLink.objects.filter(line=OuterRef("line"), buyer=OuterRef("buyer")).filter(
        Q(created_at__gt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
    )
    return links.exclude(Exists(newer))


def links_for(request, user, now=None):
    """The buyer's current links (the newest per line), with whether each has expired."""
    now = now or timezone.now()
    if request.visitor_id != user.pk:
        return []
    links = (
        current_links(DownloadLink.objects.filter(line__order__request=request, buyer=user))
        .select_related("line", "line__product__office", "line__order__request")
        .order_by("-created_at", "line_id")
    )
    return [(link, link.is_expired(now)) for link in links]


class LinkExpired(Exception):
    pass


def open_link(user, token, now=None):
    """The link for ``token`` if ``user`` is its buyer; None for anyone else or an unknown token.
    Raises ``LinkExpired`` after its expiry."""
    link = (
        DownloadLink.objects.select_related("line__product__office", "line__order__request")
        .filter(token=token)
        .first()
    )
    if link is None or not user.is_authenticated or link.buyer_id != user.pk:
        return None
    if link.is_expired(now):
        raise LinkExpired
    return link


def record_download(link, *, ip, user_agent, now=None):
    return Download.objects.create(
        link=link,
        downloaded_at=now or timezone.now(),
        ip_address=ip or None,
        user_agent=(user_agent or "")[:300],
    )


# ---------------------------------------------------------------- walk-in buyers


