"""The office queue (/petugas/), the head's workspace (/kepala/) and claiming and assigning.

Urgency is controlled by writing ``due_at``, ``at_risk_from`` and ``clock_paused_at``
straight to the rows with ``.update()``.
"""
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from requests_app import workflow
from requests_app.models import Request, RequestEvent, Status
from services.catalogue.models import Channel, Office
from services.recommendation.rules import Action as RecommendationAction
from tests.factories import AgencyVisitorFactory, HeadFactory, OfficerFactory, ProfiledVisitorFactory
from tests.requests_helpers import complete_letter_template, file_request, standard

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def kaltara(catalogue):
    return Office.objects.get(code="6500")


@pytest.fixture
def dewi(kaltara):
    return OfficerFactory(email="dewi@bps.go.id", full_name="Dewi Petugas", office=kaltara)


@pytest.fixture
def eko(kaltara):
    return OfficerFactory(email="eko@bps.go.id", full_name="Eko Petugas", office=kaltara)


def filed(visitor=None, office_code="6500", service_slug="konsultasi", **fields):
    """A request filed online and submitted, then with ``fields`` written straight to its row."""
    visitor = visitor or ProfiledVisitorFactory()
    service_request = file_request(visitor, office_code, service_slug)
    if fields:
        Request.objects.filter(pk=service_request.pk).update(**fields)
    service_request.refresh_from_db()
    return service_request


def walk_in(office_code, service_slug, visitor, **fields):
    """A request registered at the counter (walk-in channel), submitted."""
    chosen = standard(office_code, service_slug)
    return Request.objects.create(
        office=chosen.office, service_kind=chosen.service_kind, standard=chosen, channel=Channel.WALK_IN,
        visitor=visitor, purpose="Pembelian publikasi Kabupaten Kotabaru Dalam Angka 2025.",
        status=Status.SUBMITTED, submitted_at=timezone.now(), **fields,
    )


def rows(response):
    assert response.status_code == 200, response.status_code
    return re.findall(r'<tr data-code="([^"]+)">', response.content.decode())


def status_count(response, status):
    found = re.search(rf'data-status-count="{status}">(\d+)<', response.content.decode())
    return int(found.group(1)) if found else None


# --- What the queue holds and in which order --------------------------------------------------


def test_the_queue_shows_the_offices_non_draft_requests_most_urgent_first(client, dewi):
    now = timezone.now()
    # Made in the reverse of the expected order, so creation order cannot pass for urgency order.
    paused = filed(status=Status.RETURNED, clock_paused_at=now - HOUR, working_days_left_at_pause=2,
                   due_at=now - 5 * DAY, at_risk_from=now - 6 * DAY)  # paused wins over overdue
    on_track = filed(due_at=now + 10 * DAY, at_risk_from=now + 8 * DAY)
    not_started = filed(due_at=None, at_risk_from=None, clock_started_at=None)
    at_risk = filed(due_at=now + DAY, at_risk_from=now - HOUR)
    overdue = filed(due_at=now - DAY, at_risk_from=now - 2 * DAY)
    more_overdue = filed(due_at=now - 3 * DAY, at_risk_from=now - 4 * DAY)
    # Not in the queue: a draft, another office's request, and (in the default view) a closed one.
    draft = file_request(ProfiledVisitorFactory(), submit=False)
    elsewhere = filed(office_code="6202", service_slug="penjualan-produk")
    closed = filed(status=Status.COMPLETED, closed_at=now)

    client.force_login(dewi)
    response = client.get("/petugas/")
    assert rows(response) == [more_overdue.code, overdue.code, at_risk.code, not_started.code,
                              on_track.code, paused.code]
    html = response.content.decode()
    for hidden in (draft, elsewhere, closed):
        assert hidden.code not in html
    assert "Terlambat: 2" in html and "Berisiko: 1" in html and "Dijeda: 1" in html


def test_the_queue_is_for_officers_of_an_office(client, visitor_ani, head_kotabaru, administrator):
    assert client.get("/petugas/")["Location"] == "/akun/login/?next=/petugas/"
    for person in (visitor_ani, head_kotabaru, administrator):
        client.force_login(person)
        assert client.get("/petugas/").status_code == 403, person.role


# --- Filters, search and counts (BPS Kabupaten Kotabaru) ---------------------------------------


