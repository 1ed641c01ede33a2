"""Every URL pattern of the project, swept for every identity (issue 15, item 9).

Each case is a set of objects that belongs to some identities (a visitor's request with its documents,
lines, links, meeting or letter, and the staff of its office; an office's draft article; the
administrator's admin pages). Each pattern is filled with each case's objects and requested, GET and
POST, by every identity the case does not belong to. A leak is an answer that shows the case's private
markers (email, phone, NPWP, the purpose written), serves a file, or changes the case's rows. A new
pattern with keys this sweep does not know how to fill fails the test, so every future page is swept.
"""
import datetime
import uuid
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from desk import desk as desk_work
from desk import kiosk as kiosks
from desk.kiosk_models import Guest, GuestBookEntry, Kiosk
from desk.models import Desk, Ticket
from desk.numbering import issue_ticket
from replies.models import ReplyTemplate
from requests_app import workflow
from requests_app.models import Document, Request
from requests_app.uploads import check_upload
from services.catalogue.models import Office
from services.consultation import conversation as consultation
from services.consultation.models import Article
from services.product_sales import delivery
from services.product_sales.models import Order
from services.recommendation import letters, recommendations
from tests.factories import (
    AgencyVisitorFactory,
    HeadFactory,
    OfficerFactory,
    ProfiledVisitorFactory,
    UserFactory,
)
from tests.requests_helpers import (
    complete_letter_template,
    file_order,
    file_recommendation,
    file_request,
    pdf,
)

pytestmark = pytest.mark.django_db


def patterns(resolver=None, prefix="", namespace=""):
    """(name, route, keys) of every URL pattern, recursively."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            keys = tuple(sorted(entry.pattern.regex.groupindex))
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, prefix + str(entry.pattern), keys, entry


@dataclass
class Case:
    name: str
    allowed: set  # identity names the objects belong to
    markers: list  # text that only those identities may see
    keys: dict = field(default_factory=dict)  # URL keys this case fills: code, token, line, …
    rows: object = None  # a function giving the case's rows, to see whether a POST changed them


def request_rows(request):
    def rows():
        found = Request.objects.filter(pk=request.pk)
        return (list(found.values("status", "version", "assigned_to_id", "clock_paused_at", "closing_note")),
                request.events.count(), Document.objects.filter(request=request).count(),
                list(Order.objects.filter(request=request).values("sppd_accepted_name", "total")),
                list(request.visitor.__class__.objects.filter(pk=request.visitor_id).values(
                    "full_name", "phone", "npwp", "institution", "email")))
    return rows


@pytest.fixture
def world(catalogue, settings):
    """Three visitors with a request each (an order, a consultation, a recommendation), the officer and
    head of each office, an office's draft article and the administrator."""
    settings.LETTER_REQUIRES_PUBLIC_URL = False
    offices = {code: Office.objects.get(code=code) for code in ("6202", "6500", "6302")}
    people = {"anonymous": None, "admin": UserFactory(email="admin.sweep@bps.go.id", role="admin",
                                                       is_staff=True, is_superuser=True)}
    for code, office in offices.items():
        people[f"officer {code}"] = OfficerFactory(email=f"petugas.sweep.{code}@bps.go.id", office=office)
        people[f"head {code}"] = HeadFactory(email=f"kepala.sweep.{code}@bps.go.id", office=office)
    people["buyer"] = ProfiledVisitorFactory(
        email="pembeli.rahasia@contoh.id", phone="+6281299990001", segment="private",
        institution="PT Rahasia", npwp="012345674901000")
    people["asker"] = ProfiledVisitorFactory(email="penanya.rahasia@contoh.id", phone="+6281299990002")
    people["agency"] = AgencyVisitorFactory(email="dinas.rahasia@contoh.id", phone="+6281299990003")
    return offices, people, [order_case(people), consultation_case(people), recommendation_case(people),
                             article_case(offices), remote_case(people), desk_case(offices, people),
                             *complaint_cases(offices, people),
                             reply_case(offices), figures_case(people),
                             Case("admin pages", {"admin"}, [])]


