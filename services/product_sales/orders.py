"""Product sales: the steps of an order around the one workflow.

Each step that changes an order's state is a ``workflow.perform`` (so it is checked,
written on the timeline and notified) with the order's own data saved in the same
transaction. The rules on when a step is allowed live in ``ProductSalesService``.

The order's path: lines chosen → details (abstract, medium, Rp0 evidence) → SPPD
accepted and submitted → the officer checks the abstract (return or confirm: the
price is fixed) → billing → payment proof → verified → files attached → private
download links (or media picked up at the office) → completed.
"""
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Segment
from accounts.validators import format_npwp, normalize_npwp
from requests_app import workflow
from requests_app.access import visible_requests
from requests_app.filing import store_document
from requests_app.models import Request, Status
from services.catalogue.models import Channel
from services.catalogue.pdf import render_pdf
from services.product_sales import pricing
from services.product_sales.delivery import create_links
from services.product_sales.models import Order, OrderLine, Product
from services.product_sales.rules import SERVICE_SLUG, Action

# ---------------------------------------------------------------- the draft order


def draft_order(visitor, standard):
    """The visitor's open draft order with this office (one at a time), made on first use."""
    request = existing_draft(visitor, standard.office)
    if request is None:
        request = Request.objects.create(
            office=standard.office,
            service_kind=standard.service_kind,
            standard=standard,
            channel=Channel.ONLINE,
            visitor=visitor,
            purpose="",
        )
    Order.objects.get_or_create(request=request)
    return request


def existing_draft(visitor, office):
    return (
        visible_requests(visitor).filter(
            office=office,
            status=Status.DRAFT,
            service_kind__slug=SERVICE_SLUG,
            channel=Channel.ONLINE,
        )
        .order_by("-created_at")
        .first()
    )


def _check_line(product, variables, fmt, office):
    if product.office_id != office.pk or not product.is_active:
        raise workflow.ActionRefused(_("Produk ini tidak dijual oleh kantor pesanan Anda."))
    if fmt not in product.format_list():
        raise workflow.ActionRefused(_("Pilih salah satu format yang tersedia untuk produk ini."))
    if any(v.product_id != product.pk for v in variables):
        raise workflow.ActionRefused(_("Variabel yang dipilih bukan milik produk ini."))


@transaction.atomic
def add_line(request, product, variables, fmt, token=None):
    """Add one product to a draft order. The form's token makes a double submit add it once.
    Choosing every variable is the full set."""
    if request.status != Status.DRAFT:
        raise workflow.ActionRefused(_("Pesanan yang sudah diajukan tidak dapat diubah."))
    variables = list(variables)
    _check_line(product, variables, fmt, request.office)
    if token is not None:
        existing = OrderLine.objects.filter(line_token=token).first()
        if existing is not None:
            if existing.order.request_id != request.pk:
                raise workflow.ActionRefused(_("Formulir ini sudah dipakai."))
            return existing
    if product.kind == Product.Kind.MICRODATA and len(variables) == product.variables.count():
        variables = []
    line = OrderLine.objects.create(order=request.order, product=product, format=fmt, line_token=token)
    line.variables.set(variables)
    return line


def remove_line(request, line_pk):
    if request.status != Status.DRAFT:
        raise workflow.ActionRefused(_("Pesanan yang sudah diajukan tidak dapat diubah."))
    OrderLine.objects.filter(order__request=request, pk=line_pk).delete()


def order_lines(order):
    return list(order.lines.select_related("product", "product__office").prefetch_related("variables"))


def needs_abstract(lines):
    return any(line.product.kind in (Product.Kind.MICRODATA, Product.Kind.MAP) for line in lines)


@transaction.atomic
def save_details(request, actor, *, abstract, medium, zero_rule=None, zero_evidence=None):
    """The order's abstract, medium and (optionally) the Rp0 rule asked for with its evidence."""
    order = request.order
    order.abstract = abstract.strip()
    order.medium = medium
    order.zero_rule = zero_rule
    if zero_rule is None:
        order.zero_evidence = None
    elif zero_evidence is not None:
        order.zero_evidence = store_document(request, zero_evidence, actor)
    order.save()
    # The request's purpose, as the queue and the tracking page show it.
    request.purpose = order.abstract or "; ".join(line.product.title for line in order_lines(order))
    request.save(update_fields=["purpose", "updated_at"])
    return order


