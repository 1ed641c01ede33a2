"""Budi's demo order at 6202: confirmed and billed, waiting for his payment proof (``make run``)."""
import datetime

from django.utils import timezone

from accounts.models import Role, User
from requests_app.demo import DEMO_WORKING_DAYS_AGO, working_days_ago
from requests_app.models import Request
from services.catalogue.models import Standard
from services.product_sales import orders
from services.product_sales.models import Product

DEMO_ORDER = (
    "budi@contoh.id",
    "6202",
    "susenas-maret-2024-kotim",
    ("R101", "R102", "R105", "KAPITA"),
    "Kajian pasar produk rumah tangga di Kotawaringin Timur: pengeluaran per kapita menurut "
    "kecamatan dipakai untuk memperkirakan daya beli dan menentukan lokasi gerai.",
)
DEMO_BILLING_CODE = "820261100000001"
def _demo_order():
    email, office_code, slug, names, abstract = DEMO_ORDER
    buyer = User.objects.filter(email=email).first()
    product = Product.objects.filter(office__code=office_code, slug=slug).first()
    standard = (
        Standard.objects.in_force()
        .filter(office__code=office_code, service_kind__slug=orders.SERVICE_SLUG)
        .first()
    )
    if buyer is None or product is None or standard is None or Request.objects.filter(visitor=buyer).exists():
        return None
    request = orders.draft_order(buyer, standard)
    orders.add_line(request, product, product.variables.filter(name__in=names), product.format_list()[0])
    orders.save_details(request, buyer, abstract=abstract, medium="download")
    # Billed 5 working days ago and still unpaid: beat reminds Budi on its own.
    filed = working_days_ago(standard.office, DEMO_WORKING_DAYS_AGO)
    orders.accept_sppd_and_submit(request, buyer, ip="127.0.0.1", now=filed)
    officer = standard.office.staff.filter(role=Role.OFFICER, is_active=True).first()
    orders.confirm_order(request, officer, now=filed)
    orders.issue_billing(request, officer, code=DEMO_BILLING_CODE, now=filed,
                         expires_at=timezone.now() + datetime.timedelta(days=7))
    return request


def create_demo_orders():
    order = _demo_order()
    return [order] if order is not None else []