def figures_case(people):
    """An office's figures exported (performance): each officer and head downloads their own office's
    (the URL names no office); no visitor, anonymous caller or administrator gets a file."""
    staff = {who for who in people if who.startswith(("officer ", "head "))}
    return Case("an office's own figures", staff, [], {"table": "layanan", "fmt": "csv"})


def order_case(people):
    officer = people["officer 6202"]
    request = file_order(people["buyer"], confirm_by=officer)
    Order.objects.filter(request=request).update(total=0)
    line = request.order.lines.get()
    prepared = pdf("data.pdf")
    delivery.prepare_file(request, officer, line, (prepared, *check_upload(prepared)),
                          accept_other_format=True)
    delivery.deliver(request, officer)
    request.refresh_from_db()
    document = Document.objects.filter(request=request).first()
    return Case("a buyer's order", {"buyer", "officer 6202", "head 6202"},
                ["pembeli.rahasia@contoh.id", "+6281299990001", "012345674901000", "01.234.567.4-901.000"],
                {"code": request.code, "token": document.token, "line": line.pk,
                 "download": line.links.get().token, "step": "sppd"}, request_rows(request))


def consultation_case(people):
    officer = people["officer 6500"]
    request = file_request(people["asker"], purpose="Pertanyaan rahasia tentang kemiskinan Tarakan.")
    consultation.post_message(request, officer, "Jawaban yang hanya untuk penanya.")
    starts_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    meeting = consultation.propose_meeting(request, officer, kind="video", duration_minutes=30,
                                           link="https://m.x/1", starts_at=starts_at)
    attachment = pdf("lampiran.pdf")
    consultation.post_message(request, people["asker"], "Terima kasih.",
                              [(attachment, *check_upload(attachment))])
    document = Document.objects.filter(request=request).first()
    return Case("a visitor's consultation", {"asker", "officer 6500", "head 6500"},
                ["penanya.rahasia@contoh.id", "+6281299990002", "Pertanyaan rahasia tentang kemiskinan"],
                {"code": request.code, "token": document.token,
                 "meeting": getattr(meeting, "token", None) or request.meetings.get().token},
                request_rows(request))


def recommendation_case(people):
    officer, head = people["officer 6302"], people["head 6302"]
    complete_letter_template("6302")
    request = file_recommendation(people["agency"])
    recommendations.review(request, officer, feasible=True, checklist={}, section_notes={}, note="")
    letters.draft_letter(request, officer, subject="Rekomendasi", addressee="Yth. Kepala",
                                 body="Isi.")
    workflow.perform(request, workflow.Action.REQUEST_APPROVAL, officer)
    workflow.perform(request, workflow.Action.APPROVE, head)
    request.refresh_from_db()
    document = Document.objects.filter(request=request).first()
    return Case("an agency's recommendation", {"agency", "officer 6302", "head 6302"},
                ["dinas.rahasia@contoh.id", "+6281299990003"],
                {"code": request.code, "token": document.token, "key": "organiser",
                 "letter": request.letter.code},
                request_rows(request))


def remote_case(people):
    """A consultation an officer recorded from WhatsApp with the asker's address: the asker is asked to
    confirm it by a link; until then it has no visitor."""
    from django.test import RequestFactory

    from requests_app import remote
    from requests_app.remote_models import RemoteContact
    from tests.requests_helpers import standard

    http_request = RequestFactory().post("/")
    http_request.user = people["officer 6500"]
    recorded = remote.record_remote_request(
        http_request, standard("6500", "konsultasi"), channel="whatsapp", full_name="Penanya Lewat WA",
        phone="+6281299990009", email="penanya.rahasia@contoh.id",
        purpose="Pertanyaan rahasia lewat WhatsApp tentang Nunukan.").request

    def rows():
        return list(Request.objects.filter(pk=recorded.pk).values("visitor_id", "status", "version")), \
            list(RemoteContact.objects.filter(request=recorded).values("claimed_at")), recorded.events.count()
    return Case("a consultation recorded from WhatsApp", {"asker", "officer 6500", "head 6500"},
                ["+6281299990009", "Pertanyaan rahasia lewat WhatsApp"],
                {"code": recorded.code, "claim": recorded.remote_contact.claim_token}, rows)