@transaction.atomic
def answer_return(request, actor, note, checked_files, expected_version, *, abstract="", language=None):
    """The buyer's answer to a returned order, with the abstract revised (kept in the timeline note)."""
    from requests_app.filing import answer_return as answer_with_documents

    order = request.order
    if abstract and abstract != order.abstract:
        note = f"{note}\n\n" + _("Abstraksi diperbarui:") + f"\n{abstract}"
    event = answer_with_documents(request, actor, note, checked_files, expected_version, language=language)
    if abstract and abstract != order.abstract and not event.repeated:
        Order.objects.filter(pk=order.pk).update(abstract=abstract)
        Request.objects.filter(pk=request.pk).update(purpose=abstract)
    return event


def live_quote(lines, on=None):
    """The price under the tariff in force (``on`` a date): shown before the officer fixes it."""
    return pricing.quote([(line.product, list(line.variables.all()) or None) for line in lines], on=on)


# ---------------------------------------------------------------- the checklist


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    met: bool
    detail: str = ""


def email_verified(user):
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def valid_npwp(value):
    try:
        normalize_npwp(value or "")
    except Exception:  # ValidationError: not an NPWP
        return False
    return True


def checklist(request, lines=None):
    """The standard's requirements as checks on this order: active email (verified account), NPWP
    for the private segment, the abstract for microdata and maps, format and medium, the SPPD."""
    order = request.order
    lines = order_lines(order) if lines is None else lines
    buyer = request.visitor
    items = []
    if request.channel == Channel.ONLINE:
        items.append(
            ChecklistItem(
                "email",
                _("Alamat email aktif (akun terverifikasi)"),
                buyer is not None and email_verified(buyer),
                buyer.email if buyer else "",
            )
        )
    if buyer is not None and buyer.segment == Segment.PRIVATE:
        npwp = order.npwp or buyer.npwp
        items.append(
            ChecklistItem(
                "npwp",
                _("NPWP yang masih aktif (segmen swasta)"),
                valid_npwp(npwp),
                format_npwp(npwp) if npwp else _("belum diisi di profil"),
            )
        )
    items.append(
        ChecklistItem(
            "lines",
            _("Produk, format dan media dipilih"),
            bool(lines) and all(line.format for line in lines) and bool(order.medium),
        )
    )
    if needs_abstract(lines):
        items.append(ChecklistItem("abstract", _("Abstraksi penggunaan data"), len(order.abstract) >= 30))
    items.append(
        ChecklistItem("sppd", _("Surat Perjanjian Penggunaan Data (SPPD) disetujui"), order.sppd_accepted)
    )
    return items


def unmet(request, lines=None, *, ignore=()):
    return [item for item in checklist(request, lines) if not item.met and item.key not in ignore]


# ---------------------------------------------------------------- the data-use agreement (SPPD)

SPPD_OBLIGATIONS = (
    _("Menggunakan data hanya untuk keperluan yang tertulis dalam abstraksi penggunaan data."),
    _("Tidak memberikan, menjual atau menyebarluaskan data, seluruhnya atau sebagian, kepada pihak lain."),
    _("Tidak berusaha mengenali responden perorangan, rumah tangga atau usaha dari data."),
    _("Menyebutkan Badan Pusat Statistik sebagai sumber data pada setiap hasil yang dipublikasikan."),
    _("Menyampaikan satu salinan hasil penelitian atau publikasi yang memakai data kepada BPS."),
    _(
        "Menghapus data setelah keperluan selesai dan menanggung akibat hukum atas pelanggaran perjanjian "
        "ini sesuai Undang-Undang Nomor 16 Tahun 1997 tentang Statistik."
    ),
)


def sppd_pdf(request, *, accepted_name="", accepted_at=None, accepted_ip=None):
    """The SPPD of an order as PDF bytes: the buyer, the products and variables, the purpose and
    the obligations, with the acceptance (online) or signature lines (paper, at the desk)."""
    order = request.order
    zone = request.office.zone
    return render_pdf(
        "product_sales/sppd_pdf.html",
        {
            "service_request": request,
            "order": order,
            "office": request.office,
            "buyer": request.visitor,
            "npwp": format_npwp(order.npwp or getattr(request.visitor, "npwp", "") or ""),
            "lines": order_lines(order),
            "obligations": SPPD_OBLIGATIONS,
            "accepted_name": accepted_name,
            "accepted_at": timezone.localtime(accepted_at, zone) if accepted_at else None,
            "accepted_ip": accepted_ip,
            "zone_abbreviation": request.office.zone_abbreviation,
            "today": timezone.localtime(timezone.now(), zone),
        },
    )


