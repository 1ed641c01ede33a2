"""Every free-text field of every form (found by walking the apps) is filled with script and template
payloads through its page; every page, email and PDF that shows what was typed must show it as typed:
escaped in HTML, never run as markup or as a template. A form with free-text fields that this sweep
does not know how to post fails the test, so a new form is swept as soon as it exists."""
import datetime
import re
import shutil
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from requests_app import filing
from requests_app.models import Request
from services.consultation.models import Article
from services.product_sales.forms import BILLING_CODE_DIGITS
from tests.conftest import require
from tests.factories import (
    AgencyVisitorFactory,
    HeadFactory,
    OfficerFactory,
    ProfiledVisitorFactory,
    UserFactory,
)
from tests.form_walk import free_text_fields, project_forms
from tests.hostile_text import RAW_MARKUP, Sweep, shown_in_html, squeeze
from tests.requests_helpers import (
    FPKPA_ANSWERS,
    FS3_ANSWERS,
    complete_letter_template,
    desk_code_sent_to,
    desk_order_lines,
    file_order,
    file_request,
    pdf,
    standard,
)

pytestmark = pytest.mark.django_db

ABSTRACT = "Untuk skripsi: pengeluaran per kapita menurut kecamatan dan pendidikan."
PROFILE = {"full_name": "Budi Santoso", "phone": "0812 3456 7802", "identity_type": "ktp",
           "identity_number": "6302011203850002", "segment": "academic", "institution": "Universitas Contoh",
           "npwp": "", "agency_unit": ""}


