"""Issue 18 items 4 and 7: the head's dashboard and the officer's own figures show the daily rows' numbers
for the chosen period, export every table as CSV (Excel with Indonesian settings) and XLSX, keep to the
user's office, and the office's public page shows its year without any person."""
import datetime
import io
import re

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from performance.aggregates import rebuild_range
from tests.factories import HeadFactory, OfficerFactory, VisitorFactory

from .conftest import NOW, at, constructed

pytestmark = pytest.mark.django_db


@pytest.fixture
def december(kotabaru, officer_kotabaru):
    """Kotabaru's December: three closed with a deadline (two on time), one open and overdue, one open
    on track, one walk-in served without a deadline; the officer has two of them."""
    visitor = VisitorFactory(full_name="Siti Rahasia", email="siti.rahasia@contoh.id")
    made = [
        constructed(kotabaru, at(1, 10), due=at(4, 16), closed=at(3, 10), assignee=officer_kotabaru,
                    visitor=visitor),  # 2 working days
        constructed(kotabaru, at(1, 10), due=at(8, 16), closed=at(8, 10), assignee=officer_kotabaru),  # 5
        constructed(kotabaru, at(1, 10), due=at(2, 16), closed=at(7, 10)),  # late, 4
        constructed(kotabaru, at(2, 10), service="penjualan-produk", due=at(4, 16)),  # overdue now
        constructed(kotabaru, at(9, 10), service="penjualan-produk", channel="email", due=at(21, 16)),
        constructed(kotabaru, at(3, 9), channel="walk_in", closed=at(3, 9, 30)),
        constructed(kotabaru, at(2, 11, month=11), due=at(20, 16, month=11), closed=at(5, 10, month=11)),
    ]
    rebuild_range(kotabaru, datetime.date(2026, 11, 1), datetime.date(2026, 12, 10))
    return made


def table(body, name):
    """{line: {figure: text}} of the table ``data-table=name``."""
    part = body[body.index(f'data-table="{name}"'):]
    part = part[:part.index("</table>")]
    return {line: dict(re.findall(r'data-figure="(\w+)">([^<]*)', cells))
            for line, cells in re.findall(r'<tr data-line="([\w-]+)">(.*?)</tr>', part, re.S)}


def get(client, user, name, **params):
    with time_machine.travel(NOW, tick=False):
        client.force_login(user)
        return client.get(reverse(name), params)


def test_the_head_sees_this_months_numbers_per_service_and_channel(client, head_kotabaru, december):
    response = get(client, head_kotabaru, "performance:head")
    body = response.content.decode()
    services = table(body, "layanan")
    assert services["rekomendasi"] == {"filed": "4", "completed": "4", "on_time_percent": "66,7",
                                       "median_days": "4", "open_now": "0", "overdue_now": "0"}
    assert services["penjualan-produk"] == {"filed": "2", "completed": "0", "on_time_percent": "–",
                                            "median_days": "–", "open_now": "2", "overdue_now": "1"}
    assert services["total"]["filed"] == "6"
    channels = table(body, "kanal")
    assert set(channels) == {"walk_in", "online", "email", "total"}
    assert channels["email"] == {"filed": "1", "completed": "0", "on_time_percent": "–", "median_days": "–",
                                 "open_now": "1", "overdue_now": "0"}
    assert "<svg" in body and 'aria-hidden="true"' in body  # the chart, its numbers in the table
    year = get(client, head_kotabaru, "performance:head", periode="tahun-ini").content.decode()
    year = table(year, "layanan")
    assert year["rekomendasi"]["filed"] == "5" and year["rekomendasi"]["median_days"] == "3,5"


def test_a_custom_range_is_validated(client, head_kotabaru, december):
    body = get(client, head_kotabaru, "performance:head", periode="rentang", dari="2026-11-01",
               sampai="2026-11-30").content.decode()
    assert table(body, "layanan")["rekomendasi"]["filed"] == "1"
    wrong = get(client, head_kotabaru, "performance:head", periode="rentang", dari="2026-12-09",
                sampai="2026-12-01").content.decode()
    assert "Tanggal awal harus sebelum atau sama dengan tanggal akhir." in wrong
    assert table(wrong, "layanan")["total"]["filed"] == "6"  # this month instead


