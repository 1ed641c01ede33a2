"""Ratings of finished requests (issue 18 item 1): the visitor of a completed or rejected request is
emailed a link that rates it once without signing in, the request's page asks its owner too, the result
is never behind the rating, and one rating per request is stored whatever is submitted twice."""
import pytest
from django.core import mail
from django.urls import reverse

from complaints import ratings
from complaints.models import Rating, RatingInvite
from requests_app import registry, workflow
from tests.complaints.conftest import rating_links
from tests.factories import ProfiledVisitorFactory
from tests.requests_helpers import file_request

pytestmark = pytest.mark.django_db
ANSWERS = {"requirements": "4", "procedure": "3", "duration": "3", "fee": "4", "product": "3",
           "competence": "4", "conduct": "4", "complaint_handling": "", "facilities": "2",
           "comment": "Petugas membantu."}


def invite_url(token):
    return reverse("ratings:invite", kwargs={"token": token})


def test_a_completed_request_emails_its_visitor_one_link_in_their_language(finish, officer, committing):
    ani = ProfiledVisitorFactory(email="ani@contoh.id")
    mail.outbox.clear()
    request = finish(ani, language="en")
    (message,) = [m for m in mail.outbox if "ani@contoh.id" in m.to and "/penilaian/" in m.body]
    assert message.subject == f"[PST BPS] {request.code}: Rate our service"
    assert "works once" in message.body
    with committing():  # a later step (a note) asks nothing again
        workflow.perform(request, workflow.Action.NOTE, officer, note="Catatan internal.")
    assert len(rating_links("ani@contoh.id")) == 1
    assert RatingInvite.objects.filter(request=request).count() == 1


def test_a_rejected_request_is_asked_and_a_cancelled_one_is_not(officer, committing):
    rejected_by, cancelled_by = ProfiledVisitorFactory(), ProfiledVisitorFactory()
    with committing():
        rejected = file_request(rejected_by, "6500", "konsultasi")
        workflow.perform(rejected, workflow.Action.REJECT, officer, note="Bukan data BPS.")
        cancelled = file_request(cancelled_by, "6500", "konsultasi")
        workflow.perform(cancelled, workflow.Action.CANCEL, cancelled_by, note="Sudah tidak perlu.")
    assert len(rating_links(rejected_by.email)) == 1
    assert rating_links(cancelled_by.email) == []


def test_the_emailed_link_rates_its_own_request_once_without_signing_in(client, finish):
    ani, budi = ProfiledVisitorFactory(), ProfiledVisitorFactory()
    ani_request, budi_request = finish(ani), finish(budi)
    (token,) = rating_links(ani.email)
    page = client.get(invite_url(token))
    assert page.status_code == 200 and ani_request.code in page.content.decode()
    assert client.post(invite_url(token), ANSWERS).status_code == 200
    rating = Rating.objects.get()
    assert rating.request == ani_request and Rating.objects.filter(request=budi_request).count() == 0
    assert (rating.requirements, rating.complaint_handling, rating.facilities) == (4, None, 2)
    assert (rating.office.code, rating.service_slug, rating.channel, rating.comment) == \
        ("6500", "konsultasi", "online", "Petugas membantu.")
    assert client.get(invite_url(token)).status_code == 410  # used: it works once
    assert client.post(invite_url(token), ANSWERS).status_code == 410
    assert client.get(invite_url(token[:-2] + "xx")).status_code == 404  # not a link we sent
    assert Rating.objects.count() == 1


def test_one_rating_per_request_even_when_submitted_twice(client, finish):
    ani = ProfiledVisitorFactory()
    request = finish(ani)
    client.force_login(ani)
    own = reverse("ratings:request", kwargs={"code": request.code})
    assert client.post(own, ANSWERS).status_code == 302
    assert client.post(own, ANSWERS).status_code == 410
    assert ratings.rate_request(request, {"requirements": 1}) is None  # the database refuses a second
    (token,) = rating_links(ani.email)
    assert client.get(invite_url(token)).status_code == 410  # rated from the page: the link is used up
    assert Rating.objects.filter(request=request).count() == 1


def test_an_empty_survey_is_refused_next_to_the_questions(client, finish):
    ani = ProfiledVisitorFactory()
    request = finish(ani)
    client.force_login(ani)
    response = client.post(reverse("ratings:request", kwargs={"code": request.code}), {"comment": "?"})
    assert response.status_code == 400
    assert "Jawab paling sedikit satu pertanyaan." in response.content.decode()
    assert not Rating.objects.exists()


def test_the_owner_sees_the_panel_on_the_finished_request_and_others_do_not(client, finish, officer):
    ani, budi = ProfiledVisitorFactory(), ProfiledVisitorFactory()
    request = finish(ani)
    own = reverse("ratings:request", kwargs={"code": request.code})
    client.force_login(ani)
    body = client.get(request.get_absolute_url()).content.decode()
    assert "Nilai layanan ini" in body and own in body
    assert "Selesai" in body  # the result is shown, rating or not
    client.force_login(budi)
    assert client.get(request.get_absolute_url()).status_code == 404
    assert client.get(own).status_code == 404
    client.force_login(officer)
    assert own not in client.get(request.get_staff_url()).content.decode()
    client.force_login(ani)
    client.post(own, ANSWERS)
    body = client.get(request.get_absolute_url()).content.decode()
    assert own not in body and "Anda sudah menilai layanan ini" in body


def test_an_open_request_shows_no_panel(client):
    ani = ProfiledVisitorFactory()
    request = file_request(ani, "6500", "konsultasi")
    client.force_login(ani)
    assert "Nilai layanan ini" not in client.get(request.get_absolute_url()).content.decode()
    assert client.get(reverse("ratings:request", kwargs={"code": request.code})).status_code == 410


def test_the_cores_request_panel_hook_shows_only_panels_with_a_context(monkeypatch, finish):
    """``register_request_panel``: a panel whose context function gives None is not shown."""
    monkeypatch.setattr(registry, "_request_panels", [])
    registry.register_request_panel("a.html", lambda user, request: {"for": request.code})
    registry.register_request_panel("b.html", lambda user, request: None)
    registry.register_request_panel("a.html", registry._request_panels[0][1])  # twice: once
    request = finish()
    assert registry.request_panels(request.visitor, request) == [("a.html", {"for": request.code})]


def test_a_walk_in_visit_recorded_as_a_request_is_rated_once_on_either_page(client, finish):
    """The desk linked the ticket to the request it recorded: rating the ticket uses up the request's
    rating (and its page then thanks), so the visit counts once in the index."""
    from desk.models import Ticket
    from desk.numbering import issue_ticket

    ani = ProfiledVisitorFactory()
    request = finish(ani)
    ticket = issue_ticket(request.office, "konsultasi", "Ani", request=request)
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.DONE)
    response = client.post(reverse("ratings:ticket", kwargs={"token": ticket.token}), ANSWERS)
    assert response.status_code == 302
    (token,) = rating_links(ani.email)
    assert client.post(invite_url(token), ANSWERS).status_code == 410
    client.force_login(ani)
    assert "Anda sudah menilai layanan ini" in client.get(request.get_absolute_url()).content.decode()
    assert Rating.objects.count() == 1
