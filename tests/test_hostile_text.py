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

from requests_app import filing
from requests_app.models import Request
from services.models import Article

from .conftest import require
from .factories import AgencyVisitorFactory, HeadFactory, OfficerFactory, ProfiledVisitorFactory
from .form_walk import free_text_fields
from .hostile_text import RAW_MARKUP, Sweep, pdf_text, shown_in_html, squeeze
from .requests_helpers import pdf, standard

pytestmark = pytest.mark.django_db

# Forms whose text is looked up and never stored: only their echo (the page refusing it) is checked.
LOOKUP_ONLY = {
    "accounts.forms.DeskCodeForm",  # the desk's one-time code, as the walk-in forms below use it
    "requests_app.forms.TrackForm",  # a tracking code to look up
}


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
    confirms = {f"confirm_{r.pk}": "on" for r in filing.online_section(chosen).requirements_for(visitor.segment)}
    url = reverse("requests_app:new", args=["6500", "konsultasi"]) + "?tanya=1"
    sweep.post(client, url, "requests_app.forms.ConsultationRequestForm",
               {"submission_token": str(uuid.uuid4()), "topic": "data", "purpose": "Pertanyaan biasa saja.",
                **confirms})
    request = Request.objects.filter(visitor=visitor).latest("created_at")
    client.post(reverse("requests_app:check", args=[request.code]))
    client.force_login(officer)
    sweep.post(client, reverse("requests_app:staff_message", args=[request.code]),
               "requests_app.forms.MessageForm", {"body": "Jawaban."})
    day = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    sweep.post(client, reverse("requests_app:propose_meeting", args=[request.code]),
               "requests_app.forms.MeetingForm",
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
    sweep.post(client, reverse("requests_app:walk_in"), "requests_app.forms.WalkInConsultationForm",
               {"guest_name": "Tamu", "topic": "data", "question": "Tanya.", "answer": "Jawab.",
                "duration_minutes": "15"})
    sweep.post(client, reverse("requests_app:article_new"), "requests_app.forms.ArticleForm",
               {"title": "Judul", "topic": "data", "body": "Isi artikel.", "publish": "on"})
    client.logout()
    sweep.post(client, reverse("requests_app:track"), "requests_app.forms.TrackForm", {}, lookup=True,
               method="get")
    return []


def profile_drivers(sweep, client, people):
    from accounts.forms import ContactDetailsForm, ProfileForm

    for who, form_class in (("visitor", ProfileForm), ("officer 6500", ContactDetailsForm)):
        user = people[who]
        client.force_login(user)
        base = {**form_values(form_class(instance=user)), **PROFILE}
        sweep.post(client, reverse("accounts:profile"), f"accounts.forms.{form_class.__name__}",
                   {name: value for name, value in base.items() if name in form_class.base_fields})
    return []


DRIVERS = [consultation_drivers, desk_drivers, profile_drivers]


@pytest.fixture
def people(catalogue):
    people = {"visitor": ProfiledVisitorFactory(email="pengunjung.hostile@contoh.id"),
              "agency": AgencyVisitorFactory(email="dinas.hostile@contoh.id")}
    for code in ("6500", "6202", "6302"):
        from services.models import Office

        office = Office.objects.get(code=code)
        people[f"officer {code}"] = OfficerFactory(email=f"petugas.hostile.{code}@bps.go.id", office=office)
        people[f"head {code}"] = HeadFactory(email=f"kepala.hostile.{code}@bps.go.id", office=office)
    return people


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
    pages.append(("articles", client.get(reverse("requests_app:articles"))))
    for article in Article.objects.all():
        pages.append((article.slug, client.get(reverse("services:article", args=[article.slug]))))
    pages.append(("knowledge", client.get(reverse("services:knowledge") + "?q=script")))
    return [(url, response.content.decode()) for url, response in pages]


def test_every_free_text_field_is_shown_as_typed(client, people, settings):
    settings.LETTER_REQUIRES_PUBLIC_URL = False
    sweep = Sweep()
    requests = []
    for driver in DRIVERS:
        requests += driver(sweep, client, people)
    requests += list(Request.objects.filter(channel="walk_in"))
    pages = pages_of(client, people, requests) + sweep.echoes
    emails = [f"{message.subject}\n{message.body}" for message in mail.outbox]

    raw = [(url, match) for url, page in pages for match in RAW_MARKUP.findall(page)]
    assert raw == [], f"payloads rendered as markup: {raw[:20]}"
    for tag, text in sweep.refused.items():
        assert any(shown_in_html(text, page) for _url, page in sweep.echoes), f"{tag} not echoed escaped"
    texts = [squeeze(text) for text in emails]
    unseen = [(tag, text) for tag, text in sweep.stored.items()
              if not any(shown_in_html(text, page) for _url, page in pages)
              and not any(squeeze(text) in t for t in texts)]
    assert unseen == [], f"stored but never shown as typed: {unseen}"
    missing = {path: names for path, names in free_text_fields().items()
               if set(names) - sweep.driven.get(path, set())}
    assert missing == {}, f"forms this sweep does not know how to post: {missing}"