def form_values(form):
    """What a page's unbound form would post as it stands."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = value.pk if hasattr(value, "pk") else value
    return data


def consultation_drivers(sweep, client, people):
    visitor, officer = people["visitor"], people["officer 6500"]
    client.force_login(visitor)
    chosen = standard("6500", "konsultasi")
    requirements = filing.online_section(chosen).requirements_for(visitor.segment)
    confirms = {f"confirm_{r.pk}": "on" for r in requirements}
    url = reverse("requests_app:new", args=["6500", "konsultasi"]) + "?tanya=1"
    sweep.post(client, url, "services.consultation.forms.ConsultationRequestForm",
               {"submission_token": str(uuid.uuid4()), "topic": "data", "purpose": "Pertanyaan biasa saja.",
                **confirms})
    request = Request.objects.filter(visitor=visitor).latest("created_at")
    client.post(reverse("requests_app:check", args=[request.code]))
    client.force_login(officer)
    sweep.post(client, reverse("consultation:staff_message", args=[request.code]),
               "services.consultation.forms.MessageForm", {"body": "Jawaban."})
    day = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    sweep.post(client, reverse("consultation:propose_meeting", args=[request.code]),
               "services.consultation.forms.MeetingForm",
               {"kind": "in_person", "date": day, "time": "10:00", "duration_minutes": "30"})
    client.force_login(visitor)
    sweep.post(client, reverse("requests_app:add_documents", args=[request.code]),
               "requests_app.forms.DocumentsForm", {}, files=lambda: {"files": [pdf("tambahan.pdf")]})
    client.force_login(officer)
    request.refresh_from_db()
    sweep.post(client, reverse("requests_app:staff_act", args=[request.code]), "requests_app.forms.NoteForm",
               {"action": "note", "version": request.version})
    return [request]


def desk_drivers(sweep, client, people):
    officer = people["officer 6500"]
    client.force_login(officer)
    sweep.post(client, reverse("consultation:walk_in"), "services.consultation.forms.WalkInConsultationForm",
               {"guest_name": "Tamu", "topic": "data", "question": "Tanya.", "answer": "Jawab.",
                "duration_minutes": "15"})
    sweep.post(client, reverse("requests_app:record_remote"), "requests_app.remote_forms.RemoteRequestForm",
               {"standard": standard("6500", "konsultasi").pk, "channel": "whatsapp", "full_name": "Tamu WA",
                "phone": "0812 3456 7809", "email": "", "institution": "", "purpose": "Tanya lewat WA."},
               form_kwargs={"office": officer.office})
    remote_request = Request.objects.filter(office=officer.office, channel="whatsapp").latest("created_at")
    sweep.post(client, reverse("consultation:article_new"), "services.consultation.forms.ArticleForm",
               {"title": "Judul", "topic": "data", "body": "Isi artikel.", "publish": "on"})
    client.logout()
    sweep.post(client, reverse("requests_app:track"), "requests_app.forms.TrackForm", {}, lookup=True,
               method="get")
    return [remote_request]


def queue_desk_drivers(sweep, client, people):
    from desk.models import Desk

    officer = people["officer 6302"]
    client.force_login(officer)
    sweep.post(client, reverse("desk:open"), "desk.forms.OpenDeskForm",
               {"name": "Loket 1", "services": ["penjualan-produk"]})
    sweep.post(client, reverse("desk:issue"), "desk.forms.IssueTicketForm",
               {"guest_name": "Tamu", "guest_contact": "", "service": "penjualan-produk"})
    desk = Desk.objects.get(office=officer.office)
    desk_url = reverse("desk:desk", kwargs={"desk": desk.pk})
    sweep.look(client, reverse("desk:home"))
    client.post(reverse("desk:call", kwargs={"desk": desk.pk}), {"version": desk.version})
    sweep.look(client, desk_url)
    client.logout()
    sweep.look(client, reverse("desk:board", kwargs={"office_code": officer.office.code}))
    return []


def kiosk_drivers(sweep, client, people):
    """An officer of 6302 enrols a kiosk; a visitor signs its guest book on the tablet."""
    officer = people["officer 6302"]
    client.force_login(officer)
    shown = sweep.post(client, reverse("desk:kiosks"), "desk.kiosk_views.KioskNameForm", {"name": "Tablet"},
                       expect=(200,))
    link = re.search(r'href="https?://[^/]+(/antrian/kiosk/pasang/[^/"]+/)"', shown.content.decode())[1]
    tablet = client.__class__()
    tablet.post(link)
    sweep.post(tablet, reverse("desk:kiosk", kwargs={"office_code": "6302"}), "desk.guest_book.GuestBookForm",
               {"full_name": "Tamu Kiosk", "phone": "0812 3456 7890", "email": "", "institution": "",
                "identity_type": "ktp", "identity_number": "6302011203850002", "purpose": "Data.",
                "service": "penjualan-produk"})
    sweep.look(client, reverse("desk:kiosks"))
    sweep.look(client, reverse("desk:guest_book"))
    return []


def profile_drivers(sweep, client, people):
    from accounts.forms import ContactDetailsForm, ProfileForm

    for who in ("visitor", "agency", "officer 6500"):
        form_class = ContactDetailsForm if who.startswith("officer") else ProfileForm
        user = people[who]
        client.force_login(user)
        base = form_values(form_class(instance=user))
        base.update(PROFILE if who == "visitor" else {k: PROFILE[k] for k in ("phone", "identity_number")})
        sweep.post(client, reverse("accounts:profile"), f"accounts.forms.{form_class.__name__}",
                   {name: value for name, value in base.items() if name in form_class.base_fields})
    return []


def step(client, sweep, request, name, form_path, base=None, **kwargs):
    request.refresh_from_db()
    url = reverse("product_sales:staff_order_step", args=[request.code, name])
    return sweep.post(client, url, form_path, {"version": request.version, **(base or {})}, **kwargs)


def order_drivers(sweep, client, people):
    visitor, officer = people["visitor"], people["officer 6202"]
    request = file_order(visitor, submit=False)
    client.force_login(visitor)
    sweep.post(client, reverse("product_sales:order_edit", args=[request.code]),
               "services.product_sales.forms.OrderDetailsForm", {"abstract": ABSTRACT, "medium": "download"})
    sweep.look(client, reverse("requests_app:check", args=[request.code]))
    sweep.look(client, reverse("product_sales:sppd_preview", args=[request.code]))
    client.post(reverse("requests_app:check", args=[request.code]), {"agree": "on"})
    client.force_login(officer)
    request.refresh_from_db()
    assert request.status == "submitted", request.status
    sweep.post(client, reverse("requests_app:staff_act", args=[request.code]), "requests_app.forms.NoteForm",
               {"action": "return", "version": request.version})
    client.force_login(visitor)
    request.refresh_from_db()
    sweep.post(client, reverse("requests_app:act", args=[request.code]),
               "services.product_sales.forms.OrderAnswerForm",
               {"action": "resubmit", "version": request.version, "abstract": ABSTRACT})
    client.force_login(officer)
    step(client, sweep, request, "confirm", "services.product_sales.forms.ConfirmOrderForm")
    expiry = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    step(client, sweep, request, "billing", "services.product_sales.forms.BillingForm",
         {"billing_code": "8" * BILLING_CODE_DIGITS, "expiry_date": expiry, "expiry_time": "23:59"})
    client.force_login(visitor)
    request.refresh_from_db()
    sweep.post(client, reverse("product_sales:submit_payment", args=[request.code]),
               "services.product_sales.forms.PaymentProofForm", {"version": request.version},
               files=lambda: {"proof": pdf("bukti.pdf")})
    client.force_login(officer)
    step(client, sweep, request, "verify", "services.product_sales.forms.NoteOnlyForm")
    return [request]


def walk_in_order_drivers(sweep, client, people):
    from services.product_sales.models import Product

    officer = people["officer 6202"]
    client.force_login(officer)
    product = Product.objects.available().filter(office=officer.office).order_by("kind", "title").first()
    base = {"email": "pembeli.loket@contoh.id", "segment": "individual", "full_name": "Pembeli",
            "phone": "081234567890", "medium": "download", "abstract": ABSTRACT,
            **desk_order_lines((product, product.format_list()[0]))}
    url = reverse("product_sales:walk_in_order")
    sent = client.post(url, {**base, "send_code": "1"})
    assert mail.outbox, sent.context["form"].errors
    base["code"] = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    sweep.post(client, url, "services.product_sales.forms.WalkInBuyerForm", base)
    request = Request.objects.filter(office=officer.office, channel="walk_in").latest("created_at")
    step(client, sweep, request, "sppd", "services.product_sales.forms.SignedSppdForm",
         {"signed_by": "Pembeli"},
         files=lambda: {"sppd": pdf("sppd.pdf")})
    return [request]


def recommendation_drivers(sweep, client, people, kind="fs3"):
    from services.recommendation import recommendations
    from services.recommendation.design_forms import AttachmentsForm
    from services.recommendation.forms import ReviewForm
    from services.recommendation.section_forms import VariablesForm

    agency, officer, head = people["agency"], people["officer 6302"], people["head 6302"]
    complete_letter_template("6302")
    client.force_login(agency)
    client.post(reverse("requests_app:new", args=["6302", "rekomendasi"]),
                {"form": kind, "submission_token": str(uuid.uuid4())})
    request = Request.objects.filter(visitor=agency).latest("created_at")
    answers = FS3_ANSWERS if kind == "fs3" else FPKPA_ANSWERS
    for section in recommendations.sections(request.recommendation):
        url = reverse("recommendation:recommendation_section", args=[request.code, section.key])
        form_path = f"{section.form_class.__module__}.{section.form_class.__name__}"
        if section.form_class is AttachmentsForm:
            client.post(url, {"cover_letter": pdf("pengantar.pdf"), "questionnaire": pdf("kuesioner.pdf")})
            continue
        kwargs = {"recommendation": request.recommendation}
        bound = section.form_class.bind(answers.get(section.key, {}), **kwargs)
        base = {key: bound.data.getlist(key) for key in bound.data}
        if section.form_class is VariablesForm:  # a formset: its first row's fields
            sweep.post(client, url, "services.recommendation.section_forms.VariableRowForm",
                       {**base, "continue": "1"}, prefix=f"{VariablesForm.PREFIX}-0")
            continue
        sweep.post(client, url, form_path, {**base, "continue": "1"},
                   form_kwargs={"data": bound.data, **kwargs})
    sweep.look(client, reverse("recommendation:recommendation_form", args=[request.code]))
    confirms = {f"confirm_{r.pk}": "on" for r in request.section.requirements_for(agency.segment)}
    client.post(reverse("requests_app:check", args=[request.code]), confirms)
    request.refresh_from_db()
    assert request.status == "submitted", request.status
    client.force_login(officer)
    chosen = recommendations.sections(request.recommendation)
    sweep.post(client, reverse("recommendation:recommendation_review", args=[request.code]),
               "services.recommendation.forms.ReviewForm",
               {"version": request.version, "outcome": ReviewForm.FEASIBLE,
                **{f"ok_{section.key}": "on" for section in chosen}},
               form_kwargs={"sections": chosen})
    request.refresh_from_db()
    sweep.post(client, reverse("recommendation:recommendation_letter", args=[request.code]),
               "services.recommendation.forms.LetterForm",
               {"version": request.version, "subject": "Rekomendasi", "addressee": "Yth. Kepala",
                "body": "Isi surat."})
    sweep.look(client, reverse("recommendation:letter_preview", args=[request.code]))
    request.refresh_from_db()
    client.post(reverse("recommendation:recommendation_letter", args=[request.code]),
                {"version": request.version, "for_approval": "1", **_letter_values(request)})
    client.force_login(head)
    request.refresh_from_db()
    sweep.post(client, reverse("requests_app:staff_act", args=[request.code]), "requests_app.forms.NoteForm",
               {"action": "approve", "version": request.version})
    request.refresh_from_db()
    assert request.letter.is_issued
    client.force_login(agency)
    sweep.look(client, reverse("recommendation:letter_download", args=[request.code]))
    sweep.look(client, reverse("recommendation:verify_letter", args=[request.letter.code]))
    return [request]


def walk_in_agency_drivers(sweep, client, people):
    from services.catalogue.models import Office

    officer = OfficerFactory(email="petugas.hostile.6371@bps.go.id", office=Office.objects.get(code="6371"))
    client.force_login(officer)
    base = {"email": "dinas.loket@contoh.id", "full_name": "Nama di Meja", "phone": "0812 9999 0000",
            "institution": "Pemerintah Kota Banjarmasin", "agency_unit": "Dinas Kesehatan", "form": "fs3"}
    url = reverse("recommendation:walk_in_recommendation")
    client.post(url, {**base, "send_code": "1"})
    base["code"] = desk_code_sent_to(base["email"])
    sweep.post(client, url, "services.recommendation.forms.WalkInAgencyForm", base)
    request = Request.objects.filter(office=officer.office).latest("created_at")
    people["officer 6371"], people["head 6371"] = officer, HeadFactory(office=officer.office)
    return [request]


def sign_up_drivers(sweep, client, people):
    client.logout()
    sweep.post(client, reverse("account_signup"), "accounts.forms.SignupDetailsForm",
               {"email": "baru.hostile@contoh.id", "password1": "pst-baru-2026!",
                "password2": "pst-baru-2026!"})
    from accounts.models import User

    client.force_login(User.objects.get(email="baru.hostile@contoh.id"))
    sweep.look(client, reverse("accounts:profile"))
    return []


def admin_values(form):
    """What the admin's change page posts for its form as it stands (split date-times in two)."""
    data = {}
    for name, bound in ((name, form[name]) for name in form.fields):
        value = bound.value()
        if value is None or name == "password":
            continue
        if isinstance(value, datetime.datetime):
            data[f"{name}_0"], data[f"{name}_1"] = value.date().isoformat(), value.strftime("%H:%M:%S")
        elif isinstance(value, (list, tuple)):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = getattr(value, "pk", value)
    return data