def signer_name(visitor):
    """The name an online SPPD is accepted in: the signed-in buyer's own, from their account."""
    return " ".join((visitor.get_full_name() or "").split())


@transaction.atomic
def accept_sppd_and_submit(request, visitor, *, ip, language=None, now=None):
    """The signed-in buyer accepts the SPPD in the name of their account (name, time and address
    recorded, the PDF rendered once and stored with the order) and submits the order. Nothing is
    stored if submitting is refused."""
    now = now or timezone.now()
    if request.visitor_id != visitor.pk:
        raise workflow.ActionRefused(_("Hanya pembeli pesanan ini yang dapat menyetujui SPPD-nya."))
    if not signer_name(visitor):
        raise workflow.ActionRefused(_("Lengkapi nama Anda di profil sebelum menyetujui SPPD."))
    Order.objects.select_for_update().filter(request=request).first()  # one acceptance at a time
    order = request.order
    order.npwp = visitor.npwp if visitor.segment == Segment.PRIVATE else ""
    order.sppd_accepted_name = signer_name(visitor)
    order.sppd_accepted_at = now
    order.sppd_accepted_ip = ip
    order.save()
    # Refused (and rolled back) before any PDF is made when anything else is missing.
    workflow.check(request, Action.SUBMIT, visitor)
    content = sppd_pdf(request, accepted_name=order.sppd_accepted_name, accepted_at=now, accepted_ip=ip)
    generated = ContentFile(content, name=f"SPPD-{request.code}.pdf")
    order.sppd_document = store_document(request, (generated, "application/pdf", ".pdf"), visitor)
    order.save(update_fields=["npwp", "sppd_document"])
    return workflow.perform(request, Action.SUBMIT, visitor, language=language, now=now)


@transaction.atomic
def record_signed_sppd(request, officer, checked_file, *, signed_by, expected_version=None):
    """A walk-in buyer's SPPD, signed on paper at the desk and scanned by the officer, who records
    who signed it (``signed_by``, as written on the paper)."""
    signed_by = " ".join(signed_by.split())
    if not signed_by:
        raise workflow.ActionRefused(_("Tuliskan nama yang menandatangani SPPD."))
    event = workflow.perform(
        request,
        Action.RECORD_SPPD,
        officer,
        expected_version=expected_version,
        note=_("SPPD ditandatangani di meja layanan oleh %(name)s.") % {"name": signed_by},
        note_params={"kind": "desk_sppd", "name": signed_by},
    )
    if event.repeated:
        return event
    Order.objects.filter(request=request).update(
        sppd_document=store_document(request, checked_file, officer, event=event),
        sppd_accepted_name=signed_by,
        sppd_accepted_at=event.created_at,
    )
    return event


# ---------------------------------------------------------------- confirmation: the price is fixed


def office_today(request, now=None):
    return timezone.localtime(now or timezone.now(), request.office.zone).date()


@transaction.atomic
def confirm_order(request, officer, *, apply_zero_tariff=False, expected_version=None, now=None):
    """The officer has checked the abstract against the data asked for: each line's price is fixed
    under the tariff in force today (the office's date), or Rp0 on the buyer's evidence."""
    now = now or timezone.now()
    order = request.order
    if apply_zero_tariff and (order.zero_rule_id is None or order.zero_evidence_id is None):
        raise workflow.ActionRefused(
            _("Tarif Rp0 hanya diterapkan bila pembeli memintanya dan mengunggah buktinya.")
        )
    lines = order_lines(order)
    try:
        quote = live_quote(lines, on=office_today(request, now))
    except pricing.PricingError as error:
        raise workflow.ActionRefused(
            _("Harga tidak dapat dihitung: %(reason)s") % {"reason": error}
        ) from None
    total = 0 if apply_zero_tariff else quote.total
    note = _("Total %(total)s menurut %(regulation)s.") % {
        "total": pricing.rupiah(total),
        "regulation": quote.regulation.name,
    }
    if apply_zero_tariff:
        note += " " + _("Tarif Rp0: %(purpose)s.") % {"purpose": order.zero_rule.purpose}
    params = {"kind": "order_total", "total": total, "regulation": quote.regulation.name,
              "zero_purpose": order.zero_rule.purpose if apply_zero_tariff else ""}
    # A second click finds the first one's event: the price stays as it was fixed.
    return workflow.perform(request, Action.CONFIRM_ORDER, officer, note=note,
                            expected_version=expected_version, note_params=params,
                            now=now, data={"lines": lines, "quote": quote, "zero_tariff": apply_zero_tariff})


