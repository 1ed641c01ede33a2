"""Every table of the dashboard as CSV and XLSX, for Excel with Indonesian regional settings: the CSV is
UTF-8 with a BOM, ``;`` between fields, a decimal comma and dates as dd/mm/yyyy; the XLSX keeps numbers
as numbers (and dates as dates shown dd/mm/yyyy). Both begin with the office and the period."""
import csv
import datetime
import io

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

TABLES = ("layanan", "kanal", "loket")
REQUEST_COLUMNS = (
    (_("Diajukan"), "filed"), (_("Selesai"), "completed"), (_("Ditutup"), "closed"),
    (_("Tepat waktu"), "on_time"), (_("Terlambat"), "late"), (_("Tanpa tenggat"), "no_deadline"),
    (_("Tepat waktu (%)"), "on_time_percent"), (_("Median hari kerja penyelesaian"), "median_days"),
    (_("Terbuka sekarang"), "open_now"), (_("Terlambat sekarang"), "overdue_now"),
)
WALK_IN_COLUMNS = ((_("Tiket dipanggil"), "tickets_called"),
                   (_("Dipanggil dalam standar"), "tickets_within_standard"),
                   (_("Sesuai standar (%)"), "compliance_percent"))


def table_of(tables, name):
    """(title, header, rows) of the table ``name`` (one of ``TABLES``): rows of plain values."""
    if name == "loket":
        title, first, columns = _("Standar 10 menit loket per layanan"), _("Layanan"), WALK_IN_COLUMNS
        lines = tables.walk_in
    elif name == "kanal":
        title, first, columns, lines = _("Permintaan per kanal"), _("Kanal"), REQUEST_COLUMNS, \
            [*tables.by_channel, tables.total]
    else:
        title, first, columns, lines = _("Permintaan per layanan"), _("Layanan"), REQUEST_COLUMNS, \
            [*tables.by_service, tables.total]
    header = [str(first), *(str(label) for label, _attr in columns)]
    rows = [[str(line.label), *(getattr(line, attr) for _label, attr in columns)] for line in lines]
    return str(title), header, rows


def _preamble(office, period):
    return [[str(_("Kantor")), office.name], [str(_("Periode")), period.first_day, period.last_day], []]


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        text = f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
        return text.replace(".", ",")
    return str(value)


def as_csv(office, period, table):
    """The CSV bytes of ``table`` (title, header, rows)."""
    title, header, rows = table
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in [[title], *_preamble(office, period), header, *rows]:
        writer.writerow([csv_value(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(office, period, table):
    """The XLSX bytes of ``table``: numbers as numbers, dates as dates."""
    title, header, rows = table
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in [[title], *_preamble(office, period), header, *rows]:
        sheet.append(row)
    for cell in sheet[3][1:]:
        cell.number_format = "DD/MM/YYYY"
    sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