def admin_drivers(sweep, client, people):
    admin = UserFactory(email="admin.hostile@bps.go.id", role="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    sweep.post(client, reverse("admin:accounts_user_add"), "accounts.admin.PortalUserCreationForm",
               {"email": "petugas.baru@bps.go.id", "role": "officer",
                "office": people["officer 6500"].office_id, "password1": "pst-petugas-2026!",
                "password2": "pst-petugas-2026!"})
    user = people["buyer"] = ProfiledVisitorFactory(email="diubah.admin@contoh.id")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    base = admin_values(client.get(url).context["adminform"].form)
    base.update(PROFILE)
    sweep.post(client, url, "accounts.admin.PortalUserChangeForm", base)
    for page in (reverse("admin:accounts_user_changelist"), url):
        sweep.look(client, page)
    return admin_desk_drivers(sweep, client)


def admin_desk_drivers(sweep, client):
    """The administrator edits the kiosk's guest (kiosk_drivers signed the guest book before)."""
    from desk.kiosk_models import Guest, GuestBookEntry

    guest = Guest.objects.get(office__code="6302")
    url = reverse("admin:desk_guest_change", args=[guest.pk])
    base = admin_values(client.get(url).context["adminform"].form)
    sweep.post(client, url, "desk.admin.GuestAdminForm", base)
    entry = GuestBookEntry.objects.get(guest=guest)
    for page in (reverse("admin:desk_guest_changelist"), url, reverse("admin:desk_guestbookentry_changelist"),
                 reverse("admin:desk_guestbookentry_change", args=[entry.pk])):
        sweep.look(client, page)
    return []