def complaint_cases(offices, people):
    """A signed-in visitor's complaint about their consultation, with an attachment, and a complaint made
    without an account. A private link is its holder's secret: the signed-in complaint's link (which
    opens nothing, the complaint having an account) is the one swept."""
    from complaints import filing as complaints_filing
    from complaints.models import Complaint

    attachment = pdf("bukti-pengaduan.pdf")
    mine, _created = complaints_filing.file_complaint(
        office=offices["6500"], user=people["asker"], token=uuid.uuid4(), subject="conduct",
        text="Keluhan rahasia penanya tentang petugas.",
        checked_files=[(attachment, *check_upload(attachment))])
    guest, _created = complaints_filing.file_complaint(
        office=offices["6500"], user=None, token=uuid.uuid4(), subject="facilities",
        text="Keluhan rahasia tamu tanpa akun.", full_name="Tamu Pengadu Rahasia",
        email="tamu.rahasia@contoh.id")

    def rows(complaint):
        found = Complaint.objects.filter(pk=complaint.pk)
        return lambda: (list(found.values("status", "answer", "closed_at")),
                        complaint.events.count())
    return [Case("a visitor's complaint", {"asker", "officer 6500", "head 6500"},
                 ["Keluhan rahasia penanya", "penanya.rahasia@contoh.id"],
                 {"complaint": mine.code, "attachment": mine.attachments.get().token,
                  "private": mine.private_token}, rows(mine)),
            Case("a complaint without an account", {"officer 6500", "head 6500"},
                 ["Keluhan rahasia tamu", "tamu.rahasia@contoh.id", "Tamu Pengadu Rahasia"],
                 {"complaint": guest.code}, rows(guest))]


def article_case(offices):
    article = Article.objects.create(slug="draf-rahasia-kantor", title="Draf artikel rahasia kantor",
                                     body="Isi draf.", topic="data", office=offices["6500"], status="draft")
    return Case("an office's draft article", {"officer 6500", "head 6500"}, ["Draf artikel rahasia kantor"],
                {"pk": article.pk}, lambda: list(Article.objects.filter(pk=article.pk).values()))


def reply_case(offices):
    reply = ReplyTemplate.objects.create(office=offices["6500"], title="Balasan rahasia kantor",
                                         body="Teks balasan rahasia {nama}.")
    return Case("an office's reply template", {"officer 6500", "head 6500"},
                ["Balasan rahasia kantor", "Teks balasan rahasia"], {"reply": reply.pk},
                lambda: list(ReplyTemplate.objects.filter(office=reply.office_id).values()))


def desk_case(offices, people):
    """An open desk of 6500 with a called walk-in ticket; the one the board of 6500 is swept with."""
    officer = people["officer 6500"]
    desk = desk_work.open_desk(offices["6500"], officer, "Loket 1", ["konsultasi"])
    ticket = issue_ticket(offices["6500"], "konsultasi", "Tamu Rahasia Loket",
                          "tamu.loket.rahasia@contoh.id")
    issue_ticket(offices["6500"], "konsultasi", "Tamu Kedua Rahasia")
    desk_work.call_next(desk, officer)
    kiosk, entry = kiosk_guest(offices["6500"], officer)
    # The sweep's POST carries version 1: the desk's version is 1, so only scoping refuses it.
    Desk.objects.filter(pk=desk.pk).update(version=1)
    return Case("an office's walk-in desk", {"officer 6500"},
                ["Tamu Rahasia Loket", "tamu.loket.rahasia@contoh.id", "Tamu Kedua Rahasia",
                 "Tamu Kiosk Rahasia", "6202011203850009", "+6281299990077"],
                {"desk": desk.pk, "ticket": ticket.token, "desk_step": "lewati", "kiosk": kiosk.pk,
                 "office_code": "6500", "kiosk_ticket": entry.ticket.token,
                 # The visitor's page is public by its token: it must show no marker, and the called
                 # ticket neither leaves the line nor is rated by a POST.
                 "public_ticket": ticket.token},
                lambda: (list(Desk.objects.filter(office=desk.office_id).values()),
                         list(Ticket.objects.filter(office=desk.office_id).values()),
                         list(Kiosk.objects.filter(office=desk.office_id).values()),
                         list(GuestBookEntry.objects.filter(office=desk.office_id).values())))