@pytest.fixture
def kotabaru_queue(officer_kotabaru, kotabaru):
    now = timezone.now()
    other_officer = OfficerFactory(office=kotabaru, full_name="Rina Petugas Lain")
    fajar = AgencyVisitorFactory(full_name="Fajar Nugroho", institution="Dinas Pertanian Kabupaten Kotabaru")
    gita = AgencyVisitorFactory(full_name="Gita Permata", institution="Bappeda Kabupaten Kotabaru")
    hasan = ProfiledVisitorFactory(full_name="Hasan Basri", institution="Universitas Lambung Mangkurat")
    queue = {
        "overdue": filed(fajar, "6302", "rekomendasi", due_at=now - DAY, at_risk_from=now - 2 * DAY),
        "mine": filed(gita, "6302", "rekomendasi", status=Status.IN_PROCESS, assigned_to=officer_kotabaru),
        "theirs": filed(gita, "6302", "rekomendasi", assigned_to=other_officer),
        "walk_in": walk_in("6302", "penjualan-produk", hasan),
        "completed": filed(fajar, "6302", "rekomendasi", status=Status.COMPLETED, closed_at=now),
        "rejected": filed(hasan_agency(), "6302", "rekomendasi", status=Status.REJECTED, closed_at=now),
    }
    # Never in Kotabaru's queue: a draft of Kotabaru, and another office's request by a namesake.
    queue["draft"] = file_request(fajar, "6302", "rekomendasi", submit=False)
    queue["elsewhere"] = filed(ProfiledVisitorFactory(full_name="Fajar Nugroho Kedua",
                                                      institution="Dinas Pertanian Kabupaten Kotabaru"))
    return queue


def hasan_agency():
    return AgencyVisitorFactory(full_name="Indra Wijaya", institution="Dinas Perikanan Kabupaten Kotabaru")


def codes(queue, *names):
    return {queue[name].code for name in names}


OPEN = ("overdue", "mine", "theirs", "walk_in")


@pytest.mark.parametrize(("query", "expected"), [
    ("", OPEN),
    ("service_kind=rekomendasi", ("overdue", "mine", "theirs")),
    ("service_kind=penjualan-produk", ("walk_in",)),
    ("status=in_process", ("mine",)),
    ("status=submitted", ("overdue", "theirs", "walk_in")),
    ("status=completed&view=all", ("completed",)),
    ("channel=walk_in", ("walk_in",)),
    ("channel=online", ("overdue", "mine", "theirs")),
    ("assignee=me", ("mine",)),
    ("assignee=none", ("overdue", "walk_in")),
    ("urgency=0", ("overdue",)),
    ("view=closed", ("completed", "rejected")),
    ("view=all", (*OPEN, "completed", "rejected")),
    ("view=open", OPEN),
    ("q=Nugroho", ("overdue",)),
    ("q=gita+permata", ("mine", "theirs")),
    ("q=Lambung+Mangkurat", ("walk_in",)),
    ("q=dinas+pertanian", ("overdue",)),
    ("q=dinas+pertanian&view=all", ("overdue", "completed")),
    ("service_kind=rekomendasi&assignee=none", ("overdue",)),
])
def test_queue_filters_and_search(client, officer_kotabaru, kotabaru_queue, query, expected):
    client.force_login(officer_kotabaru)
    assert set(rows(client.get(f"/petugas/?{query}"))) == codes(kotabaru_queue, *expected)


def test_search_by_code_accepts_part_of_it_in_any_case(client, officer_kotabaru, kotabaru_queue):
    client.force_login(officer_kotabaru)
    code = kotabaru_queue["walk_in"].code
    assert rows(client.get("/petugas/", {"q": code})) == [code]
    assert rows(client.get("/petugas/", {"q": code[-6:].lower()})) == [code]
    assert rows(client.get("/petugas/", {"q": kotabaru_queue["draft"].code})) == []
    nothing = client.get("/petugas/", {"q": "Zulkifli"})
    assert rows(nothing) == [] and "Tidak ada permintaan yang cocok." in nothing.content.decode()


def test_the_counts_per_status_are_the_offices(client, officer_kotabaru, kotabaru_queue):
    client.force_login(officer_kotabaru)
    response = client.get("/petugas/?q=Zulkifli")  # the counts do not follow the filters
    assert {status: status_count(response, status) for status in (
        "submitted", "in_process", "completed", "rejected", "returned", "awaiting_approval", "cancelled",
        "draft")} == {"submitted": 3, "in_process": 1, "completed": 1, "rejected": 1, "returned": 0,
                      "awaiting_approval": 0, "cancelled": 0, "draft": None}
    html = response.content.decode()
    # The walk-in order at 6302 waits its turn in the desk's queue (10 minutes, no working days): it is
    # not "not yet started" (issue 14, item 25).
    assert "Terlambat: 1" in html and "Belum dihitung: 0" in html and "Sesuai jadwal: 3" in html