def _letter_values(request):
    letter = request.letter
    return {"subject": letter.subject, "addressee": letter.addressee, "body": letter.body}


def check_in_drivers(sweep, client, people):
    """A signed-in visitor checks in at 6302's desk with the code of the day (desk.checkin)."""
    from desk.checkin import todays_code
    from services.catalogue.models import Office

    client.force_login(people["visitor"])
    office = Office.objects.get(code="6302")
    url = reverse("desk:check_in", kwargs={"office_code": office.code})
    sweep.post(client, url, "desk.forms.CheckInForm",
               {"code": todays_code(office), "service": "penjualan-produk"})
    return []


def complaint_drivers(sweep, client, people):
    """A complaint about a request by someone not signed in (the request's visitor's email), followed by
    its private link; one recorded by an officer from SP4N-LAPOR; the officer's answer."""
    from django.contrib.auth.models import AnonymousUser

    from complaints.models import Complaint
    from services.catalogue.models import Office

    office = Office.objects.get(code="6500")
    request = file_request(people["visitor"])
    client.logout()
    base = {"office": office.pk, "subject": "request", "request_code": request.code, "text": "Keluhan.",
            "full_name": "Tamu", "email": people["visitor"].email, "phone": "0812 3456 7802",
            "token": str(uuid.uuid4())}
    sweep.post(client, reverse("complaints:new"), "complaints.forms.ComplaintForm", base,
               form_kwargs={"user": AnonymousUser()})
    guest = Complaint.objects.filter(complainant__isnull=True).latest("pk")
    sweep.look(client, reverse("complaints:private", args=[guest.private_token]))
    officer = people["officer 6500"]
    client.force_login(officer)
    recorded = {"channel": "lapor", "lapor_reference": "LPR-1", "subject": "request",
                "request_code": request.code, "text": "Keluhan.", "full_name": "", "email": "", "phone": ""}
    sweep.post(client, reverse("complaints:record"), "complaints.forms.RecordComplaintForm", recorded,
               form_kwargs={"office": office})
    for complaint in Complaint.objects.filter(office=office):
        url = reverse("complaints:staff_detail", args=[complaint.code])
        sweep.look(client, url)
    sweep.post(client, reverse("complaints:staff_detail", args=[guest.code]), "complaints.forms.AnswerForm",
               {"action": "answer"})
    sweep.look(client, reverse("complaints:staff_detail", args=[guest.code]))
    client.logout()
    sweep.look(client, reverse("complaints:private", args=[guest.private_token]))
    return []


