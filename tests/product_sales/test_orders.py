"""Product sales end to end: the order, its checklist and NPWP rule, the SPPD, the price fixed on
confirmation (and not moved by a later tariff), Rp0 on evidence, payment pausing the clock, private
expiring downloads, physical pickup, walk-in buyers."""

import datetime
import re
import shutil
import subprocess
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role, Segment, User
from requests_app import workflow
from requests_app.models import Request, Status
from services.catalogue.loader import load_products
from services.catalogue.models import Office
from services.product_sales import delivery, orders
from services.product_sales.models import Download, Order, Product, TariffRate, TariffRegulation
from services.product_sales.rules import AWAITING_PAYMENT
from services.product_sales.rules import Action as SalesAction
from tests.conftest import PASSWORD, require
from tests.factories import OfficerFactory, ProfiledVisitorFactory, VisitorFactory
from tests.hostile_files import ACTIVE_PDFS, shapefile_zip, xlsx_bytes, zip_bomb
from tests.requests_helpers import (
    EXE_BYTES,
    PNG_BYTES,
    at_the_desk,
    desk_order_lines,
    desk_visitor,
    pdf,
    standard,
)

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=WIB)  # a working day in Kotawaringin Timur
MICRODATA = "susenas-maret-2024-kotim"
PUBLICATION = "kotawaringin-timur-dalam-angka-2025"
MAP = "wilkerstat-kotim-kecamatan"
VALID_NPWP = "012345674901000"  # 15 digits, the legacy format
ABSTRACT = (
    "Skripsi tentang pengeluaran rumah tangga dan kemiskinan di Kotawaringin Timur: regresi "
    "pengeluaran per kapita atas pendidikan kepala rumah tangga."
)


@pytest.fixture
def sales(catalogue):
    load_products()
    return Office.objects.get(code="6202")


@pytest.fixture
def officer(sales):
    return OfficerFactory(email="petugas.kotim@bps.go.id", office=sales)


@pytest.fixture
def buyer(sales):
    """A private-segment buyer with a valid NPWP: pays the tariff."""
    return ProfiledVisitorFactory(
        email="budi@contoh.id",
        full_name="Budi Santoso",
        segment=Segment.PRIVATE,
        institution="PT Data Nusantara",
        npwp=VALID_NPWP,
    )


@pytest.fixture
def student(sales):
    return ProfiledVisitorFactory(
        email="ani@contoh.id",
        full_name="Ani Rahmawati",
        segment=Segment.ACADEMIC,
        institution="Universitas Palangka Raya",
    )


def product(slug):
    return Product.objects.get(slug=slug)


def csv_file(name="susenas.csv"):
    return SimpleUploadedFile(name, b"r101,r102,kapita\n62,02,1250000\n", content_type="text/csv")


def checked(uploaded, content_type="application/pdf", extension=".pdf"):
    return (uploaded, content_type, extension)


def draft_for(
    visitor,
    lines=((MICRODATA, ("R101", "R102")),),
    *,
    abstract=ABSTRACT,
    medium="download",
    zero_rule=None,
    evidence=None,
):
    """A draft order: ``lines`` are (slug, variable names or None for the full set)."""
    request = orders.draft_order(visitor, standard("6202", "penjualan-produk"))
    for slug, names in lines:
        chosen = product(slug)
        variables = list(chosen.variables.filter(name__in=names)) if names else []
        orders.add_line(request, chosen, variables, chosen.format_list()[0], token=uuid.uuid4())
    orders.save_details(
        request, visitor, abstract=abstract, medium=medium, zero_rule=zero_rule, zero_evidence=evidence
    )
    return request


def walk_in_guest(officer):
    """Tamu Meja, an individual buyer the officer finds at the desk (with her code)."""
    buyer, _created = desk_visitor(
        officer,
        email="tamu@contoh.id", full_name="Tamu Meja", phone="+6281200000000", segment=Segment.INDIVIDUAL
    )
    return buyer


def submitted_order(visitor, now=MONDAY, **kwargs):
    request = draft_for(visitor, **kwargs)
    orders.accept_sppd_and_submit(request, visitor, ip="203.0.113.7", now=now)
    request.refresh_from_db()
    return request


def paid_and_prepared(request, officer, now=MONDAY):
    orders.confirm_order(request, officer, now=now)
    orders.issue_billing(
        request, officer, code="820261123000123", expires_at=now + datetime.timedelta(days=3), now=now
    )
    orders.submit_payment(request, request.visitor, checked(pdf("bukti.pdf")))
    workflow.perform(request, SalesAction.VERIFY_PAYMENT, officer, now=now)
    for line in request.order.lines.all():
        delivery.prepare_file(request, officer, line, checked(csv_file(), "text/csv", ".csv"), now=now)
    request.refresh_from_db()
    return request


def sign_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)


# ---------------------------------------------------------------- ordering in the browser's pages


def test_a_buyer_orders_a_subset_of_variables_and_submits_with_the_sppd(client, buyer, officer):
    sign_in(client, buyer)
    microdata = product(MICRODATA)
    chosen = list(microdata.variables.order_by("order")[:3])
    url = reverse("product_sales:order_product", args=["6202", MICRODATA])
    page = client.get(url)
    assert page.status_code == 200
    assert "Cari variabel" in page.content.decode()

    # The live price as the buyer ticks variables (htmx).
    quote = client.post(
        reverse("product_sales:line_quote", args=["6202", MICRODATA]), {"variables": [v.pk for v in chosen]}
    )
    assert f"3 dari {microdata.variables.count()} variabel dipilih" in quote.content.decode()

    token = str(uuid.uuid4())
    data = {"line_token": token, "format": "CSV", "variables": [v.pk for v in chosen]}
    response = client.post(url, data)
    assert response.status_code == 302
    client.post(url, data)  # the same form sent twice adds the line once
    draft = Request.objects.get(visitor=buyer, status=Status.DRAFT)
    assert draft.order.lines.count() == 1
    assert set(draft.order.lines.get().variables.all()) == set(chosen)

    # Details: the abstract is required for microdata.
    edit = reverse("product_sales:order_edit", args=[draft.code])
    too_short = client.post(edit, {"abstract": "untuk skripsi", "medium": "download"})
    assert too_short.status_code == 400
    assert "abstraksi penggunaan data" in too_short.content.decode()
    assert client.post(edit, {"abstract": ABSTRACT, "medium": "download"}).status_code == 302

    check = client.get(reverse("requests_app:check", args=[draft.code]))
    body = check.content.decode()
    assert "Setujui SPPD dan ajukan pesanan" in body
    assert orders.live_quote(orders.order_lines(draft.order)).total_display in body

    refused = client.post(reverse("requests_app:check", args=[draft.code]), {})
    assert refused.status_code == 400  # the agreement box was not ticked
    accepted = client.post(
        reverse("requests_app:check", args=[draft.code]),
        {"agree": "on"},
        REMOTE_ADDR="198.51.100.20",
    )
    assert accepted.status_code == 302
    draft.refresh_from_db()
    order = draft.order
    assert draft.status == Status.SUBMITTED
    assert order.sppd_accepted_name == "Budi Santoso"
    assert order.sppd_accepted_ip == "198.51.100.20"
    assert order.sppd_document.original_name == f"SPPD-{draft.code}.pdf"
    assert order.npwp == VALID_NPWP
    assert order.total is None  # not fixed until the officer confirms


def test_the_standard_page_sends_a_buyer_to_the_catalogue_or_the_open_draft(client, buyer):
    sign_in(client, buyer)
    start = reverse("requests_app:new", args=["6202", "penjualan-produk"])
    assert "/layanan/produk/?kantor=6202" in client.get(start)["Location"]
    draft = draft_for(buyer)
    assert client.get(start)["Location"] == reverse("product_sales:order_edit", args=[draft.code])


def test_an_office_without_an_online_channel_sends_buyers_to_its_desk(client, buyer):
    sign_in(client, buyer)
    page = client.get(
        reverse("product_sales:order_product", args=["6302", "kotabaru-dalam-angka-2025"]), follow=True
    )
    assert page.redirect_chain[-1][0] == "/layanan/produk/6302/kotabaru-dalam-angka-2025/"
    assert "meja layanan" in page.content.decode()


# ---------------------------------------------------------------- NPWP for the private segment