def test_a_draft_discarded_before_it_was_sent_is_in_no_list_or_count(client, dewi):
    # Drafts discarded by cancelling them (before discarding deleted them) never reached the office.
    discarded = file_request(ProfiledVisitorFactory(), submit=False)
    Request.objects.filter(pk=discarded.pk).update(status=Status.CANCELLED, closed_at=timezone.now())
    sent_then_cancelled = filed(status=Status.CANCELLED, closed_at=timezone.now())
    client.force_login(dewi)
    response = client.get("/petugas/", {"view": "all"})
    assert rows(response) == [sent_then_cancelled.code]
    assert status_count(response, "cancelled") == 1


def test_the_queue_has_pages_of_25(client, dewi):
    visitor = ProfiledVisitorFactory()
    made = [filed(visitor).code for _ in range(30)]
    client.force_login(dewi)
    first = client.get("/petugas/")
    second = client.get("/petugas/?halaman=2")
    assert len(rows(first)) == 25 and len(rows(second)) == 5
    assert sorted(rows(first) + rows(second)) == sorted(made)
    assert "Halaman 1 dari 2" in first.content.decode() and "Halaman 2 dari 2" in second.content.decode()
    assert 'href="?view=open&amp;halaman=2"' in client.get("/petugas/?view=open").content.decode()
    # Filters are kept on the next page's link.
    assert "?assignee=none&amp;halaman=2" in client.get("/petugas/?assignee=none").content.decode()
    assert rows(client.get("/petugas/?halaman=99")) == rows(second)


def test_the_queue_runs_a_fixed_number_of_queries(client, dewi, eko):
    kinds = [
        dict(due_at=timezone.now() - DAY, at_risk_from=timezone.now() - 2 * DAY, assigned_to=dewi),
        dict(status=Status.RETURNED, clock_paused_at=timezone.now() - HOUR, working_days_left_at_pause=2,
             assigned_to=eko),
        dict(due_at=None, at_risk_from=None, clock_started_at=None),
    ]

    def add(count):
        for number in range(count):
            filed(ProfiledVisitorFactory(institution=f"Universitas {number}"), **kinds[number % 3])

    def measure():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/petugas/")
        assert response.status_code == 200
        return len(rows(response)), len(captured.captured_queries), captured

    client.force_login(dewi)
    add(3)
    client.get("/petugas/")  # warm up whatever is loaded once per process
    few_rows, few, _ = measure()
    add(37)
    many_rows, many, captured = measure()
    assert (few_rows, many_rows) == (3, 25)
    queries = "\n".join(q["sql"][:160] for q in captured.captured_queries)
    assert few == many, f"{few} queries for 3 rows, {many} for 40:\n{queries}"
    # 20, one for the complaints panel (complaints.panel), one for the officer's own late work, one for
    # the page's keys (queue.QueuePaginator: the keys sorted narrow, then their rows)
    assert many <= 23, queries


# --- The head's workspace ----------------------------------------------------------------------


def test_the_head_workspace_lists_requests_awaiting_approval(client, officer_kotabaru, head_kotabaru,
                                                             banjarmasin):
    agency = AgencyVisitorFactory(full_name="Joko Susilo")
    awaiting = file_request(agency, "6302", "rekomendasi")
    in_process = file_request(AgencyVisitorFactory(full_name="Kartika Sari"), "6302", "rekomendasi")
    complete_letter_template("6302")
    for action in (RecommendationAction.DECLARE_FEASIBLE, RecommendationAction.DRAFT_LETTER,
                   workflow.Action.REQUEST_APPROVAL):
        workflow.perform(awaiting, action, officer_kotabaru)
    workflow.perform(in_process, RecommendationAction.DECLARE_FEASIBLE, officer_kotabaru)
    elsewhere = walk_in("6371", "rekomendasi", AgencyVisitorFactory(full_name="Lukman Hakim"))
    Request.objects.filter(pk=elsewhere.pk).update(status=Status.AWAITING_APPROVAL)
    awaiting.refresh_from_db()
    assert awaiting.status == Status.AWAITING_APPROVAL

    client.force_login(head_kotabaru)
    response = client.get("/kepala/")
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('id="approval-heading"')
    approval = html[start:html.index("</section>", start)]
    assert f'href="/petugas/permintaan/{awaiting.code}/#surat"' in approval and "Joko Susilo" in approval
    assert in_process.code not in approval and "Kartika Sari" not in approval
    assert elsewhere.code not in html
    assert set(rows(response)) == {awaiting.code, in_process.code}  # the office's queue below it

    approved = client.post(f"/petugas/permintaan/{awaiting.code}/tindakan/",
                           {"action": "approve", "version": awaiting.version, "note": ""})
    assert approved.status_code == 302
    awaiting.refresh_from_db()
    assert awaiting.status == Status.COMPLETED
    after = client.get("/kepala/").content.decode()
    assert "Tidak ada yang menunggu persetujuan." in after

    client.force_login(officer_kotabaru)
    assert client.get("/kepala/").status_code == 403