def kiosk_guest(office, officer):
    """An enrolled kiosk of ``office`` and a guest who signed its guest book (nobody swept holds the
    kiosk's cookie)."""
    kiosk, _link = kiosks.create_kiosk(office, officer, "Tablet Rahasia")
    kiosks.enrol(kiosk)
    guest = Guest.objects.create(office=office, full_name="Tamu Kiosk Rahasia", phone="+6281299990077",
                                 identity_type="ktp", identity_number="6202011203850009")
    ticket = issue_ticket(office, "konsultasi", guest.full_name, guest.phone)
    return kiosk, GuestBookEntry.objects.create(office=office, guest=guest, ticket=ticket, kiosk=kiosk,
                                                identity_type="ktp", identity_number=guest.identity_number,
                                                purpose="Keperluan rahasia.")


# How to fill each pattern's keys from a case (None: the case has nothing for this pattern). Public
# patterns (the catalogue, products, a letter's public verification) are filled with public values
# and only checked for the cases' private markers.
PUBLIC = {"office_code": "6202", "service_slug": "penjualan-produk", "slug": "susenas-maret-2024-kotim"}
FILL = {
    "requests_app:document": ("code", "token"), "consultation:answer_meeting": ("code", "meeting"),
    "product_sales:remove_line": ("code", "line"), "product_sales:download_product": ("download",),
    "product_sales:staff_order_step": ("code", "step"), "recommendation:recommendation_section": ("code",
                                                                                                  "key"),
    "consultation:article_edit": ("pk",), "recommendation:verify_letter": ("letter",),
    "requests_app:claim_remote": ("claim",),
    "desk:desk": ("desk",), "desk:call": ("desk",), "desk:close": ("desk",),
    "desk:step": ("desk", "ticket", "desk_step"), "desk:kiosk_revoke": ("kiosk",),
    "desk:ticket_print": ("ticket",),
    "desk:kiosk_ticket": ("office_code", "kiosk_ticket"),
    "desk:kiosk_enrol": ("kiosk_link",),  # the link is the officer's one-time secret: no case holds one
    "desk:ticket": ("public_ticket",), "desk:ticket_partial": ("public_ticket",),
    "desk:ticket_leave": ("public_ticket",), "ratings:ticket": ("public_ticket",),
    "complaints:mine_detail": ("complaint",), "complaints:staff_detail": ("complaint",),
    "complaints:mine_file": ("complaint", "attachment"), "complaints:staff_file": ("complaint", "attachment"),
    "complaints:private": ("private",), "complaints:private_act": ("private",),
    "complaints:private_file": ("private", "attachment"),
    "replies:edit": ("reply",), "replies:delete": ("reply",),
    "ratings:invite": ("rating_link",),  # the emailed link is its visitor's one-time secret: no case has it
    "performance:head_export": ("table", "fmt"), "performance:officer_export": ("table", "fmt"),
}
# The case's key → the URL's key.
KEY_OF = {"meeting": "token", "download": "token", "letter": "code", "claim": "token", "desk_step": "step",
          "kiosk_ticket": "ticket", "public_ticket": "token", "reply": "pk"}
ALLAUTH_KEYS = {"key": "x-y", "uidb36": "1"}


