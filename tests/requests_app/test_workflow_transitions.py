"""The whole transition table of the one workflow: every status × every action × every kind of actor,
for a consultation at 6500 and a recommendation (head approval) at 6302. Plus notes that are required,
two officers acting on the same page, internal events and what an event records."""
from dataclasses import dataclass

import pytest
from django.db import transaction

from accounts.models import Role
from requests_app import workflow
from requests_app.access import timeline_for
from requests_app.models import ClockPause, Request, RequestEvent
from requests_app.workflow import ActionRefused, StaleRequest
from services.catalogue.models import Office
from tests.factories import (
    AgencyVisitorFactory,
    HeadFactory,
    OfficerFactory,
    ProfiledVisitorFactory,
    UserFactory,
)
from tests.requests_helpers import complete_letter_template, docx, file_request, require_upload

OFFICE_OF = {"konsultasi": "6500", "rekomendasi": "6302"}
OTHER_OFFICE = "6371"

# The kinds of actor tried on every request.
OWNER, OTHER_VISITOR = "owner", "other_visitor"
OFFICER, OTHER_OFFICER = "officer", "other_officer"
HEAD, OTHER_HEAD = "head", "other_head"
SYSTEM, ADMIN = "system", "admin"
ACTOR_KINDS = (OWNER, OTHER_VISITOR, OFFICER, OTHER_OFFICER, HEAD, OTHER_HEAD, SYSTEM, ADMIN)

D, S, RT, RS, P, A = "draft", "submitted", "returned", "resubmitted", "in_process", "awaiting_approval"
C, RJ, X, CI = "completed", "rejected", "cancelled", "closed_inactive"
ALL_STATUSES = (D, S, RT, RS, P, A, C, RJ, X, CI)
OPEN = {S, RT, RS, P, A}

# Who may take which action from which status (README "Requests: the workflow" and design.md).
# Anything not listed is refused. The table's request lacks an uploaded document, so its clock has
# not started before "process", and "mark_complete" is a live action on it.
EXPECTED = {
    "submit": {OWNER: {D}},
    "mark_complete": {OFFICER: {S, RS}},
    "process": {OFFICER: {S, RS}},
    "return": {OFFICER: {S, RS, P}},
    "resubmit": {OWNER: {RT}},
    "request_approval": {OFFICER: {P}},
    "approve": {HEAD: {A}},
    "send_back": {HEAD: {A}},
    "complete": {OFFICER: {P}},
    "reject": {OFFICER: {S, RT, RS, P}},  # also a returned request whose visitor does not answer
    "cancel": {OWNER: {S, RT, RS, P, A}},  # a draft is discarded instead (filing.discard_draft)
    "close_inactive": {SYSTEM: {RT}},
    "claim": {OFFICER: OPEN},
    "assign": {OFFICER: OPEN, HEAD: OPEN},
    "note": {OFFICER: {S, RT, RS, P, A, C, RJ, X, CI}, HEAD: {S, RT, RS, P, A, C, RJ, X, CI}},
    # A returned request's documents come with its answer (resubmit), not on their own.
    "add_documents": {OWNER: {D, S, RS, P, A}},
    # The conversation of a consultation (refused for services without one).
    "message": {OWNER: {S, RS, P}, OFFICER: {S, RS, P}},
    "propose_meeting": {OFFICER: {S, RS, P}},
    "accept_meeting": {OWNER: {S, RS, P}},
    "decline_meeting": {OWNER: {S, RS, P}},
    "reopen": {OWNER: {CI}},
    # A completed consultation may become a knowledge-base article (online ones here).
    "make_article": {OFFICER: {C}},
    # Only a walk-in request is recorded at the desk; the table's requests are online.
    "record_walk_in": {},
    # Only a request that arrived by WhatsApp, LiveChat, email or phone is recorded from another
    # channel (tests/requests_app/test_remote_channels.py); the table's requests are online.
    "record_remote": {},
    # The steps of a product order (tests/product_sales/test_orders.py) are refused for every other service.
    "file_at_desk": {}, "confirm_order": {}, "record_sppd": {}, "issue_billing": {}, "submit_payment": {},
    "verify_payment": {}, "refuse_payment": {}, "prepare_file": {}, "deliver": {}, "ready_for_pickup": {},
    "hand_over": {}, "renew_links": {},
    # A recommendation's review and letter (tests/recommendation/test_recommendations.py).
    "declare_feasible": {OFFICER: {S, RS}},
    "draft_letter": {OFFICER: {P}},
    # Who may edit the FS3/FP-KPA form (asked, not a step): the agency, on its online draft and when
    # returned; the officer only a walk-in draft at the desk.
    "edit_form": {OWNER: {D, RT}},
    # Written by the scheduled jobs (requests_app.reminders, the silence job) as the system.
    "deadline_reminder": {SYSTEM: OPEN},
    "escalation": {SYSTEM: OPEN},
    "visitor_reminder": {SYSTEM: OPEN},
    "silence_warning": {SYSTEM: {S, RS, P}},  # a consultation's, while it runs
    "link_expiry_warning": {},  # a product order's (tests/product_sales/test_orders.py)
}
# Actions that add to the timeline but leave the request (state, clock, officer) as it is: a page
# loaded before them may still act.
LEAVES_THE_REQUEST_AS_IT_IS = {"note", "add_documents", "message", "propose_meeting", "accept_meeting",
                               "decline_meeting", "draft_letter", "make_article", "deadline_reminder",
                               "escalation", "visitor_reminder", "silence_warning"}
