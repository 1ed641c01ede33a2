"""The desk's models in admin, for the system administrator: every list and change page opens, the
identity number appears only masked and cannot be edited as text, guests are found by name, phone or email,
kiosks are revoked by an action and never show their token or link hash, ticket counters are read-only."""
import pytest
from django.urls import reverse

from desk import kiosk as kiosks
from desk.kiosk_models import Guest, GuestBookEntry, Kiosk
from desk.models import Ticket, TicketCounter
from tests.desk.test_kiosk import GUEST, NIK, kiosk_url, tablet  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

MASKED = "6302********0002"


@pytest.fixture
def visited(tablet, kotabaru, officer_kotabaru):  # noqa: F811
    """A guest who signed the guest book at an enrolled kiosk, and a second kiosk still waiting for its
    one-time link to be opened."""
    assert tablet.post(kiosk_url(kotabaru), GUEST).status_code == 302
    kiosks.create_kiosk(kotabaru, officer_kotabaru, "Tablet loket")
    return GuestBookEntry.objects.get()


def admin_pages(model, obj):
    prefix = f"admin:desk_{model._meta.model_name}"
    return [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_change", args=[obj.pk])]


def test_every_desk_admin_page_opens_and_shows_the_identity_number_only_masked(client, administrator,
                                                                              visited):
    client.force_login(administrator)
    objects = {Kiosk: Kiosk.objects.first(), Guest: visited.guest, GuestBookEntry: visited,
               TicketCounter: TicketCounter.objects.get(), Ticket: visited.ticket}
    for model, obj in objects.items():
        for url in admin_pages(model, obj):
            response = client.get(url)
            assert response.status_code == 200, url
            assert NIK not in response.content.decode(), url
    for url in admin_pages(Guest, visited.guest) + admin_pages(GuestBookEntry, visited):
        assert MASKED in client.get(url).content.decode(), url


def test_the_identity_number_is_not_an_input_and_a_posted_one_is_ignored(client, administrator, visited):
    client.force_login(administrator)
    url = reverse("admin:desk_guest_change", args=[visited.guest.pk])
    assert 'name="identity_number"' not in client.get(url).content.decode()
    response = client.post(url, {"full_name": "Siti Aminah", "phone": "0812 3456 7899",
                                 "email": "SITI@contoh.id", "institution": "",
                                 "identity_number": "6302010101900001"})
    assert response.status_code == 302
    guest = Guest.objects.get()
    assert (guest.identity_number, guest.phone, guest.email) == (NIK, "+6281234567899", "siti@contoh.id")
    entry = reverse("admin:desk_guestbookentry_change", args=[visited.pk])
    assert 'name="identity_number"' not in client.get(entry).content.decode()
    assert client.post(entry, {"identity_number": "6302010101900001"}).status_code == 403
    assert GuestBookEntry.objects.get().identity_number == NIK


@pytest.mark.parametrize("search", ["Siti", "siti@contoh.id", "+6281234567802", "0812 3456 7802"])
def test_guests_and_the_guest_book_are_found_by_name_phone_or_email(client, administrator, visited, search):
    client.force_login(administrator)
    for name in ("guest", "guestbookentry"):
        page = client.get(reverse(f"admin:desk_{name}_changelist"), {"q": search}).content.decode()
        assert MASKED in page, (name, search)
        nobody = client.get(reverse(f"admin:desk_{name}_changelist"), {"q": "Budi"}).content.decode()
        assert MASKED not in nobody


def test_kiosks_are_revoked_by_an_action_and_never_show_their_hashes(client, administrator, visited, tablet,  # noqa: F811
                                                                     kotabaru):
    client.force_login(administrator)
    pages = "".join(client.get(url).content.decode() for kiosk in Kiosk.objects.all()
                    for url in admin_pages(Kiosk, kiosk))
    for kiosk in Kiosk.objects.all():
        for secret in (kiosk.token_hash, kiosk.link_hash):
            assert not secret or secret not in pages
    assert 'name="token_hash"' not in pages and 'name="link_hash"' not in pages
    enrolled = Kiosk.objects.get(enrolled_at__isnull=False)
    response = client.post(reverse("admin:desk_kiosk_changelist"),
                           {"action": "revoke_kiosks", "_selected_action": [enrolled.pk]}, follow=True)
    assert "1 kiosk dicabut." in response.content.decode()
    assert tablet.get(kiosk_url(kotabaru)).status_code == 403  # the tablet stops at once


def test_ticket_counters_are_read_only_and_a_ticket_shows_its_contact(client, administrator, visited):
    client.force_login(administrator)
    counter = TicketCounter.objects.get()
    url = reverse("admin:desk_ticketcounter_change", args=[counter.pk])
    assert 'name="last_number"' not in client.get(url).content.decode()
    assert client.post(url, {"last_number": 0}).status_code == 403
    assert TicketCounter.objects.get().last_number == 1
    ticket = reverse("admin:desk_ticket_changelist")
    assert "+6281234567802" in client.get(ticket).content.decode()
    change = client.get(reverse("admin:desk_ticket_change", args=[visited.ticket.pk])).content.decode()
    assert str(visited.ticket.token) in change and 'name="token"' not in change