def rating_drivers(sweep, client, people):
    """A walk-in visitor at 6302 rates the finished visit from the ticket's page (no sign-in); the
    administrator reads the comment in admin."""
    from desk.models import Ticket
    from desk.numbering import issue_ticket
    from services.catalogue.models import Office

    ticket = issue_ticket(Office.objects.get(code="6302"), "penjualan-produk", "Tamu Penilai")
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.DONE)
    client.logout()
    sweep.post(client, reverse("ratings:ticket", kwargs={"token": ticket.token}),
               "complaints.rating_forms.RatingForm", {"requirements": "4", "conduct": "3"})
    client.force_login(UserFactory(email="admin.rating@bps.go.id", role="admin", is_staff=True,
                                   is_superuser=True))
    rating = ticket.satisfaction
    for page in (reverse("admin:complaints_rating_changelist"),
                 reverse("admin:complaints_rating_change", args=[rating.pk])):
        sweep.look(client, page)
    return []


def compilation_drivers(sweep, client, people):
    return recommendation_drivers(sweep, client, people, kind="fpkpa")


DRIVERS = [profile_drivers, consultation_drivers, desk_drivers, queue_desk_drivers, kiosk_drivers,
           order_drivers, walk_in_order_drivers, recommendation_drivers, compilation_drivers,
           walk_in_agency_drivers, sign_up_drivers, admin_drivers, check_in_drivers, complaint_drivers,
           rating_drivers]


@pytest.fixture
def people(catalogue):
    people = {"visitor": ProfiledVisitorFactory(email="pengunjung.hostile@contoh.id"),
              "agency": AgencyVisitorFactory(email="dinas.hostile@contoh.id")}
    for code in ("6500", "6202", "6302"):
        from services.catalogue.models import Office

        office = Office.objects.get(code=code)
        people[f"officer {code}"] = OfficerFactory(email=f"petugas.hostile.{code}@bps.go.id", office=office)
        people[f"head {code}"] = HeadFactory(email=f"kepala.hostile.{code}@bps.go.id", office=office)
    return people