# The recommendation is finished by the head's approval; the consultation by the officer alone.
ONLY_WITH_APPROVAL = {"request_approval", "approve", "send_back"}
ONLY_WITHOUT_APPROVAL = {"complete"}
# A recommendation is reviewed with its checklist (feasible, or returned), not plainly processed.
ONLY_FOR_RECOMMENDATION = {"declare_feasible", "draft_letter", "edit_form"}
NOT_FOR_RECOMMENDATION = {"mark_complete", "process"}
ONLY_WITH_CONVERSATION = {"message", "propose_meeting", "accept_meeting", "decline_meeting", "reopen",
                          "make_article", "silence_warning"}

# How each status is reached through the workflow, and who takes each step.
PATHS = {
    D: (),
    S: ("submit",),
    RT: ("submit", "return"),
    RS: ("submit", "return", "resubmit"),
    P: ("submit", "process"),
    A: ("submit", "process", "request_approval"),
    C: ("submit", "process", "complete"),
    RJ: ("submit", "reject"),
    X: ("submit", "cancel"),
    CI: ("submit", "return", "close_inactive"),
}
RECOMMENDATION_PATHS = {
    P: ("submit", "declare_feasible", "draft_letter"),
    A: ("submit", "declare_feasible", "draft_letter", "request_approval"),
    C: ("submit", "declare_feasible", "draft_letter", "request_approval", "approve"),
}
STEP_TAKEN_BY = {
    "submit": OWNER, "resubmit": OWNER, "cancel": OWNER, "process": "colleague", "return": "colleague",
    "reject": "colleague", "request_approval": "colleague", "declare_feasible": "colleague",
    "draft_letter": "colleague", "complete": "colleague", "approve": HEAD,
    "close_inactive": SYSTEM,
}
ROW_FIELDS = ("status", "version", "due_at", "assigned_to", "clock_started_at", "clock_paused_at",
              "closed_at", "closing_note", "language")


def expected_allowed(service, status, action, kind):
    if action in ONLY_WITH_APPROVAL and service != "rekomendasi":
        return False
    if action in ONLY_WITHOUT_APPROVAL and service == "rekomendasi":
        return False
    if action in ONLY_FOR_RECOMMENDATION and service != "rekomendasi":
        return False
    if action in NOT_FOR_RECOMMENDATION and service == "rekomendasi":
        return False
    if action == "return" and service == "rekomendasi" and status == P:
        return False  # declared feasible: the verdict stands (reject if it must)
    if action in ONLY_WITH_CONVERSATION and service != "konsultasi":
        return False
    return status in EXPECTED[action].get(kind, set())


@dataclass
class Cast:
    owner: object
    other_visitor: object
    officer: object
    colleague: object  # a second officer of the office, who takes the steps that build a status
    other_officer: object
    head: object
    other_head: object
    admin: object

    def actor(self, kind):
        return None if kind == SYSTEM else getattr(self, kind)


