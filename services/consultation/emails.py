"""What a consultation's emails carry beside the core's: the follow-up meeting (its lines and its
calendar invitation) and the warning before a silent consultation closes."""
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event

from pst_portal import links
from services.consultation.models import Meeting
from services.consultation.rules import SILENCE, Action

SILENCE_WARNING = _("Petugas menunggu balasan Anda. Jika tidak ada balasan, konsultasi ini ditutup otomatis "
                    "pada %(date)s. Anda tetap dapat membalas dan membukanya kembali dalam 30 hari.")


def meeting_details(event, for_staff):
    """The meeting an event proposes or answers: its lines for the email, and its invitation (to the
    visitor with the proposal, to the officer when accepted)."""
    meeting = event.meetings.first() or (Meeting.objects.filter(answer_event=event).first() if for_staff
                                         else None)
    if meeting is None:
        return "", []
    text = render_to_string("consultation/email/_meeting.txt", {"meeting": meeting, "request": event.request})
    invites = not for_staff or event.action == Action.ACCEPT_MEETING
    return text, [("pertemuan.ics", meeting_ics(meeting), "text/calendar")] if invites else []


def silence_warning_email(event):
    """The warning to the visitor that their consultation closes in two days without a reply (the
    system's ``silence_warning`` event); nothing when they answered meanwhile."""
    from requests_app.notifications import visitor_email

    request = event.request
    details = getattr(request, "consultation", None)
    if request.visitor is None or details is None or details.awaiting_visitor_since is None:
        return None
    closes = details.awaiting_visitor_since + SILENCE
    with translation.override(request.language or settings.LANGUAGE_CODE):
        intro = SILENCE_WARNING % {"date": request.office.local_time(closes, "j F Y H.i")}
    return visitor_email(request, intro)


def meeting_ics(meeting):
    """An iCalendar invitation for a follow-up meeting (RFC 5545), UTC times."""
    calendar = Calendar()
    calendar.add("prodid", "-//PST BPS//Portal PST//ID")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    item = Event()
    item.add("uid", f"{meeting.token}@pst.bps.go.id")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", meeting.starts_at)
    item.add("dtend", meeting.ends_at)
    request = meeting.request
    item.add("summary", f"PST {request.office.name}: {request.code}")
    item.add("location", meeting.link or meeting.place or request.office.address)
    if meeting.link:
        item.add("url", meeting.link)
    item.add("description", f"{request.code} — {links.absolute(request.get_absolute_url())}")
    calendar.add_component(item)
    return calendar.to_ical()