def broken_payloads(sweep, pages, texts):
    """Where a long payload's start shows, all of it must follow: ``{{ 7*7 }}`` and ``{% debug %}``
    as typed, never their output (49, a context dump). The knowledge base's highlights are left out."""
    broken = []
    for tag, text in {**sweep.stored, **sweep.refused}.items():
        if "{{" not in text:
            continue
        head = f'<script>alert("{tag}")'
        for url, page in pages:
            page = page.replace("<mark>", "").replace("</mark>", "")
            if page.count(escape(head)) != page.count(escape(text)):
                broken.append((sweep.where[tag], url))
        for index, shown in enumerate(texts):
            if shown.count(squeeze(head)) != shown.count(squeeze(text)):
                broken.append((sweep.where[tag], f"email or PDF {index}"))
    return broken


def driven_through(sweep, forms, path):
    """The fields of a form posted with payloads, through it or through a form built on it (the same
    fields, shown by the same pages)."""
    return set().union(*(names for driven, names in sweep.driven.items()
                         if issubclass(forms[driven], forms[path])))


def pages_of(client, people, requests):
    """Every page that shows what was typed: each request as its visitor and its office sees it, the
    workspaces, the profile, the knowledge base and its articles."""
    pages = []
    for request in requests:
        request.refresh_from_db()
        if request.visitor is not None:
            client.force_login(request.visitor)
            pages.append((request.get_absolute_url(), client.get(request.get_absolute_url())))
        for role in ("officer", "head"):
            client.force_login(people[f"{role} {request.office.code}"])
            pages.append((request.get_staff_url(), client.get(request.get_staff_url())))
    for who in people:
        client.force_login(people[who])
        for url in (reverse("accounts:profile"), reverse("accounts:landing")):
            pages.append((f"{url} as {who}", client.get(url, follow=True)))
    client.force_login(people["officer 6500"])
    pages.append(("articles", client.get(reverse("consultation:articles"))))
    for article in Article.objects.all():
        pages.append((article.slug, client.get(reverse("consultation:article", args=[article.slug]))))
    pages.append(("knowledge", client.get(reverse("consultation:knowledge") + "?q=script")))
    return [(url, response.content.decode()) for url, response in pages]


def test_every_free_text_field_is_shown_as_typed(client, people, settings, show_in_summary,
                                                django_capture_on_commit_callbacks):
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    settings.LETTER_REQUIRES_PUBLIC_URL = False
    sweep = Sweep()
    requests = []
    with django_capture_on_commit_callbacks(execute=True):  # the notifications are sent on commit
        for driver in DRIVERS:
            requests += driver(sweep, client, people)
    requests += list(Request.objects.filter(channel="walk_in"))
    pages = pages_of(client, people, requests) + sweep.echoes + sweep.pages
    emails = [f"{message.subject}\n{message.body}" for message in mail.outbox]

    show_in_summary(f"hostile text: {len(sweep.stored)} payloads stored and {len(sweep.refused)} refused "
                    f"over {len(sweep.driven)} forms; {len(pages)} pages, {len(emails)} emails, "
                    f"{len(sweep.pdfs)} PDFs checked")
    raw = [(url, match) for url, page in pages for match in RAW_MARKUP.findall(page)]
    assert raw == [], f"payloads rendered as markup: {raw[:20]}"
    for tag, text in sweep.refused.items():
        assert any(shown_in_html(text, page) for _url, page in sweep.echoes), \
            f"{sweep.where[tag]} not echoed escaped"
    html_in_mail = [text[:80] for text in emails if re.search(r"&lt;|&gt;|&quot;|&#x27;|&amp;", text)]
    assert html_in_mail == [], f"plain-text emails show HTML escapes, not what was typed: {html_in_mail}"
    texts = [squeeze(text) for text in emails + [text for _url, text in sweep.pdfs]]
    unseen = [sweep.where[tag] for tag, text in sweep.stored.items()
              if not any(shown_in_html(text, page) for _url, page in pages)
              and not any(squeeze(text) in t for t in texts)]
    assert unseen == [], f"stored but never shown as typed: {unseen}"
    broken = broken_payloads(sweep, pages, texts)
    assert broken == [], f"payloads shown in part (a template ran, or the text was cut): {broken[:20]}"
    forms = project_forms()
    missing = {path: names for path, names in free_text_fields().items()
               if set(names) - driven_through(sweep, forms, path)}
    assert missing == {}, f"forms this sweep does not know how to post: {missing}"