def make_cast(service):
    office = Office.objects.get(code=OFFICE_OF[service])
    other = Office.objects.get(code=OTHER_OFFICE)
    owner = AgencyVisitorFactory() if service == "rekomendasi" else ProfiledVisitorFactory()
    if service == "rekomendasi":
        complete_letter_template(OFFICE_OF[service])
    return Cast(
        owner=owner, other_visitor=AgencyVisitorFactory(),
        officer=OfficerFactory(office=office), colleague=OfficerFactory(office=office),
        other_officer=OfficerFactory(office=other), head=HeadFactory(office=office),
        other_head=HeadFactory(office=other),
        admin=UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True),
    )


def request_in(status, service, cast):
    """The service's request brought to ``status`` through the workflow; a consultation cannot wait on
    a head's approval, so that one status is set on the row directly."""
    request = file_request(cast.owner, OFFICE_OF[service], service, submit=False)
    unreachable = status == A and service != "rekomendasi"
    if unreachable:
        path = PATHS[P]
    elif service == "rekomendasi":
        path = RECOMMENDATION_PATHS.get(status, PATHS[status])
    else:
        path = PATHS[status]
    for step in path:
        workflow.perform(request, step, cast.actor(STEP_TAKEN_BY[step]), note=f"Langkah {step}.")
    if unreachable:
        Request.objects.filter(pk=request.pk).update(status=A)
    request.refresh_from_db()
    assert request.status == status
    return request


def row(request):
    return Request.objects.values(*ROW_FIELDS).get(pk=request.pk), request.events.count()


def attempt(request, action, actor, assignee):
    """Take ``action`` inside a savepoint that is always rolled back. Returns (allowed, problems).
    A rule that is only asked (``asked_only``: may this person edit the form now?) is asked."""
    rule = workflow.rule_for(request, action)
    if rule is not None and rule.asked_only:
        return workflow.may(request, action, actor, assignee=assignee), []
    (before, events_before) = row(request)
    savepoint = transaction.savepoint()
    try:
        event = workflow.perform(request, action, actor, note="Catatan uji transisi.", assignee=assignee)
    except StaleRequest:
        return False, ["StaleRequest raised without an expected version"]
    except ActionRefused:
        changed = row(request) != (before, events_before)
        return False, ["refused, yet the request or its timeline changed"] if changed else []
    else:
        (after, events_after) = row(request)
        problems = []
        version_step = 0 if action in LEAVES_THE_REQUEST_AS_IT_IS else 1
        if after["version"] != before["version"] + version_step or events_after != events_before + 1:
            problems.append("allowed, but version or event count did not change as they should")
        if (event.action, event.from_status, event.actor) != (action, before["status"], actor):
            problems.append(f"event recorded {(event.action, event.from_status, event.actor)}")
        return True, problems
    finally:
        transaction.savepoint_rollback(savepoint)
        request.refresh_from_db()


ALL_ACTIONS = sorted({rule.action for rule in workflow.every_rule()})


def test_the_table_covers_every_action_of_the_workflow():
    assert set(ALL_ACTIONS) == set(EXPECTED)


@pytest.mark.parametrize("service", ["konsultasi", "rekomendasi"])
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_transition_table(service, status, catalogue):
    require_upload(OFFICE_OF[service], service)
    cast = make_cast(service)
    request = request_in(status, service, cast)
    wrong = []
    for action in ALL_ACTIONS:
        for kind in ACTOR_KINDS:
            allowed, problems = attempt(request, action, cast.actor(kind), assignee=cast.officer)
            expected = expected_allowed(service, status, action, kind)
            if allowed != expected:
                problems = [f"expected {'allowed' if expected else 'refused'}, "
                            f"was {'allowed' if allowed else 'refused'}", *problems]
            wrong += [f"{status} {action} by {kind}: {problem}" for problem in problems]
    assert wrong == []


@pytest.fixture
def people(catalogue):
    return make_cast("konsultasi")


@pytest.mark.parametrize(
    "action, status, kind",
    [("return", S, OFFICER), ("resubmit", RT, OWNER), ("reject", P, OFFICER), ("note", S, HEAD),
     ("note", C, OFFICER)],
)
@pytest.mark.parametrize("blank", ["", "   \n "])
def test_an_action_that_needs_a_note_is_refused_without_one(people, action, status, kind, blank):
    request = request_in(status, "konsultasi", people)
    before = row(request)
    with pytest.raises(ActionRefused, match="Tuliskan catatan"):
        workflow.perform(request, action, people.actor(kind), note=blank)
    assert row(request) == before
    # The same action with a note goes through: only the note was missing.
    event = workflow.perform(request, action, people.actor(kind), note="Alasan tertulis.")
    assert event.note == "Alasan tertulis."