def test_the_csv_opens_in_excel_with_indonesian_settings(client, head_kotabaru, december):
    with time_machine.travel(NOW, tick=False):
        client.force_login(head_kotabaru)
        response = client.get(reverse("performance:head_export", args=["layanan", "csv"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="kinerja-6302-layanan-20261201-20261210.csv"' in response["Content-Disposition"]
    data = response.content
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[2] == "Periode;01/12/2026;10/12/2026"
    assert lines[4].startswith("Layanan;Diajukan;Selesai;Ditutup;Tepat waktu;Terlambat;")
    rows = {line.split(";")[0]: line.split(";") for line in lines[5:] if line}
    recommendation = next(row for name, row in rows.items() if name.startswith("Rekomendasi"))
    assert recommendation[1:] == ["4", "4", "4", "2", "1", "1", "66,7", "4", "0", "0"]
    assert rows["Jumlah"][1] == "6"


def test_the_xlsx_keeps_numbers_as_numbers(client, head_kotabaru, december):
    with time_machine.travel(NOW, tick=False):
        client.force_login(head_kotabaru)
        response = client.get(reverse("performance:head_export", args=["kanal", "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["B3"].value == datetime.datetime(2026, 12, 1) and sheet["B3"].number_format == "DD/MM/YYYY"
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=6, values_only=True)}
    assert rows["Daring (online)"][:7] == (4, 3, 3, 2, 1, 0, 66.7)
    assert rows["Jumlah"][0] == 6 and isinstance(rows["Jumlah"][0], int)


def test_the_officer_sees_only_their_own_work(client, officer_kotabaru, december):
    body = get(client, officer_kotabaru, "performance:officer").content.decode()
    assert table(body, "layanan")["total"] == {"filed": "2", "completed": "2", "on_time_percent": "100",
                                               "median_days": "3,5", "open_now": "0", "overdue_now": "0"}
    with time_machine.travel(NOW, tick=False):
        data = client.get(reverse("performance:officer_export", args=["layanan", "csv"])).content
    assert "Jumlah;2;2;2;2;0;0;100;3,5;0;0" in data.decode("utf-8-sig")


def test_each_page_keeps_to_its_role_and_office(client, head_kotabaru, officer_kotabaru, banjarmasin,
                                                december):
    assert get(client, officer_kotabaru, "performance:head").status_code == 403
    assert get(client, head_kotabaru, "performance:officer").status_code == 403
    assert get(client, VisitorFactory(), "performance:head").status_code == 403
    with time_machine.travel(NOW, tick=False):
        client.force_login(officer_kotabaru)
        assert client.get(reverse("performance:head_export", args=["layanan", "csv"])).status_code == 403
        client.logout()
        assert client.get(reverse("performance:head")).status_code == 302  # to sign in
    other = get(client, HeadFactory(office=banjarmasin), "performance:head").content.decode()
    assert table(other, "layanan") == {}  # Banjarmasin's head: none of Kotabaru's numbers
    other = get(client, OfficerFactory(office=banjarmasin), "performance:officer").content.decode()
    assert table(other, "layanan") == {}
    with time_machine.travel(NOW, tick=False):
        client.force_login(head_kotabaru)
        assert client.get(reverse("performance:head_export", args=["personen", "csv"])).status_code == 404


def test_the_workspaces_link_to_the_figures(client, head_kotabaru, officer_kotabaru, kotabaru):
    assert reverse("performance:head") in get(client, head_kotabaru, "requests_app:head_workspace") \
        .content.decode()
    assert reverse("performance:officer") in get(client, officer_kotabaru, "requests_app:officer_workspace") \
        .content.decode()


def test_the_public_page_shows_the_year_without_any_person(client, december, officer_kotabaru):
    with time_machine.travel(NOW, tick=False):
        body = client.get(reverse("performance:public", args=["6302"])).content.decode()
        catalogue = client.get(reverse("catalogue:catalogue")).content.decode()
        assert client.get(reverse("performance:public", args=["9999"])).status_code == 404
    rows = table(body, "publik")
    assert rows["rekomendasi"] == {"filed": "5", "completed": "5", "on_time_percent": "75"}
    assert rows["total"]["filed"] == "7"
    for private in ("Siti Rahasia", "siti.rahasia", officer_kotabaru.full_name, officer_kotabaru.email,
                    *(request.code for request in december)):
        assert private not in body
    assert reverse("performance:public", args=["6302"]) in catalogue


def test_the_dashboard_reads_in_english(client, head_kotabaru, december, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = get(client, head_kotabaru, "performance:head").content.decode()
    assert "Office performance dashboard" in body and "Median working days to complete" in body


def test_the_dashboard_shows_the_offices_ikm_and_its_complaints(client, head_kotabaru, officer_kotabaru,
                                                                 december):
    """Two completed requests rated (all 4s and all 3s: IKM (4+3)/2 × 25 = 87,50, B) and a complaint
    from the suggestion box: on the head's dashboard and the public page, not on the officer's own."""
    import uuid

    from complaints import filing
    from complaints.complaint_models import Subject
    from complaints.rating_models import ELEMENT_NAMES
    from complaints.ratings import rate_request

    with time_machine.travel(NOW, tick=False):
        for request, score in ((december[0], 4), (december[1], 3)):
            assert rate_request(request, dict.fromkeys(ELEMENT_NAMES, score)) is not None
        filing.file_complaint(office=head_kotabaru.office, user=None, token=uuid.uuid4(),
                              subject=Subject.FACILITIES, text="Ruang tunggu panas.", full_name="Tamu",
                              email="tamu@contoh.id", phone="")
    body = re.sub(r"\s+", " ", get(client, head_kotabaru, "performance:head").content.decode())
    assert "87,50" in body and "B Baik" in body and "2 responden" in body
    complaints = body[body.index('id="perf-complaints-heading"'):]
    assert "<td>Jumlah</td><td>1</td><td>0</td>" in complaints.replace('<tr class="fw-semibold">', "")
    own = get(client, officer_kotabaru, "performance:officer").content.decode()
    assert 'id="perf-ikm-heading"' not in own and 'id="perf-complaints-heading"' not in own
    with time_machine.travel(NOW, tick=False):
        public = client.get(reverse("performance:public", args=[head_kotabaru.office.code])).content.decode()
    assert "87,50" in public