def _fix_prices(order, event, lines, quote, zero_tariff):
    """The confirmed order's prices: each line's quantity, unit, amount and rate; the order's total."""
    for line, line_quote in zip(lines, quote.lines, strict=True):
        line.quantity = line_quote.quantity
        line.unit = line_quote.unit
        line.amount = 0 if zero_tariff else line_quote.amount
        line.rate_label = line_quote.rate.label
        line.save(update_fields=["quantity", "unit", "amount", "rate_label"])
    order.regulation = quote.regulation
    order.total = 0 if zero_tariff else quote.total
    order.zero_tariff_applied = zero_tariff
    order.confirmed_at = event.created_at
    order.confirmed_by = event.actor
    order.save()


# ---------------------------------------------------------------- payment

BILLING_CODE_DIGITS = 15  # a SIMPONI billing code


@transaction.atomic
def issue_billing(request, officer, *, code, expires_at, expected_version=None, now=None):
    """The billing code from SIMPONI for the confirmed total; the clock waits for the buyer."""
    order = request.order
    note = _("Kode billing %(code)s, %(total)s, berlaku sampai %(expiry)s %(zone)s.") % {
        "code": code,
        "total": pricing.rupiah(order.total or 0),
        "expiry": date_format(timezone.localtime(expires_at, request.office.zone), "j F Y H.i"),
        "zone": request.office.zone_abbreviation,
    }
    params = {"kind": "billing", "code": code, "total": order.total or 0,
              "expires_at": expires_at.isoformat(), "office": request.office.code,
              "zone": request.office.zone_abbreviation}
    event = workflow.perform(
        request, Action.ISSUE_BILLING, officer, note=note, expected_version=expected_version, now=now,
        note_params=params,
    )
    if event.repeated:
        return event
    Order.objects.filter(request=request).update(billing_code=code, billing_expires_at=expires_at)
    return event


@transaction.atomic
def submit_payment(request, actor, checked_file, *, note="", expected_version=None, language=None):
    event = workflow.perform(
        request, Action.SUBMIT_PAYMENT, actor, note=note, expected_version=expected_version, language=language
    )
    if event.repeated:
        return event
    Order.objects.filter(request=request).update(
        payment_proof=store_document(request, checked_file, actor, event=event)
    )
    return event


# ---------------------------------------------------------------- delivery


def record_step(request, event, data=None):
    """What a step leaves on the order, however it was taken (the workflow calls this inside the
    step's transaction, through ``ProductSalesService.step``)."""
    order = Order.objects.filter(request=request)
    when = event.created_at
    if event.action == Action.CONFIRM_ORDER and data:
        _fix_prices(Order.objects.get(request=request), event, data["lines"], data["quote"],
                    data["zero_tariff"])
    elif event.action == Action.VERIFY_PAYMENT:
        order.update(payment_verified_at=when, payment_verified_by=event.actor)
    elif event.action in (Action.ISSUE_BILLING, Action.REFUSE_PAYMENT):
        order.update(payment_proof=None)  # a new proof is asked for
    elif event.action == Action.READY_FOR_PICKUP:
        order.update(ready_for_pickup_at=when)
    elif event.action == Action.HAND_OVER:
        order.update(delivered_at=when)
    elif event.action in (Action.DELIVER, Action.RENEW_LINKS):
        create_links(request, when)
        if event.action == Action.DELIVER:
            order.update(delivered_at=when)


@transaction.atomic
def create_walk_in_order(officer, buyer, standard, *, lines, abstract, medium, npwp=""):
    """An order taken at the desk for ``buyer``: ``lines`` are (product, format); a walk-in buyer
    gets the full set of a microdata product. The SPPD is then signed on paper. ``npwp`` is the one
    told at the desk (kept on the order, never in the buyer's profile), else the profile's."""
    request = Request.objects.create(
        office=standard.office,
        service_kind=standard.service_kind,
        standard=standard,
        channel=Channel.WALK_IN,
        visitor=buyer,
        purpose=abstract.strip(),
        assigned_to=officer,
    )
    order = Order.objects.create(
        request=request,
        abstract=abstract.strip(),
        medium=medium,
        npwp=(npwp or buyer.npwp) if buyer.segment == Segment.PRIVATE else "",
    )
    for product, fmt in lines:
        _check_line(product, [], fmt, request.office)
        OrderLine.objects.create(order=order, product=product, format=fmt)
    workflow.perform(request, Action.FILE_AT_DESK, officer)
    return request