def test_the_head_cannot_send_a_recommendation_back_without_a_note(catalogue):
    cast = make_cast("rekomendasi")
    request = request_in(A, "rekomendasi", cast)
    before = row(request)
    with pytest.raises(ActionRefused, match="Tuliskan catatan"):
        workflow.perform(request, "send_back", cast.head, note=" ")
    assert row(request) == before


def test_of_two_officers_on_the_same_page_the_first_wins(people):
    request = file_request(people.owner)
    page_version = request.version
    first = workflow.perform(request, "process", people.officer, expected_version=page_version)
    before = row(request)
    for action in ("return", "reject", "claim"):
        with pytest.raises(StaleRequest):
            workflow.perform(request, action, people.colleague, note="Kurang lengkap.",
                             expected_version=page_version)
    assert row(request) == before
    request.refresh_from_db()
    assert (request.status, request.version, request.assigned_to) == (P, page_version + 1, people.officer)
    assert request.clock_paused_at is None and ClockPause.objects.filter(request=request).count() == 0
    assert list(request.events.values_list("action", flat=True)) == ["submit", "process"]
    assert first.actor == people.officer
    # With the page reloaded (the current version) the second officer may act.
    workflow.perform(request, "return", people.colleague, note="Kurang lengkap.",
                     expected_version=request.version)
    request.refresh_from_db()
    assert request.status == RT


def test_of_two_officers_posting_the_same_page_the_second_is_told(client, people):
    request = file_request(people.owner)
    url = f"/petugas/permintaan/{request.code}/tindakan/"
    page = {"version": request.version, "note": "Alasan tertulis."}
    client.force_login(people.officer)
    assert client.post(url, {**page, "action": "process"}).status_code == 302
    client.force_login(people.colleague)
    refused = client.post(url, {**page, "action": "reject"})
    assert refused.status_code == 409
    assert "baru saja diubah oleh orang lain" in refused.content.decode()
    request.refresh_from_db()
    assert (request.status, request.assigned_to, request.closing_note) == (P, people.officer, "")


STALE_TEXT = "baru saja diubah oleh orang lain"


def test_the_same_action_sent_twice_from_one_page_lands_on_its_result(client, people, mailoutbox,
                                                                     django_capture_on_commit_callbacks):
    request = file_request(people.owner)
    act = f"/petugas/permintaan/{request.code}/tindakan/"
    page = {"action": "return", "version": request.version, "note": "Mohon lampirkan surat pengantar."}
    client.force_login(people.officer)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(act, page)
    mailed = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(act, page, follow=True)  # a double click: the same page, sent again
    assert first.status_code == 302 and second.status_code == 200
    assert second.redirect_chain == [(request.get_staff_url(), 302)]
    assert STALE_TEXT not in second.content.decode()
    assert request.events.filter(action="return").count() == 1 and len(mailoutbox) == mailed
    request.refresh_from_db()
    assert request.status == RT and request.pauses.count() == 1

    # The visitor's answer with a document, sent twice: one resubmission, the document stored once.
    client.force_login(people.owner)
    answer = {"action": "resubmit", "version": request.version, "note": "Surat pengantar terlampir."}
    visitor_act = f"/permintaan/{request.code}/tindakan/"
    assert client.post(visitor_act, {**answer, "files": [docx()]}).status_code == 302
    again = client.post(visitor_act, {**answer, "files": [docx()]}, follow=True)
    assert again.redirect_chain == [(request.get_absolute_url(), 302)]
    assert STALE_TEXT not in again.content.decode()
    assert request.events.filter(action="resubmit").count() == 1 and request.documents.count() == 1

    # Assigning twice to the same colleague is one assignment; another choice from that old page is stale.
    client.force_login(people.head)
    request.refresh_from_db()
    assign = f"/petugas/permintaan/{request.code}/tugaskan/"
    for _ in range(2):
        done = client.post(assign, {"version": request.version, "officer": people.colleague.pk}, follow=True)
        page_text = done.content.decode()
        assert "Permintaan ditugaskan kepada" in page_text and STALE_TEXT not in page_text
    assert request.events.filter(action="assign").count() == 1
    other = client.post(assign, {"version": request.version, "officer": people.officer.pk}, follow=True)
    assert STALE_TEXT in other.content.decode()
    request.refresh_from_db()
    assert request.assigned_to == people.colleague