def fill(name, keys, case):
    """The URL kwargs for ``name`` from ``case``, or None when the case cannot fill them."""
    is_admin = bool(name and name.startswith("admin:")) or (
        name is None and ("object_id" in keys or "url" in keys))
    if is_admin != (case.name == "admin pages"):
        return None  # admin pages are swept for the administrator's case, and only they
    if is_admin:
        return admin_kwargs(name, keys, case)
    if not keys:
        return {}
    if name in ("account_confirm_email", "account_reset_password_from_key"):
        return {key: ALLAUTH_KEYS[key] for key in keys}
    if set(keys) <= set(PUBLIC):
        return {key: PUBLIC[key] for key in keys}
    wanted = FILL.get(name, ("code",) if keys == ("code",) else None)
    if wanted is None:
        raise AssertionError(f"the sweep does not know how to fill {name} {keys}: add it to FILL")
    if not all(case.keys.get(key) is not None for key in wanted):
        return None
    return {KEY_OF.get(key, key): case.keys[key] for key in wanted}


def admin_kwargs(name, keys, case):
    if name in PUBLIC_ADMIN:
        return None
    values = {"object_id": "1", "id": "1", "content_type_id": "1", "url": "requests_app/",
              "app_label": "requests_app"}
    return {key: values[key] for key in keys}


PUBLIC_ADMIN = {"admin:login", "admin:logout"}  # the sign-in page answers anyone (it signs no one in)
SINK = {"action": "cancel", "version": "1", "note": "Serangan.", "body": "Serangan.", "message": "Serangan.",
        "signed_by": "Penyerang", "full_name": "Penyerang", "phone": "+6281200000000", "answer": "accepted"}


PUBLIC_FILES = {"catalogue:standard_pdf"}  # a published standard's PDF is anyone's to download


def leak(response, case, name):
    body = response.content.decode(errors="replace") if not getattr(response, "streaming", False) else ""
    shown = [marker for marker in case.markers if marker in body]
    if shown:
        return f"shows {shown}"
    if response.get("Content-Disposition", "").startswith("attachment") and name not in PUBLIC_FILES:
        return "serves a file"
    if case.name == "admin pages" and response.status_code == 200:
        return "opens an admin page"
    return None


def test_no_identity_reaches_anothers_data_through_any_url(client, world, show_in_summary):
    _offices, people, cases = world
    tried, leaks = 0, []
    for name, route, keys, _entry in patterns():
        for case in cases:
            kwargs = fill(name, keys, case)
            if kwargs is None:
                continue
            url = reverse(name, kwargs=kwargs) if name else "/" + route_with(route, kwargs)
            for who, user in people.items():
                if who in case.allowed:
                    continue
                client.logout()
                if user is not None:
                    client.force_login(user)
                before = case.rows() if case.rows else None
                for method in ("get", "post"):
                    response = getattr(client, method)(url, SINK if method == "post" else None)
                    tried += 1
                    found = leak(response, case, name)
                    if before is not None and case.rows() != before:
                        found = "changed the case's rows"
                    if found:
                        leaks.append(f"{method.upper()} {url} as {who} ({case.name}): {found}")
    # The figure shows in every run's output, CI's included.
    show_in_summary(f"access sweep: {tried} requests over {len(list(patterns()))} URL patterns × "
                    f"{len(people)} identities, {len(leaks)} leaks")
    assert leaks == [], "\n".join(leaks[:60])
    assert tried > 1000


def route_with(route, kwargs):
    for key, value in kwargs.items():
        route = route.replace(f"(?P<{key}>.*)", str(value))
    return route.replace("^", "").replace("$", "")


def test_the_sweeps_markers_are_seen_by_those_they_belong_to(client, world):
    """The sweep's markers are real: the office's officer sees each visitor's private details."""
    _offices, people, cases = world
    for case in cases[:3]:
        officer = people[next(who for who in case.allowed if who.startswith("officer"))]
        client.force_login(officer)
        page = client.get(f"/petugas/permintaan/{case.keys['code']}/").content.decode()
        assert case.markers[0] in page, case.name