@pytest.mark.parametrize(
    "npwp, allowed", [("", False), ("12345", False), (VALID_NPWP, True), ("6371044506000001", True)]
)
def test_a_private_buyer_needs_a_valid_npwp(client, sales, npwp, allowed):
    person = ProfiledVisitorFactory(segment=Segment.PRIVATE, institution="PT Contoh", npwp=npwp)
    sign_in(client, person)
    page = client.get(reverse("product_sales:order_product", args=["6202", PUBLICATION]))
    if not npwp:  # an empty NPWP is an incomplete profile
        assert page.status_code == 302 and reverse("accounts:profile") in page["Location"]
    elif allowed:
        assert page.status_code == 200
    else:
        assert page.status_code == 403
        assert "NPWP" in page.content.decode()


def test_submitting_checks_the_npwp_again(buyer, officer):
    request = draft_for(buyer)
    User.objects.filter(pk=buyer.pk).update(npwp="999")
    buyer.refresh_from_db()
    with pytest.raises(workflow.ActionRefused, match="NPWP"):
        orders.accept_sppd_and_submit(request, buyer, ip="203.0.113.7")
    request.refresh_from_db()
    assert request.status == Status.DRAFT
    assert request.order.sppd_document is None  # nothing stored for a refused submission


def test_other_segments_need_no_npwp(student):
    request = submitted_order(student)
    assert request.status == Status.SUBMITTED
    assert "npwp" not in {item.key for item in orders.checklist(request)}


def test_the_checklist_holds_a_submission_until_it_is_met(buyer):
    request = draft_for(buyer, abstract="")
    with pytest.raises(workflow.ActionRefused, match="Abstraksi"):
        orders.accept_sppd_and_submit(request, buyer, ip="203.0.113.7")
    publication_only = draft_for(ProfiledVisitorFactory(), lines=((PUBLICATION, None),), abstract="")
    assert orders.needs_abstract(orders.order_lines(publication_only.order)) is False


def test_an_unverified_email_holds_an_online_order(sales):
    person = ProfiledVisitorFactory(verified=False)
    request = draft_for(person)
    with pytest.raises(workflow.ActionRefused, match="email"):
        orders.accept_sppd_and_submit(request, person, ip="203.0.113.7")


# ---------------------------------------------------------------- the SPPD


def test_the_sppd_pdf_names_the_buyer_products_variables_purpose_and_acceptance(buyer):
    if not shutil.which("pdftotext"):
        require(False, "pdftotext (poppler-utils)")
    request = submitted_order(buyer)
    with request.order.sppd_document.file.open("rb") as stored:
        content = stored.read()
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "SURAT PERJANJIAN PENGGUNAAN DATA" in flat
    assert request.code in flat
    assert "Budi Santoso" in flat and "PT Data Nusantara" in flat and "01.234.567.4-901.000" in flat
    assert product(MICRODATA).title in flat
    assert "R101" in flat and "R102" in flat and "R105" not in flat
    assert "regresi pengeluaran per kapita" in flat
    assert "Tidak memberikan, menjual atau menyebarluaskan data" in flat
    assert "203.0.113.7" in flat and "23 November 2026" in flat