def test_a_different_action_or_actor_from_an_old_page_is_still_stale(client, people):
    request = file_request(people.owner)
    act = f"/petugas/permintaan/{request.code}/tindakan/"
    page = {"version": request.version, "note": "Alasan tertulis."}
    client.force_login(people.officer)
    assert client.post(act, {**page, "action": "process"}).status_code == 302
    for actor, action in ((people.officer, "reject"), (people.colleague, "process")):
        client.force_login(actor)
        refused = client.post(act, {**page, "action": action})
        assert refused.status_code == 409 and STALE_TEXT in refused.content.decode()
    assert list(request.events.values_list("action", flat=True)) == ["submit", "process"]


def test_a_visitor_never_sees_internal_events(people):
    request = file_request(people.owner)
    workflow.perform(request, "claim", people.officer)
    workflow.perform(request, "assign", people.head, assignee=people.colleague)
    workflow.perform(request, "note", people.colleague, note="Data kecamatan belum rilis; cek ke IPDS.")
    workflow.perform(request, "return", people.colleague, note="Mohon perjelas tahun datanya.")
    staff_sees = ["submit", "claim", "assign", "note", "return"]
    for staff in (people.officer, people.colleague, people.head):
        assert [e.action for e in timeline_for(staff, request)] == staff_sees
    seen = list(timeline_for(people.owner, request))
    assert [e.action for e in seen] == ["submit", "return"]
    assert not any("IPDS" in e.note for e in seen)
    assert list(RequestEvent.objects.filter(request=request, is_internal=True)
                .values_list("action", flat=True)) == ["claim", "assign", "note"]


def test_events_record_actor_from_to_and_note(people):
    request = file_request(people.owner, submit=False)
    steps = [
        ("submit", people.owner, ""),
        ("process", people.officer, "Saya tangani."),
        ("return", people.officer, "Mohon lampirkan surat pengantar."),
        ("resubmit", people.owner, "Surat pengantar terlampir."),
        ("assign", people.head, ""),
        ("process", people.colleague, ""),
        ("complete", people.colleague, "Jawaban terkirim lewat email."),
    ]
    for action, actor, note in steps:
        workflow.perform(request, action, actor, note=note, assignee=people.colleague)
    recorded = list(request.events.values_list("action", "actor", "from_status", "to_status", "note"))
    assert recorded == [
        ("submit", people.owner.pk, D, S, ""),
        ("process", people.officer.pk, S, P, "Saya tangani."),
        ("return", people.officer.pk, P, RT, "Mohon lampirkan surat pengantar."),
        ("resubmit", people.owner.pk, RT, RS, "Surat pengantar terlampir."),
        ("assign", people.head.pk, RS, RS, people.colleague.get_full_name()),
        ("process", people.colleague.pk, RS, P, ""),
        ("complete", people.colleague.pk, P, C, "Jawaban terkirim lewat email."),
    ]
    request.refresh_from_db()
    assert (request.assigned_to, request.closing_note) == (people.colleague, "Jawaban terkirim lewat email.")
    assert request.closed_at is not None and request.version == len(steps)


@pytest.mark.django_db(transaction=True)
def test_a_committed_step_is_announced_once_and_a_rolled_back_one_never(catalogue):
    """``request_event_recorded`` reaches listeners (ratings, figures) only after the step commits."""
    from requests_app.signals import request_event_recorded

    heard = []

    def listen(sender, event, **kwargs):
        heard.append((sender, event.action, event.to_status))

    request_event_recorded.connect(listen)
    try:
        officer = OfficerFactory(office=Office.objects.get(code="6500"))
        service_request = file_request(ProfiledVisitorFactory(), "6500", "konsultasi")
        heard.clear()
        with transaction.atomic():
            workflow.perform(service_request, "claim", officer)
            assert heard == []  # not before the commit
        assert heard == [("konsultasi", "claim", "submitted")]
        with pytest.raises(RuntimeError), transaction.atomic():
            workflow.perform(service_request, "note", officer, note="Catatan")
            raise RuntimeError("rolled back")
        assert heard == [("konsultasi", "claim", "submitted")]
    finally:
        request_event_recorded.disconnect(listen)
