"""The lines the portal writes on an order's timeline, from their parameters, in the reader's language
(``RequestEvent.display_note``): what an officer's step fixed (the total, the billing code, the links'
expiry, the signer at the desk, a prepared file) reads in English on an English page."""
import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from services.catalogue.models import Office
from services.product_sales.pricing import rupiah


def _local(params, key, fmt):
    moment = datetime.datetime.fromisoformat(params[key])
    office = Office.objects.filter(code=params["office"]).first()
    return date_format(timezone.localtime(moment, office.zone if office else None), fmt)


def total_note(params):
    note = _("Total %(total)s menurut %(regulation)s.") % {"total": rupiah(params["total"]),
                                                         "regulation": params["regulation"]}
    if params.get("zero_purpose"):
        note += " " + _("Tarif Rp0: %(purpose)s.") % {"purpose": params["zero_purpose"]}
    return note


def billing_note(params):
    return _("Kode billing %(code)s, %(total)s, berlaku sampai %(expiry)s %(zone)s.") % {
        "code": params["code"], "total": rupiah(params["total"]),
        "expiry": _local(params, "expires_at", "j F Y H.i"), "zone": params["zone"]}


def desk_sppd_note(params):
    return _("SPPD ditandatangani di meja layanan oleh %(name)s.") % {"name": params["name"]}


def prepared_file_note(params):
    note = f"{params['product']}: {params['file']}"
    if params.get("other_format"):
        note += " " + _("(format berbeda dari pesanan %(format)s, dikonfirmasi petugas)") % {
            "format": params["other_format"]}
    return note


def links_note(params):
    return _("Tautan unduhan berlaku sampai %(date)s.") % {"date": _local(params, "expires_at", "j F Y")}


def link_expiry_note(params):
    days = params["days"]
    return ngettext("Tautan unduhan Anda kedaluwarsa %(days)d hari kerja lagi.",
                    "Tautan unduhan Anda kedaluwarsa %(days)d hari kerja lagi.", days) % {"days": days}


NOTE_TEXTS = {
    "link_expiry": link_expiry_note, "order_total": total_note, "billing": billing_note,
    "desk_sppd": desk_sppd_note, "prepared_file": prepared_file_note, "links_until": links_note,
}
