"""The officer's work at a desk: open it for some services' lines, call the next ticket (oldest first),
recall, skip a no-show, transfer to another line, start and finish serving.

Every change runs in a transaction that locks the desk's row, and checks the ``version`` the page's
button carried: a double click (or a second tab) is refused, never a second ticket called.
"""
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Desk, Ticket
from .numbering import office_day, office_lines


class DeskRefused(Exception):
    """The change is not possible now; the message says why, for the officer."""


def open_desk(office, officer, name, services, now=None):
    """Open (or reopen) the office's desk ``name`` for ``services`` with ``officer`` at it."""
    now = now or timezone.now()
    unknown = set(services) - set(dict(office_lines(office, now)))
    if not services:
        raise DeskRefused(_("Pilih paling sedikit satu layanan."))
    if unknown:
        raise DeskRefused(_("Kantor ini tidak melayani layanan itu secara tatap muka."))
    with transaction.atomic():
        desk = Desk.objects.select_for_update().filter(office=office, name=name).first()
        if desk is None:
            desk = Desk(office=office, name=name)
        elif desk.is_open and desk.officer_id not in (None, officer.pk):
            raise DeskRefused(_("%(desk)s sedang dibuka oleh petugas lain.") % {"desk": name})
        desk.services, desk.officer, desk.opened_at, desk.closed_at = list(services), officer, now, None
        desk.version = (desk.version or 0) + 1
        desk.save()
    return desk


def _locked_desk(desk, version):
    locked = Desk.objects.select_for_update().get(pk=desk.pk)
    if version is not None and int(version) != locked.version:
        raise DeskRefused(_("Loket sudah berubah sejak halaman dibuka (klik ganda?). Periksa lalu ulangi."))
    if not locked.is_open:
        raise DeskRefused(_("Loket ini sedang tutup."))
    locked.version += 1
    locked.save(update_fields=["version"])
    return locked


def current_ticket(desk):
    return Ticket.objects.filter(desk=desk, status__in=Ticket.AT_A_DESK).select_related("request") \
        .order_by("-called_at").first()


def close_desk(desk, version=None, now=None):
    with transaction.atomic():
        locked = _locked_desk(desk, version)
        if current_ticket(locked) is not None:
            raise DeskRefused(_("Selesaikan atau lewati tiket yang sedang di loket sebelum menutupnya."))
        locked.closed_at = now or timezone.now()
        locked.save(update_fields=["closed_at"])
    return locked


def waiting_tickets(office, services, now=None):
    """Today's waiting tickets of ``services``' lines, oldest first (a transferred ticket keeps its place);
    a ticket of an earlier day is never called."""
    day = office_day(office, now or timezone.now())
    return Ticket.objects.filter(office=office, day=day, service__in=services, status=Ticket.Status.WAITING) \
        .order_by("issued_at", "pk")


def call_next(desk, officer, version=None, now=None):
    """Call the oldest waiting ticket of the desk's lines to it; refused while one is still at it."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_desk(desk, version)
        if current_ticket(locked) is not None:
            raise DeskRefused(_("Masih ada tiket di loket ini: selesaikan, lewati, atau alihkan dulu."))
        for ticket in _oldest_waiting(locked, now):
            taken = Ticket.objects.filter(pk=ticket.pk, status=Ticket.Status.WAITING).update(
                status=Ticket.Status.CALLED, desk=locked, called_by=officer, called_at=now, recalled_at=None)
            if taken:
                return Ticket.objects.get(pk=ticket.pk)
    raise DeskRefused(_("Tidak ada tiket yang menunggu untuk layanan loket ini."))


def _oldest_waiting(desk, now):
    """The candidates for the desk's next call: on PostgreSQL the oldest ticket no other desk is taking
    (one row locked, the others skipped, never waited on); elsewhere the oldest few, each taken only if
    still waiting."""
    waiting = waiting_tickets(desk.office, desk.services, now)
    if connection.features.has_select_for_update_skip_locked:
        return waiting.select_for_update(skip_locked=True)[:1]
    return waiting[:5]


def _ticket_at(desk, ticket, version, statuses):
    locked = _locked_desk(desk, version)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.desk_id != locked.pk or ticket.status not in statuses:
        raise DeskRefused(_("Tiket %(code)s tidak lagi menunggu tindakan ini.") % {"code": ticket.code})
    return ticket


def recall(desk, ticket, version=None, now=None):
    with transaction.atomic():
        ticket = _ticket_at(desk, ticket, version, (Ticket.Status.CALLED,))
        ticket.recalled_at = now or timezone.now()
        ticket.save(update_fields=["recalled_at"])
    return ticket


def skip(desk, ticket, version=None, now=None):
    """A no-show: the called visitor did not come to the desk."""
    with transaction.atomic():
        ticket = _ticket_at(desk, ticket, version, (Ticket.Status.CALLED,))
        ticket.status, ticket.skipped_at = Ticket.Status.SKIPPED, now or timezone.now()
        ticket.save(update_fields=["status", "skipped_at"])
    return ticket


def start_serving(desk, ticket, version=None, now=None):
    with transaction.atomic():
        ticket = _ticket_at(desk, ticket, version, (Ticket.Status.CALLED,))
        ticket.status, ticket.serving_started_at = Ticket.Status.SERVING, now or timezone.now()
        ticket.save(update_fields=["status", "serving_started_at"])
    return ticket


def finish(desk, ticket, version=None, now=None):
    with transaction.atomic():
        ticket = _ticket_at(desk, ticket, version, Ticket.AT_A_DESK)
        now = now or timezone.now()
        ticket.status, ticket.finished_at = Ticket.Status.DONE, now
        ticket.serving_started_at = ticket.serving_started_at or now
        ticket.save(update_fields=["status", "finished_at", "serving_started_at"])
    return ticket


def transfer(desk, ticket, service_slug, version=None, now=None):
    """Send the ticket at the desk to another service's line: it waits there again, in its place by issue
    time, with its code kept (the visitor's paper stays right)."""
    if service_slug not in dict(office_lines(desk.office, now)):
        raise DeskRefused(_("Pilih layanan tujuan yang dilayani kantor ini."))
    with transaction.atomic():
        ticket = _ticket_at(desk, ticket, version, Ticket.AT_A_DESK)
        if service_slug == ticket.service:
            raise DeskRefused(_("Tiket sudah berada di antrean layanan itu."))
        ticket.service, ticket.status, ticket.transferred_at = service_slug, Ticket.Status.WAITING, \
            now or timezone.now()
        ticket.desk = ticket.called_by = ticket.called_at = ticket.recalled_at = None
        ticket.serving_started_at = None
        ticket.save()
    return ticket