# --- Claiming and assigning from the staff page -----------------------------------------------


def test_an_officer_claims_a_request_from_its_page(client, dewi):
    service_request = filed()
    client.force_login(dewi)
    page = client.get(service_request.get_staff_url()).content.decode()
    assert 'name="action" value="claim"' in page
    response = client.post(f"/petugas/permintaan/{service_request.code}/tindakan/",
                           {"action": "claim", "version": service_request.version})
    assert response.status_code == 302 and response["Location"] == service_request.get_staff_url()
    service_request.refresh_from_db()
    assert service_request.assigned_to == dewi and service_request.status == Status.SUBMITTED
    event = RequestEvent.objects.get(request=service_request, action="claim")
    assert event.actor == dewi and event.is_internal
    assert rows(client.get("/petugas/?assignee=me")) == [service_request.code]

    again = client.post(f"/petugas/permintaan/{service_request.code}/tindakan/",
                        {"action": "claim", "version": service_request.version})
    assert again.status_code == 409
    assert "Permintaan ini sudah ditugaskan kepada Anda." in again.content.decode()


def test_assigning_is_only_to_an_active_officer_of_the_same_office(client, dewi, eko, kaltara,
                                                                   officer_banjarmasin):
    service_request = filed()
    inactive = OfficerFactory(office=kaltara, full_name="Fani Nonaktif", is_active=False)
    head = HeadFactory(office=kaltara, full_name="Gilang Kepala")
    client.force_login(dewi)

    page = client.get(service_request.get_staff_url()).content.decode()
    start = page.index('name="officer"')
    options = set(re.findall(r'<option value="(\d+)"', page[start:page.index("</select>", start)]))
    assert options == {str(dewi.pk), str(eko.pk)}

    url = f"/petugas/permintaan/{service_request.code}/tugaskan/"
    for refused in (officer_banjarmasin, inactive, head):
        response = client.post(url, {"version": service_request.version, "officer": refused.pk}, follow=True)
        assert "Pilih petugas aktif dari kantor ini." in response.content.decode(), refused.full_name
        service_request.refresh_from_db()
        assert service_request.assigned_to_id is None
    assert not RequestEvent.objects.filter(request=service_request, action="assign").exists()

    response = client.post(url, {"version": service_request.version, "officer": eko.pk}, follow=True)
    assert "Permintaan ditugaskan kepada Eko Petugas." in response.content.decode()
    service_request.refresh_from_db()
    assert service_request.assigned_to == eko
    event = RequestEvent.objects.get(request=service_request, action="assign")
    assert (event.actor, event.note, event.is_internal) == (dewi, "Eko Petugas", True)

    # A page loaded before that change is stale: nothing happens.
    stale = client.post(url, {"version": service_request.version - 1, "officer": dewi.pk}, follow=True)
    assert "baru saja diubah oleh orang lain" in stale.content.decode()
    service_request.refresh_from_db()
    assert service_request.assigned_to == eko

    # The head of the office may assign too.
    client.force_login(head)
    client.post(url, {"version": service_request.version, "officer": dewi.pk})
    service_request.refresh_from_db()
    assert service_request.assigned_to == dewi


def test_the_queues_two_step_pages_are_the_plain_pages(dewi):
    """``QueuePaginator`` (keys sorted narrow, then their rows) gives every page exactly as slicing the
    queue itself does, in the same order, with the same annotations."""
    from django.core.paginator import Paginator
    from django.http import QueryDict

    from requests_app.queue import QueuePaginator, office_queue

    now = timezone.now()
    for number in range(13):
        filed(due_at=now + (number % 5 - 2) * DAY, at_risk_from=now - (number % 3) * DAY,
              **({"clock_paused_at": now} if number % 4 == 0 else {}))
    _filter, queryset = office_queue(dewi, QueryDict("view=all"))
    plain, two_step = Paginator(queryset, 5), QueuePaginator(queryset, 5)
    assert two_step.num_pages == plain.num_pages == 3
    for number in (1, 2, 3):
        expected = [(row.pk, row.urgency) for row in plain.page(number)]
        assert [(row.pk, row.urgency) for row in two_step.page(number)] == expected
