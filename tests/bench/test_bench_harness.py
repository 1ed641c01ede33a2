"""The pieces of ``make bench`` that can be checked fast: the yardstick view and its query-count header
(through the test client, with bench.settings' additions), the one-time codes the harness signs in with,
the form reader, the target judgement and the tables."""
import copy
import time

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from bench import BENCH_TEMPLATES, beat, faults, pages, report, sessions
from bench.html_forms import parse_forms
from bench.instrument import QUERIES_HEADER


@pytest.fixture
def bench_urls(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], BENCH_TEMPLATES]
    settings.TEMPLATES = templates
    settings.ROOT_URLCONF = "bench.urls"
    settings.MIDDLEWARE = ["bench.instrument.QueryCountMiddleware", *settings.MIDDLEWARE]


def test_the_yardstick_runs_one_query_and_says_so_in_its_header(bench_urls, client, catalogue):
    response = client.get("/bench/yardstick/?office=6500")
    assert response.status_code == 200
    assert response[QUERIES_HEADER] == "1"
    assert b"Kalimantan Utara" in response.content


def test_the_query_header_counts_every_query_of_a_portal_page(bench_urls, client, catalogue,
                                                               django_assert_num_queries):
    expected = int(client.get("/layanan/6500/konsultasi/")[QUERIES_HEADER])
    assert expected > 1
    with django_assert_num_queries(expected):
        response = client.get("/layanan/6500/konsultasi/")
    assert int(response[QUERIES_HEADER]) == expected


def test_the_portal_settings_know_nothing_of_the_bench():
    assert django_settings.ROOT_URLCONF == "pst_portal.urls"
    assert not any(m.startswith("bench.") for m in django_settings.MIDDLEWARE)


def test_the_harness_codes_are_the_ones_allauth_accepts():
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    now = time.time()
    assert sessions.totp_code(secret, at=now) == format_hotp_value(hotp_value(secret, int(now // 30)))
    assert sessions.totp_code(secret, at=now) != sessions.totp_code(secret, at=now + 30)


def test_forms_are_read_as_a_browser_would_send_them():
    html = """<form method="get" action="/cari/"><input name="q"></form>
    <form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input type="hidden" name="submission_token" value="abc">
      <input type="checkbox" name="confirmed" value="1">
      <input type="checkbox" name="confirmed" value="2" checked>
      <select name="topic"><option value="">-</option><option value="a">A</option>
        <option value="b" selected>B</option></select>
      <textarea name="purpose">ada &amp; isi</textarea><button name="go" value="1">Kirim</button></form>"""
    search, filing = parse_forms(html)
    assert (search.method, search.action) == ("get", "/cari/")
    assert filing.values() == {"csrfmiddlewaretoken": ["t"], "submission_token": ["abc"], "confirmed": ["2"],
                               "purpose": ["ada & isi"], "topic": ["b"]}
    assert filing.values(check_all=True)["confirmed"] == ["1", "2"]
    assert filing.buttons == [("go", "1")]


def page(name, ms, statuses=(200,)):
    measured = pages.Page("anonymous", name, "/")
    measured.samples = [ms / 1000] * 5
    measured.statuses = set(statuses)
    return measured


def test_targets_are_judged_against_the_yardstick():
    yardstick = page("yardstick", 3.0)
    assert report.page_target(page("queue", 9.0), yardstick) == (3.0, True)
    assert report.page_target(page("queue", 9.3), yardstick) == (3.0, False)
    assert report.page_target(page("/healthz", 6.3), yardstick) == (2.0, False)
    assert report.page_target(page("queue", 4.0, statuses=(200, 500)), yardstick)[1] is False
    small = {"yardstick": yardstick, "pages": {"queue": page("queue", 6.0)}}
    large = {"yardstick": page("yardstick", 3.0), "pages": {"queue": page("queue", 7.5)}}
    assert report.flatness(small, large)["queue"][3] is False
    large["pages"]["queue"] = page("queue", 7.0)
    assert report.flatness(small, large)["queue"][3] is True


def test_sweeps_are_judged_on_time_memory_and_queries_per_reminder():
    row = {"job": "sweep_deadlines", "seconds": 4.0, "queries": 120, "peak_mb": 150.0}
    assert report.job_target(row) == "met"
    assert report.job_target({**row, "seconds": 5.5}) == "**NOT MET**"
    assert report.job_target({**row, "peak_mb": 240.0}) == "**NOT MET**"
    assert report.job_target({**row, "reminders_written": 6000, "queries": 6100}) == "**NOT MET**"
    assert report.job_target({**row, "reminders_written": 6000, "queries": 250}) == "met"
    assert report.job_target({"job": "drain_outbox", "seconds": 9.0, "queries": 1, "peak_mb": 1.0}) == "-"


def test_the_jobs_measured_are_beats_schedule():
    scheduled = [entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()]
    assert beat.beat_tasks() == scheduled


def test_the_size_table_names_every_page_and_its_verdict():
    yardstick, slow = page("yardstick", 3.0), page("queue", 30.0)
    result = {"size": 2000, "requests": 2021, "steps": {"generate": 12.0}, "passes": 6, "gets": 50,
              "share": 1.0, "yardstick": yardstick, "pages": {"yardstick": yardstick, "queue": slow},
              "throughput": {"yardstick": (300.0, 0), "home": (200.0, 0)},
              "pdfs": {"letter": {"ms": 90, "kb": 40}},
              "jobs": [{"job": "sweep_deadlines", "seconds": 1.0, "queries": 10, "peak_mb": 90.0,
                        "growth_mb": 4.0, "result": "3 reminders"}]}
    with override_settings():
        text = report.size_table(result)
    assert "| anonymous | queue | 30.0 | 30.0 | 10.0x |" in text
    assert "≤3x **NOT MET**" in text
    assert "| home | 200.0 | 0.67 | 0 | **NOT MET** |" in text
    assert "| sweep_deadlines | 1.00 | 10 | 90.0 | 4.0 |" in text


def test_fault_outcomes_are_read_from_test_ids_not_from_captured_logs():
    output = ("ERROR    django.db.backends.base:base.py:762 connection lost\n"
              "PASSED tests/pst_portal/test_faults_db_down.py::test_a_503[restart]\n"
              "FAILED tests/pst_portal/test_faults_hung_broker.py::test_healthz - assert 9.1 < 3\n")
    assert faults.OUTCOME.findall(output) == [
        ("PASSED", "tests/pst_portal/test_faults_db_down.py::test_a_503[restart]"),
        ("FAILED", "tests/pst_portal/test_faults_hung_broker.py::test_healthz")]
    assert "tests/pst_portal/test_worker_killed.py" in faults.fault_test_files()