def test_a_walk_in_sppd_is_printed_with_signature_lines(officer, client):
    buyer = walk_in_guest(officer)
    request = orders.create_walk_in_order(
        officer,
        buyer,
        standard("6202", "penjualan-produk"),
        lines=[(product(MICRODATA), "SAV")],
        abstract=ABSTRACT,
        medium="download",
    )
    sign_in(client, officer)
    response = client.get(reverse("product_sales:sppd_preview", args=[request.code]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


# ---------------------------------------------------------------- the price, fixed on confirmation


def test_confirmation_fixes_each_line_and_the_total(buyer, officer):
    request = submitted_order(buyer, lines=((MICRODATA, ("R101", "R102")), (PUBLICATION, None), (MAP, None)))
    quote = orders.live_quote(orders.order_lines(request.order), on=MONDAY.date())
    orders.confirm_order(request, officer, now=MONDAY)
    request.refresh_from_db()
    order = request.order
    assert request.status == Status.IN_PROCESS
    assert order.total == quote.total == sum(line.amount for line in quote.lines)
    assert [line.amount for line in order.lines.order_by("pk")] == [line.amount for line in quote.lines]
    assert order.regulation == quote.regulation
    assert "Total " + quote.total_display in request.events.get(action="confirm_order").note


def test_a_subset_costs_less_than_the_full_set(buyer, officer):
    subset = submitted_order(buyer, lines=((MICRODATA, ("R101",)),))
    full = submitted_order(
        ProfiledVisitorFactory(segment=Segment.PRIVATE, institution="PT X", npwp=VALID_NPWP),
        lines=((MICRODATA, None),),
    )
    orders.confirm_order(subset, officer, now=MONDAY)
    orders.confirm_order(full, officer, now=MONDAY)
    subset.refresh_from_db()
    full.refresh_from_db()
    assert subset.order.lines.get().quantity < full.order.lines.get().quantity
    assert subset.order.total <= full.order.total


def test_a_new_tariff_does_not_change_a_confirmed_order(buyer, officer):
    confirmed = submitted_order(buyer, lines=((PUBLICATION, None), (MAP, None)))
    waiting = submitted_order(ProfiledVisitorFactory(), lines=((PUBLICATION, None), (MAP, None)))
    orders.confirm_order(confirmed, officer, now=MONDAY)
    confirmed.refresh_from_db()
    before = (confirmed.order.total, list(confirmed.order.lines.values_list("amount", flat=True)))
    quote_before = orders.live_quote(orders.order_lines(waiting.order), on=MONDAY.date()).total

    dearer = TariffRegulation.objects.create(name="PP uji 2026", effective_from=datetime.date(2026, 12, 1))
    for rate in TariffRate.objects.filter(
        regulation=orders.live_quote(orders.order_lines(waiting.order), on=MONDAY.date()).regulation
    ):
        TariffRate.objects.create(
            regulation=dearer,
            kind=rate.kind,
            map_level=rate.map_level,
            label=rate.label,
            base_price=rate.base_price * 2,
            base_units=rate.base_units,
            extra_price=rate.extra_price * 2,
            extra_units=rate.extra_units,
        )
    later = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=WIB)
    with time_machine.travel(later, tick=False):
        confirmed.refresh_from_db()
        assert (confirmed.order.total, list(confirmed.order.lines.values_list("amount", flat=True))) == before
        assert orders.live_quote(orders.order_lines(waiting.order)).total == quote_before * 2
        orders.confirm_order(waiting, officer, now=later)
    waiting.refresh_from_db()
    assert waiting.order.total == quote_before * 2
    assert waiting.order.regulation == dearer


def test_rp0_is_applied_only_on_the_officers_confirmation_of_evidence(student, officer):
    rule = orders.pricing.regulation_in_force(MONDAY.date()).zero_rules.get(segment="academic")
    request = submitted_order(student, zero_rule=rule, evidence=checked(pdf("surat-kampus.pdf")))
    assert request.order.zero_evidence.original_name == "surat-kampus.pdf"
    orders.confirm_order(request, officer, apply_zero_tariff=True, now=MONDAY)
    request.refresh_from_db()
    assert request.order.total == 0 and request.order.zero_tariff_applied
    assert set(request.order.lines.values_list("amount", flat=True)) == {0}
    with pytest.raises(workflow.ActionRefused):  # a free order skips billing
        orders.issue_billing(
            request, officer, code="820261123000123", expires_at=MONDAY + datetime.timedelta(days=2)
        )
    delivery.prepare_file(request, officer, request.order.lines.get(), checked(csv_file(), "text/csv",
                                                                               ".csv"))
    delivery.deliver(request, officer)
    request.refresh_from_db()
    assert request.status == Status.COMPLETED


def test_rp0_needs_evidence(buyer, officer):
    request = submitted_order(buyer)
    with pytest.raises(workflow.ActionRefused, match="Rp0"):
        orders.confirm_order(request, officer, apply_zero_tariff=True)
    request.refresh_from_db()
    assert request.order.total is None


def test_the_officer_returns_an_abstract_that_does_not_fit_and_the_buyer_revises_it(client, buyer, officer):
    request = submitted_order(buyer)
    workflow.perform(
        request, workflow.Action.RETURN, officer, note="Abstraksi tidak menjelaskan variabel R102."
    )
    sign_in(client, buyer)
    revised = ABSTRACT + " Variabel R102 dipakai untuk mengelompokkan wilayah."
    response = client.post(
        reverse("requests_app:act", args=[request.code]),
        {
            "action": "resubmit",
            "version": request.version,
            "note": "Abstraksi sudah diperbaiki.",
            "abstract": revised,
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.RESUBMITTED
    assert request.order.abstract == revised
    assert "Abstraksi diperbarui" in request.events.get(action="resubmit").note


def test_an_officer_rejects_a_returned_order_the_buyer_left_unanswered(buyer, officer):
    request = submitted_order(buyer)
    workflow.perform(request, workflow.Action.RETURN, officer, note="Abstraksi tidak sesuai data.")
    with pytest.raises(workflow.ActionRefused):
        workflow.perform(request, workflow.Action.REJECT, officer, note="")
    workflow.perform(request, workflow.Action.REJECT, officer, note="Tidak ada tanggapan 14 hari.")
    request.refresh_from_db()
    assert request.status == Status.REJECTED
    assert request.closing_note == "Tidak ada tanggapan 14 hari."


# ---------------------------------------------------------------- payment and the clock


def test_waiting_for_payment_pauses_the_clock(buyer, officer, django_capture_on_commit_callbacks):
    request = submitted_order(buyer)
    orders.confirm_order(request, officer, now=MONDAY)
    request.refresh_from_db()
    due_before = request.due_at
    assert due_before is not None and request.working_days_allowed == 10

    tuesday = MONDAY + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        orders.issue_billing(
            request,
            officer,
            code="820261123000123",
            expires_at=tuesday + datetime.timedelta(days=7),
            now=tuesday,
        )
    request.refresh_from_db()
    assert request.status == AWAITING_PAYMENT
    assert request.is_paused
    assert request.order.billing_code == "820261123000123"
    assert "820261123000123" in mail.outbox[-1].body

    paid_on = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=WIB)  # the next Monday: 4 working days later
    with time_machine.travel(paid_on, tick=False):
        orders.submit_payment(request, buyer, checked(pdf("bukti-setor.pdf")))
    request.refresh_from_db()
    assert request.status == Status.IN_PROCESS and not request.is_paused
    assert request.due_at > due_before
    assert request.pauses.get().resumed_at == paid_on


def test_a_refused_proof_asks_again_and_pauses_again(buyer, officer):
    request = submitted_order(buyer)
    orders.confirm_order(request, officer, now=MONDAY)
    orders.issue_billing(
        request, officer, code="820261123000123", expires_at=MONDAY + datetime.timedelta(days=3), now=MONDAY
    )
    orders.submit_payment(request, buyer, checked(pdf("bukti.pdf")))
    with pytest.raises(workflow.ActionRefused):
        workflow.perform(request, SalesAction.REFUSE_PAYMENT, officer, note="")
    workflow.perform(
        request, SalesAction.REFUSE_PAYMENT, officer, note="NTPN tidak ditemukan di SIMPONI."
    )
    request.refresh_from_db()
    assert request.status == AWAITING_PAYMENT and request.is_paused
    assert request.order.payment_proof is None
    with pytest.raises(workflow.ActionRefused):  # nothing to verify now
        workflow.perform(request, SalesAction.VERIFY_PAYMENT, officer)


def test_delivery_waits_for_a_verified_payment(buyer, officer):
    request = submitted_order(buyer)
    orders.confirm_order(request, officer, now=MONDAY)
    with pytest.raises(workflow.ActionRefused, match="pembayaran"):
        delivery.prepare_file(
            request, officer, request.order.lines.get(), checked(csv_file(), "text/csv", ".csv")
        )
    with pytest.raises(workflow.ActionRefused):
        delivery.deliver(request, officer)


def test_a_billing_code_is_fifteen_digits_in_the_future(client, buyer, officer):
    request = submitted_order(buyer)
    orders.confirm_order(request, officer, now=MONDAY)
    request.refresh_from_db()
    sign_in(client, officer)
    url = reverse("product_sales:staff_order_step", args=[request.code, "billing"])
    bad = client.post(
        url,
        {
            "version": request.version,
            "billing_code": "12345",
            "expiry_date": "2020-01-01",
            "expiry_time": "23:59",
        },
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "15 angka" in body and "masa depan" in body
    good = client.post(
        url,
        {
            "version": request.version,
            "billing_code": "820261123000123",
            "expiry_date": "2099-01-01",
            "expiry_time": "23:59",
        },
    )
    assert good.status_code == 302
    request.refresh_from_db()
    assert request.status == AWAITING_PAYMENT


# ---------------------------------------------------------------- delivery and private links


def test_the_buyer_downloads_through_a_private_link_and_each_download_is_recorded(client, buyer, officer):
    request = paid_and_prepared(submitted_order(buyer), officer)
    delivery.deliver(request, officer)
    request.refresh_from_db()
    assert request.status == Status.COMPLETED and request.order.delivered_at
    link = request.order.lines.get().links.get()
    assert link.expires_at - link.created_at == datetime.timedelta(days=14)

    sign_in(client, buyer)
    page = client.get(request.get_absolute_url()).content.decode()
    assert link.get_absolute_url() in page
    response = client.get(link.get_absolute_url(), REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"r101,r102")
    assert "attachment" in response["Content-Disposition"]
    client.get(link.get_absolute_url())
    assert Download.objects.filter(link=link).count() == 2
    assert Download.objects.filter(link=link, ip_address="198.51.100.9").exists()


def test_download_links_refuse_others_expired_links_and_guesses(client, buyer, officer, settings):
    request = paid_and_prepared(submitted_order(buyer), officer)
    delivery.deliver(request, officer)
    link = request.order.lines.get().links.get()

    stranger = ProfiledVisitorFactory()
    sign_in(client, stranger)
    assert client.get(link.get_absolute_url()).status_code == 404
    sign_in(client, officer)  # even the office's staff: the link is the buyer's
    assert client.get(link.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(link.get_absolute_url()).status_code == 302  # sign in first

    sign_in(client, buyer)
    guessed = reverse(
        "product_sales:download_product", args=[link.token[:-1] + ("A" if link.token[-1] != "A" else "B")]
    )
    assert client.get(guessed).status_code == 404
    with time_machine.travel(link.expires_at + datetime.timedelta(seconds=1)):
        sign_in(client, buyer)
        expired = client.get(link.get_absolute_url())
        assert expired.status_code == 410
        assert "kedaluwarsa" in expired.content.decode()
    assert not Download.objects.exists()

    # The officer makes new links; the old one stays expired.
    with time_machine.travel(link.expires_at + datetime.timedelta(days=1)):
        sign_in(client, buyer)
        delivery.deliver(request, officer, renew=True)
        fresh = request.order.lines.get().links.order_by("-created_at").first()
        assert fresh != link
        assert client.get(fresh.get_absolute_url()).status_code == 200
        assert client.get(link.get_absolute_url()).status_code == 410


def test_the_link_lifetime_is_configurable(buyer, officer, settings):
    settings.DOWNLOAD_LINK_DAYS = 3
    request = paid_and_prepared(submitted_order(buyer), officer)
    delivery.deliver(request, officer, now=MONDAY)
    link = request.order.lines.get().links.get()
    assert link.expires_at == MONDAY + datetime.timedelta(days=3)


def test_delivery_needs_a_file_for_every_line(buyer, officer):
    request = submitted_order(buyer, lines=((MICRODATA, None), (PUBLICATION, None)))
    orders.confirm_order(request, officer, now=MONDAY)
    orders.issue_billing(
        request, officer, code="820261123000123", expires_at=MONDAY + datetime.timedelta(days=3), now=MONDAY
    )
    orders.submit_payment(request, buyer, checked(pdf("bukti.pdf")))
    workflow.perform(request, SalesAction.VERIFY_PAYMENT, officer)
    delivery.prepare_file(
        request, officer, request.order.lines.first(), checked(csv_file(), "text/csv", ".csv")
    )
    with pytest.raises(workflow.ActionRefused, match="setiap produk"):
        delivery.deliver(request, officer)


@pytest.mark.parametrize(
    "name, content, accepted",
    [
        ("data.csv", b"a,b\n1,2\n", True),
        ("data.sav", b"$FL2@(#) IBM SPSS STATISTICS" + b"\x00" * 40, True),
        ("data.dta", b"<stata_dta><header><release>118</release>", True),
        ("peta.zip", shapefile_zip(), True),
        ("peta.zip", b"PK\x03\x04" + b"\x00" * 40, False),  # not an archive anything can open
        ("peta.zip", shapefile_zip(**{"setup.exe": EXE_BYTES}), False),
        ("data.xlsx", xlsx_bytes(), True),
        ("data.xlsx", zip_bomb(megabytes=16), False),
        ("publikasi.pdf", ACTIVE_PDFS["launch"][0], False),
        ("peta.geojson", b'{"type": "FeatureCollection", "features": []}', True),
        ("data.csv", EXE_BYTES, False),
        ("data.sav", b"a,b\n1,2\n", False),
        ("gambar.png", PNG_BYTES, False),
    ],
)
def test_prepared_files_are_checked_by_content(client, buyer, officer, name, content, accepted):
    request = submitted_order(buyer)
    orders.confirm_order(request, officer, apply_zero_tariff=False, now=MONDAY)
    Order.objects.filter(request=request).update(total=0)  # free: files may be attached at once
    sign_in(client, officer)
    line = request.order.lines.get()
    response = client.post(
        reverse("product_sales:staff_order_step", args=[request.code, "prepare"]),
        {"line": line.pk, "version": request.version, "file": SimpleUploadedFile(name, content),
         "accept_other_format": "on"},
    )
    line.refresh_from_db()
    assert (response.status_code == 302) is accepted
    assert bool(line.file) is accepted


def test_an_officer_may_send_a_prepared_file_larger_than_other_forms_but_no_one_else(
    client, buyer, officer, settings
):
    settings.REQUEST_MAX_BYTES = 32 * 1024  # every other form: 32 KB
    request = submitted_order(buyer)
    orders.confirm_order(request, officer, apply_zero_tariff=False, now=MONDAY)
    Order.objects.filter(request=request).update(total=0)
    line = request.order.lines.get()
    url = reverse("product_sales:staff_order_step", args=[request.code, "prepare"])

    def send():
        data = b"kode,nilai\n" + b"6202,12345\n" * 8000  # 88 KB
        return client.post(url, {"line": line.pk, "version": request.version, "accept_other_format": "on",
                                 "file": SimpleUploadedFile("data.csv", data)})

    sign_in(client, buyer)
    refused = send()
    assert refused.status_code == 413 and "batasnya 32 KB sekali kirim" in refused.content.decode()
    sign_in(client, officer)
    assert send().status_code == 302
    line.refresh_from_db()
    assert line.file


def test_physical_media_are_picked_up_at_the_office(
    client, buyer, officer, django_capture_on_commit_callbacks
):
    request = submitted_order(buyer, medium="physical")
    orders.confirm_order(request, officer, now=MONDAY)
    orders.issue_billing(
        request, officer, code="820261123000123", expires_at=MONDAY + datetime.timedelta(days=3), now=MONDAY
    )
    orders.submit_payment(request, buyer, checked(pdf("bukti.pdf")))
    workflow.perform(request, SalesAction.VERIFY_PAYMENT, officer)
    with pytest.raises(workflow.ActionRefused):
        delivery.deliver(request, officer)
    with pytest.raises(workflow.ActionRefused):  # not before the buyer is told
        workflow.perform(request, SalesAction.HAND_OVER, officer, note="Budi")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(request, SalesAction.READY_FOR_PICKUP, officer)
    request.refresh_from_db()
    assert request.is_paused  # waiting for the buyer to come
    assert "siap diambil" in mail.outbox[-1].body
    other = submitted_order(buyer)  # an open order that does not wait on him
    client.force_login(buyer)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Media pesanan Anda siap diambil di kantor" in page  # told at the top of his page
    mine = client.get(reverse("requests_app:mine")).content.decode()
    assert mine.index(request.code) < mine.index(other.code)  # and first in his list
    workflow.perform(
        request, SalesAction.HAND_OVER, officer, note="Diserahkan kepada Budi Santoso (KTP)."
    )
    request.refresh_from_db()
    assert request.status == Status.COMPLETED
    assert request.closing_note == "Diserahkan kepada Budi Santoso (KTP)."


# ---------------------------------------------------------------- who may act


def test_orders_are_private_to_their_buyer_and_office(client, buyer, officer, officer_banjarmasin):
    request = submitted_order(buyer)
    stranger = ProfiledVisitorFactory()
    sign_in(client, stranger)
    assert client.get(request.get_absolute_url()).status_code == 404
    assert client.get(reverse("product_sales:sppd_preview", args=[request.code])).status_code == 404
    assert client.post(reverse("product_sales:submit_payment", args=[request.code])).status_code == 404
    assert (
        client.post(
            reverse("product_sales:staff_order_step", args=[request.code, "confirm"]),
            {"version": request.version},
        ).status_code
        == 403
    )
    sign_in(client, officer_banjarmasin)
    assert (
        client.post(
            reverse("product_sales:staff_order_step", args=[request.code, "confirm"]),
            {"version": request.version},
        ).status_code
        == 404
    )
    sign_in(client, officer)
    assert (
        client.post(
            reverse("product_sales:staff_order_step", args=[request.code, "confirm"]),
            {"version": request.version},
        ).status_code
        == 302
    )


def test_a_buyer_cannot_change_a_submitted_order(client, buyer):
    request = submitted_order(buyer)
    sign_in(client, buyer)
    assert client.get(reverse("product_sales:order_edit", args=[request.code])).status_code == 404
    with pytest.raises(workflow.ActionRefused):
        orders.add_line(request, product(PUBLICATION), [], "PDF")


def test_an_officer_works_an_order_from_its_page(client, buyer, officer):
    request = submitted_order(buyer)
    sign_in(client, officer)
    page = client.get(request.get_staff_url()).content.decode()
    assert "Konfirmasi pesanan dan harga" in page
    assert ABSTRACT[:40] in page
    response = client.post(
        reverse("product_sales:staff_order_step", args=[request.code,
                                                        "confirm"]), {"version": request.version}
    )
    assert response.status_code == 302
    page = client.get(request.get_staff_url()).content.decode()
    assert "Terbitkan kode billing" in page
    stale = client.post(
        reverse("product_sales:staff_order_step", args=[request.code, "billing"]),
        {
            "version": request.version,
            "billing_code": "820261123000123",
            "expiry_date": "2099-01-01",
            "expiry_time": "12:00",
        },
    )
    assert stale.status_code == 409  # the page's version was before the confirmation


def test_a_double_click_on_each_order_step_lands_on_its_result(client, buyer, officer):
    request = submitted_order(buyer)

    def twice(url, data, user, files=dict):
        sign_in(client, user)
        request.refresh_from_db()
        data = {**data, "version": request.version}
        first = client.post(url, {**data, **files()})
        again = client.post(url, {**data, **files()}, follow=True)
        assert first.status_code == 302 and again.redirect_chain[-1][1] == 302
        assert "baru saja diubah" not in again.content.decode()

    step = "product_sales:staff_order_step"
    twice(reverse(step, args=[request.code, "confirm"]), {}, officer)
    twice(reverse(step, args=[request.code, "billing"]),
          {"billing_code": "820261123000123", "expiry_date": "2099-01-01", "expiry_time": "12:00"}, officer)
    twice(reverse("product_sales:submit_payment", args=[request.code]), {}, buyer,
          files=lambda: {"proof": pdf("bukti.pdf")})
    twice(reverse(step, args=[request.code, "verify"]), {"note": ""}, officer)
    actions = list(request.events.values_list("action", flat=True))
    assert actions == ["submit", "confirm_order", "issue_billing", "submit_payment", "verify_payment"]
    assert request.documents.filter(original_name="bukti.pdf").count() == 1


def test_a_paid_order_is_not_cancelled_by_the_buyer(buyer, officer):
    request = paid_and_prepared(submitted_order(buyer), officer)
    with pytest.raises(workflow.ActionRefused, match="diverifikasi"):
        workflow.perform(request, workflow.Action.CANCEL, buyer)


def test_order_steps_belong_to_product_sales_only(sales, officer):
    consultation = Request.objects.create(
        office=sales,
        service_kind=standard("6500", "konsultasi").service_kind,
        standard=standard("6500", "konsultasi"),
        purpose="x",
        status=Status.IN_PROCESS,
    )
    assert not workflow.may(consultation, SalesAction.DELIVER, officer)


# ---------------------------------------------------------------- walk-in buyers


def test_a_walk_in_buyer_gets_an_account_and_the_same_steps(
    client, officer, django_capture_on_commit_callbacks
):
    sign_in(client, officer)
    url = reverse("product_sales:walk_in_order")
    microdata = product(MICRODATA)
    form = {
        "email": "Tamu.Baru@Contoh.id",
        "full_name": "Tamu Baru",
        "phone": "0812 3456 7890",
        "segment": "private",
        "institution": "CV Sampit Data",
        "npwp": "",
        "abstract": ABSTRACT,
        "medium": "download",
        **desk_order_lines((microdata, "DTA")),
    }
    missing_npwp = client.post(url, form)
    assert missing_npwp.status_code == 400
    assert "NPWP" in missing_npwp.content.decode()
    assert not User.objects.filter(email__iexact="tamu.baru@contoh.id").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = at_the_desk(client, url, {**form, "npwp": "01.234.567.4-901.000"})
    assert response.status_code == 302
    buyer = User.objects.get(email="tamu.baru@contoh.id")
    assert buyer.role == Role.VISITOR and buyer.npwp == VALID_NPWP and not buyer.has_usable_password()
    request = Request.objects.get(visitor=buyer)
    assert request.channel == "walk_in" and request.status == Status.SUBMITTED
    assert request.assigned_to == officer
    line = request.order.lines.get()
    assert line.format == "DTA" and not line.variables.exists()  # the full set
    assert any(m.to == ["tamu.baru@contoh.id"] and "password" in m.body.lower() for m in mail.outbox)

    with pytest.raises(workflow.ActionRefused, match="SPPD"):
        orders.confirm_order(request, officer)
    signed = client.post(
        reverse("product_sales:staff_order_step", args=[request.code, "sppd"]),
        {"version": request.version, "sppd": pdf("sppd-ttd.pdf"), "signed_by": "Tamu Baru"},
    )
    assert signed.status_code == 302
    request.refresh_from_db()
    assert request.order.sppd_accepted and request.order.sppd_document.original_name == "sppd-ttd.pdf"
    orders.confirm_order(request, officer)
    request.refresh_from_db()
    assert request.order.total > 0


def test_a_walk_in_order_uses_an_existing_account(client, buyer, officer):
    sign_in(client, officer)
    publication = product(PUBLICATION)
    response = at_the_desk(
        client,
        reverse("product_sales:walk_in_order"),
        {
            "email": "BUDI@contoh.id",
            "full_name": "Nama Lain",
            "phone": "081234567890",
            "segment": "private",
            "npwp": VALID_NPWP,
            "medium": "physical",
            **desk_order_lines((publication, "PDF")),
        },
    )
    assert response.status_code == 302
    buyer.refresh_from_db()
    assert buyer.full_name == "Budi Santoso"  # existing details are kept
    assert Request.objects.filter(visitor=buyer, channel="walk_in").count() == 1
    assert User.objects.filter(email__iexact="budi@contoh.id").count() == 1


def test_a_staff_email_is_not_a_buyer(client, officer):
    # Told only once the code sent to the address was read out, that is to the address's owner.
    sign_in(client, officer)
    publication = product(PUBLICATION)
    response = at_the_desk(
        client,
        reverse("product_sales:walk_in_order"),
        {
            "email": officer.email,
            "full_name": "X",
            "phone": "081234567890",
            "segment": "individual",
            "medium": "download",
            **desk_order_lines((publication, "PDF")),
        },
    )
    assert response.status_code == 400
    assert "tidak dapat dipakai di meja layanan" in response.content.decode()
    assert not Request.objects.filter(visitor=officer).exists()


def test_a_walk_in_npwp_left_by_another_segment_is_neither_checked_nor_kept(client, officer, student):
    # The desk's form shows the NPWP only for the private segment (as the profile does): what another
    # segment leaves in the hidden field is not refused, and not stored on a new or an existing account.
    sign_in(client, officer)
    publication = product(PUBLICATION)
    form = {
        "full_name": "Tamu Akademik",
        "phone": "081234567890",
        "segment": "academic",
        "npwp": "12.345",
        "medium": "physical",
        **desk_order_lines((publication, "PDF")),
    }
    url = reverse("product_sales:walk_in_order")
    response = at_the_desk(client, url, {**form, "email": "tamu.akademik@contoh.id"})
    assert response.status_code == 302
    assert User.objects.get(email="tamu.akademik@contoh.id").npwp == ""
    response = at_the_desk(client, url, {**form, "email": student.email, "npwp": VALID_NPWP})
    assert response.status_code == 302
    assert Request.objects.get(visitor=student).order.npwp == ""
    student.refresh_from_db()
    assert student.segment == Segment.ACADEMIC and student.npwp == ""


def test_a_walk_in_private_buyer_still_needs_a_valid_npwp(client, officer):
    sign_in(client, officer)
    publication = product(PUBLICATION)
    form = {
        "email": "cv.baru@contoh.id",
        "full_name": "CV Baru",
        "phone": "081234567890",
        "segment": "private",
        "medium": "physical",
        **desk_order_lines((publication, "PDF")),
    }
    for npwp in ("", "12.345"):
        response = client.post(reverse("product_sales:walk_in_order"), {**form, "npwp": npwp})
        assert response.status_code == 400 and 'id="id_npwp"' in response.content.decode()
    assert not User.objects.filter(email="cv.baru@contoh.id").exists()


def test_the_desk_lists_each_product_as_a_row_and_an_extra_empty_row_is_ignored(client, officer):
    sign_in(client, officer)
    url = reverse("product_sales:walk_in_order")
    page = client.get(url).content.decode()
    offered = dict((pk, index) for index, pk in re.findall(r'name="lines-(\d+)-product" value="(\d+)"', page))
    office_products = Product.objects.available().filter(office=officer.office)
    assert set(offered) == {str(p.pk) for p in office_products}
    assert f'name="lines-TOTAL_FORMS" value="{len(offered)}"' in page
    publication = product(PUBLICATION)
    rows = {f"lines-{index}-product": pk for pk, index in offered.items()}
    ticked = offered[str(publication.pk)]
    extra = len(offered)  # one more row, posted empty: ignored
    form = {"email": "tamu.loket@contoh.id", "full_name": "Tamu Loket", "phone": "081234567890",
            "segment": "individual", "medium": "physical", **rows,
            "lines-TOTAL_FORMS": str(len(offered) + 1), "lines-INITIAL_FORMS": str(len(offered)),
            f"lines-{ticked}-chosen": "on", f"lines-{ticked}-format": "PDF", f"lines-{extra}-product": ""}
    response = at_the_desk(client, url, form)
    assert response.status_code == 302
    line = Request.objects.get(visitor__email="tamu.loket@contoh.id").order.lines.get()
    assert (line.product, line.format) == (publication, "PDF")


def test_setting_a_password_from_the_emailed_link_verifies_the_address(client, officer):
    buyer, created = desk_visitor(
        officer,
        email="baru@contoh.id", full_name="Baru", phone="+6281200000001", segment=Segment.INDIVIDUAL
    )
    assert created and not orders.email_verified(buyer)
    from allauth.account.signals import password_reset

    password_reset.send(sender=User, request=None, user=buyer)
    assert orders.email_verified(buyer)


def test_a_visitor_not_profiled_is_sent_to_the_profile(client, sales):
    person = VisitorFactory()
    sign_in(client, person)
    response = client.get(reverse("product_sales:order_product", args=["6202", PUBLICATION]))
    assert response.status_code == 302 and "profil" in response["Location"]


# ---------------------------------------------------------------- the order's steps, stage by stage

ORDER_ACTIONS = (
    "confirm_order",
    "record_sppd",
    "issue_billing",
    "submit_payment",
    "verify_payment",
    "refuse_payment",
    "prepare_file",
    "deliver",
    "ready_for_pickup",
    "hand_over",
    "renew_links",
    "return",
    "reject",
    "cancel",
    "complete",
    "resubmit",
    "file_at_desk",
)
# stage -> (what the officer may do, what the buyer may do)
ORDER_TABLE = {
    "submitted": ({"confirm_order", "return", "reject"}, {"cancel"}),
    "returned": ({"reject"}, {"resubmit", "cancel"}),
    "confirmed": ({"issue_billing", "reject"}, {"cancel"}),
    # A new code when the first expired; the officer also records a proof brought to the desk.
    "billed": ({"issue_billing", "submit_payment", "reject"}, {"submit_payment", "cancel"}),
    "proof_sent": ({"verify_payment", "refuse_payment", "reject"}, {"cancel"}),
    "paid": ({"prepare_file", "reject"}, set()),
    "prepared": ({"prepare_file", "deliver", "reject"}, set()),
    "delivered": ({"renew_links"}, set()),
}


def order_at(stage, buyer, officer):
    request = submitted_order(buyer)
    if stage == "returned":
        workflow.perform(request, "return", officer, note="Abstraksi kurang jelas.")
        return request
    steps = [s for s in ORDER_TABLE if s != "returned"]
    for step in steps[1 : steps.index(stage) + 1]:
        if step == "confirmed":
            orders.confirm_order(request, officer, now=MONDAY)
        elif step == "billed":
            orders.issue_billing(
                request,
                officer,
                code="820261123000123",
                expires_at=MONDAY + datetime.timedelta(days=3),
                now=MONDAY,
            )
        elif step == "proof_sent":
            orders.submit_payment(request, buyer, checked(pdf("bukti.pdf")))
        elif step == "paid":
            workflow.perform(request, SalesAction.VERIFY_PAYMENT, officer)
        elif step == "prepared":
            delivery.prepare_file(
                request, officer, request.order.lines.get(), checked(csv_file(), "text/csv", ".csv")
            )
        elif step == "delivered":
            delivery.deliver(request, officer)
    request.refresh_from_db()
    return request


@pytest.mark.parametrize("stage", list(ORDER_TABLE))
def test_each_stage_of_an_order_offers_only_its_steps(stage, buyer, officer):
    request = order_at(stage, buyer, officer)
    officer_may = {a for a in ORDER_ACTIONS if workflow.may(request, a, officer)}
    buyer_may = {a for a in ORDER_ACTIONS if workflow.may(request, a, buyer)}
    assert (officer_may, buyer_may) == ORDER_TABLE[stage]


def test_submitting_without_the_sppd_is_refused(buyer):
    request = draft_for(buyer)
    with pytest.raises(workflow.ActionRefused, match="SPPD"):
        workflow.perform(request, workflow.Action.SUBMIT, buyer)
    request.refresh_from_db()
    assert request.status == Status.DRAFT


@pytest.mark.parametrize("stage", list(ORDER_TABLE))
def test_both_pages_of_an_order_show_each_stage(client, stage, buyer, officer):
    request = order_at(stage, buyer, officer)
    sign_in(client, buyer)
    buyer_page = client.get(request.get_absolute_url())
    assert buyer_page.status_code == 200
    body = buyer_page.content.decode()
    assert request.get_status_display() in body
    assert ("Kirim bukti pembayaran" in body) is (stage == "billed")
    assert ("Unduh " + product(MICRODATA).title in body) is (stage == "delivered")
    sign_in(client, officer)
    staff_page = client.get(request.get_staff_url())
    assert staff_page.status_code == 200
    assert ("Pembayaran sah" in staff_page.content.decode()) is (stage == "proof_sent")


@pytest.mark.parametrize("action", ["confirm_order", "deliver", "issue_billing", "message"])
def test_the_generic_action_form_takes_no_step_that_has_its_own_form(client, buyer, officer, action):
    request = submitted_order(buyer)
    sign_in(client, officer)
    response = client.post(
        reverse("requests_app:staff_act", args=[request.code]),
        {"action": action, "version": request.version, "note": "x"},
    )
    assert response.status_code == 409
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED and request.order.total is None


# ---------------------------------------------------------------- the price promise (issue 14, item 2)

VARYING = "st2023-rumah-tangga-pertanian-kotim"  # 41,236 records × 12 variables of 8 bytes: ~4 MB


def test_a_set_within_the_first_block_promises_no_lower_price_for_a_subset(client, buyer):
    sign_in(client, buyer)
    product_page = client.get(product(MICRODATA).get_absolute_url()).content.decode()
    order_page = client.get(reverse("product_sales:order_product", args=["6202", MICRODATA])).content.decode()
    for page in (product_page, order_page):
        assert "harga lebih rendah" not in page.lower()
        assert "mengurangi ukuran berkas, dan harganya" not in page
        assert "masuk blok pertama (1 MB): harganya sama berapa pun variabel yang dipilih" in page
        assert "Rp25.000 untuk 1 MB pertama, lalu Rp25 per 1 kB berikutnya" in page
    one = product(MICRODATA).variables.order_by("order").first()
    quote = client.post(reverse("product_sales:line_quote", args=["6202", MICRODATA]),
                        {"variables": [one.pk]})
    body = quote.content.decode()
    assert "Rp25.000" in body and "Ukuran berkas sekitar 9,3 kB untuk pilihan ini" in body  # 1,160 × 8
    assert "1 MB" in body


def test_a_set_above_the_first_block_says_how_far_a_subset_lowers_the_price(client, buyer):
    sign_in(client, buyer)
    varying = product(VARYING)
    page = client.get(varying.get_absolute_url()).content.decode()
    assert "Rp98.975" in page  # 3,958,656 bytes: Rp25.000 + 2,959 further kB × Rp25
    assert (
        "Di atas 1 MB, memilih lebih sedikit variabel memperkecil berkas dan harganya; "
        "harga terendah Rp25.000"
    ) in page
    two = list(varying.variables.order_by("order")[:4])
    quote = client.post(
        reverse("product_sales:line_quote", args=["6202", VARYING]), {"variables": [v.pk for v in two]}
    )
    assert "Rp33.000" in quote.content.decode()  # 1,319,552 bytes: Rp25.000 + 320 × Rp25


# ---------------------------------------------------------------- who signs the SPPD (issue 14, item 3)


def test_the_sppd_is_accepted_in_the_signed_in_buyers_name_whatever_is_typed(client, buyer):
    draft = draft_for(buyer)
    sign_in(client, buyer)
    check = reverse("requests_app:check", args=[draft.code])
    assert "Anda menyetujui atas nama <strong>Budi Santoso</strong>" in client.get(check).content.decode()
    assert client.post(check, {"agree": "on", "name": "Orang Lain"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.order.sppd_accepted_name == "Budi Santoso"
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Disetujui oleh Budi Santoso" in page and "Orang Lain" not in page


def test_only_the_buyer_accepts_an_orders_sppd(buyer, student):
    draft = draft_for(buyer)
    with pytest.raises(workflow.ActionRefused, match="pembeli"):
        orders.accept_sppd_and_submit(draft, student, ip="203.0.113.7")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and not draft.order.sppd_accepted


def test_the_officer_records_who_signed_a_walk_in_sppd_and_sees_another_name(client, officer):
    buyer = walk_in_guest(officer)
    request = orders.create_walk_in_order(
        officer, buyer, standard("6202", "penjualan-produk"), lines=[(product(PUBLICATION), "PDF")],
        abstract=ABSTRACT, medium="download",
    )
    sign_in(client, officer)
    step = reverse("product_sales:staff_order_step", args=[request.code, "sppd"])
    unnamed = client.post(step, {"version": request.version, "sppd": pdf("sppd-ttd.pdf")})
    assert unnamed.status_code == 400 and not Order.objects.get(request=request).sppd_accepted
    signed = client.post(
        step, {"version": request.version, "sppd": pdf("sppd-ttd.pdf"), "signed_by": "Rina Meja"}
    )
    assert signed.status_code == 302
    request.refresh_from_db()
    assert request.order.sppd_accepted_name == "Rina Meja"
    assert "oleh Rina Meja" in request.events.get(action="record_sppd").note
    page = client.get(request.get_staff_url()).content.decode()
    assert "Ditandatangani di meja layanan oleh Rina Meja" in page
    assert "bukan nama pembeli (Tamu Meja)" in page


# ---------------------------------------------------------------- the prepared file (issue 14, item 4)


def test_a_prepared_file_of_another_format_needs_the_officers_confirmation(client, buyer, officer):
    request = submitted_order(buyer)  # one line, ordered as CSV
    orders.confirm_order(request, officer, now=MONDAY)
    Order.objects.filter(request=request).update(total=0)  # free: files may be attached at once
    line = request.order.lines.get()
    assert line.format == "CSV"
    sign_in(client, officer)
    step = reverse("product_sales:staff_order_step", args=[request.code, "prepare"])
    page = {"line": line.pk, "version": request.version}
    refused = client.post(step, {**page, "file": pdf("data.pdf")})
    assert refused.status_code == 409
    assert "bukan format CSV yang dipesan" in refused.content.decode()
    line.refresh_from_db()
    assert not line.file
    accepted = client.post(step, {**page, "file": pdf("data.pdf"), "accept_other_format": "on"})
    assert accepted.status_code == 302
    line.refresh_from_db()
    assert line.file and line.file_extension == ".pdf"
    assert "format berbeda dari pesanan CSV" in request.events.filter(action="prepare_file").get().note
    # The ordered format needs no confirmation (from the page as it reloads after attaching).
    request.refresh_from_db()
    replaced = client.post(step, {"line": line.pk, "version": request.version, "file": csv_file("data.csv")})
    assert replaced.status_code == 302


def test_the_buyer_downloads_a_file_named_after_the_product_office_and_order(client, buyer, officer):
    request = paid_and_prepared(submitted_order(buyer), officer)  # the officer's file is susenas.csv
    delivery.deliver(request, officer)
    link = request.order.lines.get().links.get()
    sign_in(client, buyer)
    expected = f"{MICRODATA}_bps-kabupaten-kotawaringin-timur_{request.code}.csv"
    assert expected in client.get(request.get_absolute_url()).content.decode()
    response = client.get(link.get_absolute_url())
    assert f'filename="{expected}"' in response["Content-Disposition"]


# ---------------------------------------------------------------- links about to expire (issue 14, item 27)


def test_the_buyer_is_emailed_two_working_days_before_the_links_expire_once(client, buyer, officer, settings,
                                                                          django_capture_on_commit_callbacks):
    from pst_portal.models import JobRun
    from services.product_sales import reminders, tasks

    request = paid_and_prepared(submitted_order(buyer), officer)
    delivery.deliver(request, officer, now=MONDAY)  # 14 days: Monday 7 December 2026, 09.00 WIB
    link = request.order.lines.get().links.get()
    mail.outbox.clear()
    wednesday, thursday = MONDAY + datetime.timedelta(days=9), MONDAY + datetime.timedelta(days=10)
    assert reminders.remind_link_expiry(wednesday) == {"link_expiry": 0}  # 3 working days left
    # The warning is emailed by the notifier once its transaction commits (the test's never does).
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(thursday, tick=False):
        tasks.remind_link_expiry()  # Friday 4 and Monday 7 December are left
        tasks.remind_link_expiry()
    assert [run.counts for run in JobRun.objects.filter(name="remind_link_expiry")] == [
        {"link_expiry": 1}, {"link_expiry": 0}]
    (message,) = [m for m in mail.outbox if "budi@contoh.id" in m.to]
    assert request.code in message.subject
    assert "berlaku sampai 7 Desember 2026 09.00 WIB" in message.body
    assert request.get_absolute_url() in message.body
    assert request.events.filter(action="link_expiry_warning", is_internal=False).count() == 1

    with time_machine.travel(thursday, tick=False):
        sign_in(client, buyer)
        page = client.get(request.get_absolute_url()).content.decode()
    assert link.get_absolute_url() in page and "berlaku sampai 7 Desember 2026 09.00" in page

    # New links after these expired are a new expiry: one more reminder, when its time comes.
    renewed_at = link.expires_at + datetime.timedelta(days=1)
    delivery.deliver(request, officer, renew=True, now=renewed_at)
    assert reminders.remind_link_expiry(renewed_at) == {"link_expiry": 0}
    assert reminders.remind_link_expiry(renewed_at + datetime.timedelta(days=12)) == {"link_expiry": 1}


# ------------------------------------------------- served in the desk's queue (issue 14, item 25)


def test_a_walk_in_order_where_the_standard_gives_minutes_says_so_and_queues_by_age(
    client, sales, django_capture_on_commit_callbacks
):
    from requests_app.deadlines import Urgency, urgency
    from tests.factories import AgencyVisitorFactory
    from tests.requests_helpers import file_request

    kotabaru = Office.objects.get(code="6302")
    desk_officer = OfficerFactory(email="petugas.kotabaru@bps.go.id", office=kotabaru)
    now = datetime.datetime.now(tz=WIB)
    waiting = file_request(AgencyVisitorFactory(), "6302", "rekomendasi")  # its clock runs: 30 working days
    Request.objects.filter(pk=waiting.pk).update(
        due_at=now + datetime.timedelta(days=3), at_risk_from=now + datetime.timedelta(days=2)
    )
    buyer = walk_in_guest(desk_officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = orders.create_walk_in_order(
            desk_officer, buyer, standard("6302", "penjualan-produk"),
            lines=[(product("kotabaru-dalam-angka-2025"), "PDF")], abstract="", medium="download",
        )
    request.refresh_from_db()
    assert request.due_at is None and request.queue_minutes == 10
    assert urgency(request) == Urgency.ON_TRACK  # waiting its turn, not "not yet started"
    promise = "dilayani paling lama 10 menit sejak pengguna sebelumnya dalam antrean selesai"

    sign_in(client, desk_officer)
    staff_page = client.get(request.get_staff_url()).content.decode()
    queue = client.get("/petugas/").content.decode()
    client.force_login(buyer)
    buyer_page = client.get(request.get_absolute_url()).content.decode()
    for page in (staff_page, buyer_page):
        assert promise in page
        assert "dinyatakan lengkap" not in page and "Belum dihitung" not in page
    # In the queue, by its age: before a request whose deadline is days away.
    codes = re.findall(r'<tr data-code="([^"]+)">', queue)
    assert codes.index(request.code) < codes.index(waiting.code)
    row = queue[queue.index(f'data-code="{request.code}"'):]
    assert promise in row[:row.index("</tr>")]
    assert any(
        "paling lama 10 menit sejak pengguna sebelumnya" in message.body
        for message in mail.outbox
    ), [m.subject for m in mail.outbox]


def test_an_order_is_started_by_confirming_it_and_each_step_says_what_it_does(client, buyer, officer):
    request = submitted_order(buyer)
    sign_in(client, officer)
    page = client.get(reverse("requests_app:staff_detail", args=[request.code])).content.decode()
    # Neither "Nyatakan lengkap" nor "Proses": confirming the order is what starts it and its clock.
    assert 'value="mark_complete"' not in page and 'value="process"' not in page
    assert "Konfirmasi pesanan dan harga" in page
    assert 'value="return"' in page and "Abstraksi tidak sesuai dengan data yang diminta" in page
    assert 'value="reject"' in page and "Tutup permintaan ini dengan alasan" in page
    for action in ("process", "mark_complete"):
        response = client.post(reverse("requests_app:staff_act", args=[request.code]),
                               {"action": action, "version": request.version})
        assert response.status_code == 409
        assert "Pesanan dimulai dengan" in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.clock_started_at) == (Status.SUBMITTED, None)


def test_a_buyer_discards_an_order_draft_after_confirming(client, buyer):
    draft = draft_for(buyer)
    sign_in(client, buyer)
    edit = client.get(reverse("product_sales:order_edit", args=[draft.code])).content.decode()
    question_url = reverse("requests_app:discard_draft", args=[draft.code])
    assert f'href="{question_url}"' in edit and "Buang pesanan ini" in edit
    question = client.get(question_url).content.decode()
    assert f'href="{reverse("product_sales:order_edit", args=[draft.code])}"' in question  # back to the order
    assert client.post(question_url)["Location"] == reverse("requests_app:mine")
    assert not Request.objects.filter(pk=draft.pk).exists()
    assert not Order.objects.filter(pk=draft.order.pk).exists()


def test_the_officer_who_confirms_an_unassigned_order_becomes_its_officer(buyer, officer):
    request = submitted_order(buyer)
    assert request.assigned_to is None
    orders.confirm_order(request, officer, now=MONDAY)  # confirming starts an order, as 'process' does
    request.refresh_from_db()
    assert request.assigned_to == officer


def test_a_walk_in_order_served_in_the_queue_waits_on_its_buyer_while_billed(client, sales,
                                                                           django_capture_on_commit_callbacks):
    """Where the standard gives minutes, not working days, a bill still puts the order in the buyer's
    hands: paused (not "served within 10 minutes"), first in their list, and reminded like the others."""
    from requests_app import reminders
    from requests_app.deadlines import Urgency, urgency

    kotabaru = Office.objects.get(code="6302")
    desk_officer = OfficerFactory(email="petugas.kotabaru@bps.go.id", office=kotabaru)
    buyer = walk_in_guest(desk_officer)
    monday = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Makassar"))
    request = orders.create_walk_in_order(
        desk_officer, buyer, standard("6302", "penjualan-produk"),
        lines=[(product("kotabaru-dalam-angka-2025"), "PDF")], abstract="", medium="download",
    )
    orders.record_signed_sppd(request, desk_officer, checked(pdf("sppd-ttd.pdf")), signed_by="Tamu Meja")
    orders.confirm_order(request, desk_officer, now=monday)
    orders.issue_billing(request, desk_officer, code="820261123000999",
                         expires_at=monday + datetime.timedelta(days=7), now=monday)
    request.refresh_from_db()
    assert request.due_at is None and request.queue_minutes == 10
    assert request.clock_paused_at == monday and urgency(request) == Urgency.PAUSED
    assert request.pauses.get().working_days_left is None

    client.force_login(buyer)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "dilayani paling lama 10 menit" not in page
    assert "Pesanan ini menunggu pembayaran Anda" in page and "Dijeda" in page
    assert "sisa 0 hari kerja" not in page
    mine = client.get(reverse("requests_app:mine")).content.decode()
    assert "Menunggu tindakan Anda" in mine

    mail.outbox.clear()
    thursday = monday + datetime.timedelta(days=3)  # three working days of waiting
    with django_capture_on_commit_callbacks(execute=True):  # the notifier runs once it commits
        assert reminders.remind_visitors(thursday)["visitor_3"] == 1
    (reminder,) = [m for m in mail.outbox if buyer.email in m.to]
    assert request.code in reminder.subject

    orders.submit_payment(request, buyer, checked(pdf("bukti.pdf")))
    request.refresh_from_db()
    assert request.clock_paused_at is None and urgency(request) == Urgency.ON_TRACK
    assert request.pauses.get().resumed_at is not None


# ------------------------------------- the same submission twice lands on its result (issue 14, item 8)


def test_a_double_submit_of_the_signed_sppd_stores_one_sppd_and_one_event(client, officer):
    buyer = walk_in_guest(officer)
    request = orders.create_walk_in_order(
        officer, buyer, standard("6202", "penjualan-produk"), lines=[(product(PUBLICATION), "PDF")],
        abstract=ABSTRACT, medium="download",
    )
    sign_in(client, officer)
    step = reverse("product_sales:staff_order_step", args=[request.code, "sppd"])
    data = {"version": request.version, "signed_by": "Tamu Meja"}
    first = client.post(step, {**data, "sppd": pdf("sppd-ttd.pdf")})
    again = client.post(step, {**data, "sppd": pdf("sppd-ttd.pdf")}, follow=True)
    assert first.status_code == 302 and again.redirect_chain[-1][1] == 302
    assert "baru saja diubah" not in again.content.decode()
    assert request.events.filter(action="record_sppd").count() == 1
    assert request.documents.filter(original_name="sppd-ttd.pdf").count() == 1
    # The page after the first one acts on the order as it is now: its SPPD is recorded.
    request.refresh_from_db()
    confirmed = client.post(
        reverse("product_sales:staff_order_step", args=[request.code,
                                                        "confirm"]), {"version": request.version}
    )
    assert confirmed.status_code == 302 and request.events.filter(action="confirm_order").count() == 1


def test_a_double_click_on_new_links_makes_one_set_and_one_email(
    client, buyer, officer, django_capture_on_commit_callbacks
):
    request = paid_and_prepared(submitted_order(buyer), officer)
    delivery.deliver(request, officer, now=MONDAY)
    request.refresh_from_db()
    mail.outbox.clear()
    sign_in(client, officer)
    step = reverse("product_sales:staff_order_step", args=[request.code, "renew"])
    data = {"version": request.version, "note": ""}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(step, data)
        again = client.post(step, data, follow=True)
    assert first.status_code == 302 and again.redirect_chain[-1][1] == 302
    assert "baru saja diubah" not in again.content.decode()
    assert request.events.filter(action="renew_links").count() == 1
    assert request.order.lines.get().links.count() == 2  # the delivered one and one new
    assert len([m for m in mail.outbox if buyer.email in m.to]) == 1


def test_a_double_click_on_attaching_a_file_stores_it_once(client, buyer, officer):
    request = submitted_order(buyer)  # one line, ordered as CSV
    orders.confirm_order(request, officer, now=MONDAY)
    Order.objects.filter(request=request).update(total=0)  # free: files may be attached at once
    request.refresh_from_db()
    line = request.order.lines.get()
    sign_in(client, officer)
    step = reverse("product_sales:staff_order_step", args=[request.code, "prepare"])
    data = {"line": line.pk, "version": request.version}
    first = client.post(step, {**data, "file": csv_file("data.csv")})
    line.refresh_from_db()
    stored = line.file.name
    again = client.post(step, {**data, "file": csv_file("data.csv")}, follow=True)
    assert first.status_code == 302 and again.redirect_chain[-1][1] == 302
    assert "baru saja diubah" not in again.content.decode()
    assert request.events.filter(action="prepare_file").count() == 1
    line.refresh_from_db()
    assert line.file.name == stored
    # Another file from the page as it was before the first one is someone's older page: refused.
    other = client.post(step, {**data, "file": csv_file("lain.csv")})
    assert other.status_code == 409 and "baru saja diubah" in other.content.decode()
    line.refresh_from_db()
    assert line.file.name == stored and line.file_name == "data.csv"


def test_links_renewed_before_they_expire_are_reminded_of_by_the_new_expiry(client, buyer, officer,
                                                                           django_capture_on_commit_callbacks):
    from services.product_sales import reminders

    request = paid_and_prepared(submitted_order(buyer), officer)
    delivery.deliver(request, officer, now=MONDAY)  # expire Monday 7 December 2026, 09.00 WIB
    renewed_at = MONDAY + datetime.timedelta(days=7)  # Monday 30 November: the first links still work
    delivery.deliver(request, officer, renew=True, now=renewed_at)  # these expire Monday 14 December
    mail.outbox.clear()
    thursday = MONDAY + datetime.timedelta(days=10)  # 2 working days before the first links expire
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(thursday, tick=False):
        assert reminders.remind_link_expiry(thursday) == {"link_expiry": 0}
        sign_in(client, buyer)
        page = client.get(request.get_absolute_url()).content.decode()
    # The page offers the new links only (the timeline keeps the first delivery's note, without a time).
    assert "berlaku sampai 14 Desember 2026 09.00" in page and "sampai 7 Desember 2026 09.00" not in page
    assert not [m for m in mail.outbox if buyer.email in m.to]

    next_thursday = thursday + datetime.timedelta(days=7)  # 2 working days before the new links expire
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.remind_link_expiry(next_thursday) == {"link_expiry": 1}
    (message,) = [m for m in mail.outbox if buyer.email in m.to]
    assert "berlaku sampai 14 Desember 2026 09.00 WIB" in message.body


def test_my_requests_served_in_the_desks_queue_cost_no_query_each(client, sales):
    # Orders at a desk whose standard gives minutes have no due date: "Permintaan saya" shows their
    # queue promise from the list's own query, not from one more query per row.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    desk_officer = OfficerFactory(email="petugas.kotabaru@bps.go.id", office=Office.objects.get(code="6302"))
    buyer = walk_in_guest(desk_officer)

    def order_at_the_desk():
        return orders.create_walk_in_order(
            desk_officer, buyer, standard("6302", "penjualan-produk"),
            lines=[(product("kotabaru-dalam-angka-2025"), "PDF")], abstract="", medium="download",
        )

    def my_requests():
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/permintaan/")
        assert page.status_code == 200
        return len(queries), page.content.decode()

    client.force_login(buyer)
    order_at_the_desk()
    few, _page = my_requests()
    for _ in range(4):
        order_at_the_desk()
    many, page = my_requests()
    assert page.count("dilayani paling lama 10 menit sejak pengguna sebelumnya") == 5
    assert many == few, f"{many - few} more queries for 4 more orders without a due date"


def test_the_lines_the_portal_writes_on_an_order_read_in_the_buyers_language(client, buyer, officer):
    """The officer works in Indonesian; a buyer who chose English reads the total and the billing line the
    portal wrote in English, on the page and in the email, with the amounts and dates as they were."""
    request = submitted_order(buyer)
    orders.confirm_order(request, officer, now=MONDAY)
    request.refresh_from_db()
    orders.issue_billing(request, officer, code="820261123000123",
                         expires_at=MONDAY + datetime.timedelta(days=7), now=MONDAY)
    client.force_login(buyer)
    client.cookies["django_language"] = "en"
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Billing code 820261123000123" in page and "valid until 30 November 2026" in page
    assert "Total Rp" in page and " under " in page
    assert "Kode billing 820261123000123" not in page
    client.cookies["django_language"] = "id"
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Kode billing 820261123000123" in page and "berlaku sampai 30 November 2026" in page
