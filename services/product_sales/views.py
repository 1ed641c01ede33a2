"""Product-sales pages: choosing products, the order's details, the SPPD, payment, the officer's
steps, walk-in orders, and the buyer's private downloads."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import desk
from accounts.models import Role
from accounts.roles import role_required
from pst_portal.clients import client_ip
from pst_portal.middleware import accepts_large_body
from requests_app import workflow
from requests_app.access import get_request_for
from requests_app.models import Status
from requests_app.pages import request_page_context
from requests_app.registry import service_for, service_for_slug
from requests_app.signals import announce_walk_in, walk_in_guest
from services.catalogue import selectors
from services.product_sales import delivery, orders, pricing
from services.product_sales.forms import (
    BillingForm,
    ConfirmOrderForm,
    LineForm,
    NoteOnlyForm,
    OrderDetailsForm,
    PaymentProofForm,
    PrepareFileForm,
    SignedSppdForm,
    SppdAcceptForm,
    WalkInBuyerForm,
)
from services.product_sales.models import Product, ZeroTariffRule
from services.product_sales.pages import order_context
from services.product_sales.rules import Action

UPLOAD_LIMIT_MB = settings.UPLOAD_MAX_BYTES // (1024 * 1024)


def _product(office_code, slug):
    product = pricing.products_with_variables().filter(office__code=office_code, slug=slug).first()
    if product is None:
        raise Http404("No such product.")
    return product


def _sales_standard(office_code):
    return selectors.standard_in_force(office_code, orders.SERVICE_SLUG)


def _chosen_quote(product, variables=None):
    try:
        return pricing.quote_line(product, variables or None)
    except pricing.PricingError:
        return None


def _price_terms(product):
    try:
        return pricing.price_terms(product)
    except pricing.PricingError:
        return None


def _order_request(user, code, *, draft=False):
    service_request = get_request_for(user, code)
    if service_for(service_request).slug != orders.SERVICE_SLUG:
        raise Http404("Not a product order.")
    if draft and service_request.status != Status.DRAFT:
        raise Http404("This order was already submitted.")
    return service_request


# ---------------------------------------------------------------- the buyer


@role_required(Role.VISITOR)
def order_product(request, office_code, slug):
    """Add one product to the buyer's draft order with this office."""
    from requests_app.visitor_views import profile_redirect

    product = _product(office_code, slug)
    if not selectors.product_sales(product.office).online:
        # Not sold online here: the product page says how to get it.
        return redirect(product)
    standard = _sales_standard(office_code)
    if request.user.missing_profile_fields():
        return profile_redirect(request)
    refusal = service_for_slug(orders.SERVICE_SLUG).filing_refusal(request.user)
    if refusal:
        return render(
            request,
            "requests_app/not_eligible.html",
            {"standard": standard, "office": standard.office, "reason": refusal},
            status=403,
        )
    form = LineForm(request.POST or None, product=product, initial={"line_token": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        draft = orders.draft_order(request.user, standard)
        try:
            orders.add_line(
                draft,
                product,
                form.cleaned_data.get("variables") or [],
                form.cleaned_data["format"],
                token=form.cleaned_data["line_token"],
            )
        except workflow.ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("%(title)s ditambahkan ke pesanan Anda.") % {"title": product.title})
            return redirect("product_sales:order_edit", draft.code)
    variables = list(product.variables.all())
    chosen = _ticked(request, variables) if form.is_bound else variables
    return render(
        request,
        "product_sales/order_product.html",
        {
            "product": product,
            "office": product.office,
            "form": form,
            "chosen": chosen,
            "total_variables": len(variables),
            "quote": _chosen_quote(product, chosen)
            if chosen or product.kind != Product.Kind.MICRODATA
            else None,
            "draft": orders.existing_draft(request.user, product.office),
            "terms": _price_terms(product),
        },
        status=400 if form.is_bound else 200,
    )


def _ticked(request, variables):
    wanted = {int(pk) for pk in request.POST.getlist("variables") if pk.isdigit()}
    return [v for v in variables if v.pk in wanted]


@require_POST
def line_quote(request, office_code, slug):
    """The count and price of the variables ticked so far (htmx, as the buyer chooses)."""
    product = _product(office_code, slug)
    variables = list(product.variables.all())
    chosen = _ticked(request, variables)
    return render(
        request,
        "product_sales/_line_quote.html",
        {
            "product": product,
            "chosen": chosen,
            "total_variables": len(variables),
            "quote": _chosen_quote(product, chosen)
            if chosen or product.kind != Product.Kind.MICRODATA
            else None,
            "terms": _price_terms(product),
            "oob": True,  # the phone's price bar is swapped too
        },
    )


def _zero_rules(user):
    try:
        regulation = pricing.regulation_in_force()
    except pricing.PricingError:
        return ZeroTariffRule.objects.none()
    return ZeroTariffRule.objects.filter(regulation=regulation, segment=user.segment)


@role_required(Role.VISITOR)
def order_edit(request, code):
    """The draft order: its lines, the abstract, the medium, and Rp0 with its evidence."""
    draft = _order_request(request.user, code, draft=True)
    order = draft.order
    lines = orders.order_lines(order)
    form = OrderDetailsForm(
        request.POST or None,
        request.FILES or None,
        initial={"abstract": order.abstract, "medium": order.medium, "zero_rule": order.zero_rule_id},
        needs_abstract=orders.needs_abstract(lines),
        zero_rules=_zero_rules(request.user),
        has_evidence=order.zero_evidence_id is not None,
        upload_limit_mb=UPLOAD_LIMIT_MB,
    )
    if request.method == "POST":
        if not lines:
            form.add_error(None, _("Pesanan Anda belum berisi produk."))
        if form.is_valid():
            orders.save_details(
                draft,
                request.user,
                abstract=form.cleaned_data["abstract"],
                medium=form.cleaned_data["medium"],
                zero_rule=form.cleaned_data.get("zero_rule"),
                zero_evidence=form.cleaned_data.get("zero_evidence"),
            )
            return redirect("requests_app:check", draft.code)
    context = order_context(request.user, draft)
    context.update(service_request=draft, office=draft.office, form=form)
    return render(
        request, "product_sales/order_edit.html", context,
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(Role.VISITOR)
@require_POST
def remove_line(request, code, line):
    draft = _order_request(request.user, code, draft=True)
    orders.remove_line(draft, line)
    return redirect("product_sales:order_edit", draft.code)


def order_check(request, draft):
    """Check the order, read the SPPD, accept it and submit (called by the common check page)."""
    form = SppdAcceptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            orders.accept_sppd_and_submit(
                draft,
                request.user,
                ip=client_ip(request),
                language=get_language(),
            )
        except workflow.ActionRefused as refused:
            draft.refresh_from_db()
            if draft.status != Status.DRAFT:  # a double submit: the first one won
                return redirect("requests_app:confirmation", draft.code)
            form.add_error(None, str(refused))
        else:
            return redirect("requests_app:confirmation", draft.code)
    context = request_page_context(request, draft)
    context.update(
        sppd_form=form, sppd_obligations=orders.SPPD_OBLIGATIONS, sppd_signer=orders.signer_name(request.user)
    )
    return render(request, "product_sales/order_check.html", context, status=400 if form.errors else 200)


@login_required
def sppd_preview(request, code):
    """The SPPD of an order as it reads now (not yet accepted or signed), to read or print."""
    service_request = _order_request(request.user, code)
    response = HttpResponse(orders.sppd_pdf(service_request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="SPPD-{service_request.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(Role.VISITOR)
@require_POST
def submit_payment(request, code):
    from requests_app.visitor_views import render_detail

    service_request = _order_request(request.user, code)
    form = PaymentProofForm(request.POST, request.FILES, auto_id="payment_%s")
    if not form.is_valid():
        return render_detail(request, service_request, payment_form=form, status=400)
    try:
        orders.submit_payment(
            service_request,
            request.user,
            form.cleaned_data["proof"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
            language=get_language(),
        )
    except workflow.ActionRefused as refused:
        service_request.refresh_from_db()
        form.add_error(None, str(refused))
        return render_detail(request, service_request, payment_form=form, status=409)
    messages.success(request, _("Bukti pembayaran terkirim. Petugas akan memverifikasinya."))
    return redirect(service_request)


@login_required
def download_product(request, token):
    """A buyer's private link: only the buyer, only before it expires; every use is recorded."""
    try:
        link = delivery.open_link(request.user, token)
    except delivery.LinkExpired:
        return render(request, "product_sales/link_expired.html", status=410)
    if link is None:
        raise Http404("No such link for this user.")
    delivery.record_download(
        link, ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")
    )
    line = link.line
    response = FileResponse(
        line.file.open("rb"),
        as_attachment=True,
        filename=line.download_name,
        content_type=line.file_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- the officer

STAFF_FORMS = {
    "confirm": ConfirmOrderForm,
    "billing": BillingForm,
    "verify": NoteOnlyForm,
    "refuse": NoteOnlyForm,
    "prepare": PrepareFileForm,
    "deliver": NoteOnlyForm,
    "ready": NoteOnlyForm,
    "handover": NoteOnlyForm,
    "renew": NoteOnlyForm,
    "sppd": SignedSppdForm,
    "payment": PaymentProofForm,
}


def _staff_form(step, service_request, data=None, files=None):
    form_class = STAFF_FORMS[step]
    kwargs = {"auto_id": f"{step}_%s", "initial": {"version": service_request.version}}
    if form_class is BillingForm:
        kwargs["office"] = service_request.office
    return form_class(data, files, **kwargs)


# Steps that are the workflow's action alone (what they leave on the order: orders.record_step).
PLAIN_STEPS = {
    "verify": Action.VERIFY_PAYMENT, "refuse": Action.REFUSE_PAYMENT,
    "ready": Action.READY_FOR_PICKUP, "handover": Action.HAND_OVER,
}


def _take_step(step, service_request, user, data):
    version = data.get("version")
    if step in PLAIN_STEPS:
        return workflow.perform(service_request, PLAIN_STEPS[step], user, note=data.get("note", ""),
                                expected_version=version)
    if step == "confirm":
        return orders.confirm_order(
            service_request, user, apply_zero_tariff=data["apply_zero_tariff"], expected_version=version
        )
    if step == "billing":
        return orders.issue_billing(
            service_request,
            user,
            code=data["billing_code"],
            expires_at=data["expires_at"],
            expected_version=version,
        )
    if step == "prepare":
        line = service_request.order.lines.filter(pk=data["line"]).first()
        if line is None:
            raise workflow.ActionRefused(_("Baris pesanan tidak ditemukan."))
        return delivery.prepare_file(
            service_request, user, line, data["file"], accept_other_format=data["accept_other_format"],
            expected_version=version,
        )
    if step == "deliver":
        return delivery.deliver(service_request, user, expected_version=version)
    if step == "renew":
        return delivery.deliver(service_request, user, renew=True, expected_version=version)
    if step == "sppd":
        return orders.record_signed_sppd(
            service_request, user, data["sppd"], signed_by=data["signed_by"], expected_version=version
        )
    if step == "payment":
        return orders.submit_payment(
            service_request, user, data["proof"], note=data["note"], expected_version=version
        )
    raise Http404("Unknown step.")


@accepts_large_body("DELIVERY_REQUEST_MAX_BYTES", Role.OFFICER)
@role_required(Role.OFFICER)
@require_POST
def staff_order_step(request, code, step):
    from requests_app.staff_views import render_staff_detail

    if step not in STAFF_FORMS:
        raise Http404("Unknown step.")
    service_request = _order_request(request.user, code)
    form = _staff_form(step, service_request, request.POST, request.FILES)
    if not form.is_valid():
        return render_staff_detail(request, service_request, order_forms={step: form}, status=400)
    try:
        event = _take_step(step, service_request, request.user, form.cleaned_data)
    except workflow.ActionRefused as refused:
        service_request.refresh_from_db()
        form.add_error(None, str(refused))
        return render_staff_detail(request, service_request, order_forms={step: form}, status=409)
    messages.success(request, _("Tersimpan: %(label)s.") % {"label": event.action_label})
    return redirect(service_request.get_staff_url() + "#pesanan")


def staff_order_forms(service_request, bound=None):
    """The officer's order forms for a request page (a bound one, with its errors, replaces its twin)."""
    forms = {step: _staff_form(step, service_request) for step in STAFF_FORMS}
    forms.update(bound or {})
    return forms


def _told_by_the_desk(request):
    """The buyer as the guest book of the ticket served has them (the form starts with it)."""
    guest = walk_in_guest(request)
    return {key: guest[key] for key in ("email", "full_name", "phone", "institution") if key in guest}


@role_required(Role.OFFICER)
def walk_in_order(request):
    """Seed 000: the buyer at the desk; the officer finds or makes their account and takes the order."""
    office = request.user.office
    standard = _sales_standard(office.code)
    products = Product.objects.available().filter(office=office).order_by("kind", "title")
    form = WalkInBuyerForm(request.POST or None, products=products, initial=_told_by_the_desk(request))
    found = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        told = {key: data[key] for key in ("full_name", "phone", "segment", "institution", "npwp")}
        found = desk.visitor_from_form(request, form, told)
    if found is not None:
        buyer, created = found
        service_request = orders.create_walk_in_order(
            request.user, buyer, standard, lines=data["lines"], abstract=data["abstract"],
            medium=data["medium"], npwp=data["npwp"],
        )
        desk.record_told(service_request, **told)
        announce_walk_in(request, service_request)
        desk.welcome(
            request, buyer, created,
            new_account=_("Akun pembeli dibuat; pembeli menerima email untuk membuat kata "
                          "sandi. Cetak SPPD, minta tanda tangannya, lalu unggah pindaiannya."),
            existing_account=_("Pesanan dicatat pada akun pembeli yang sudah ada. Cetak SPPD, minta "
                               "tanda tangannya, lalu unggah pindaiannya."),
        )
        return redirect(service_request.get_staff_url() + "#pesanan")
    return render(
        request,
        "product_sales/walk_in_order.html",
        {
            "form": form,
            "office": office,
            "standard": standard,
        },
        status=400 if form.errors else 200,
    )


def new_order_redirect(request, standard):
    """ "Ajukan permintaan" on the product-sales standard: the open draft, or the office's products."""
    draft = orders.existing_draft(request.user, standard.office)
    if draft is not None:
        return redirect("product_sales:order_edit", draft.code)
    return redirect(f"{reverse('product_sales:products')}?{urlencode({'kantor': standard.office.code})}")
