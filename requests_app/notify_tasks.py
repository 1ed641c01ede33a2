"""The one notifier's task: an event's emails, after the transaction that wrote the event commits;
and what the outbox drain hands over again (events whose task the broker never took)."""
from celery import shared_task

from requests_app.notifications import pending_events
from requests_app.notifications import send_events_notifications as _send_many


@shared_task(name="requests_app.tasks.send_event_notifications")
def send_event_notifications(event_id):
    """Email the people an event concerns. Safe to run twice: an event is notified once."""
    return _send_many([event_id])


@shared_task(name="requests_app.tasks.send_events_notifications")
def send_events_notifications(event_ids):
    """Email the people many events concern (a sweep's chunk of reminders), in one pass. Safe to run
    twice, or beside another run: each event is notified once."""
    return _send_many(event_ids)


def hand_over_pending_events(sender, *, before, batch, **kwargs):
    """Receiver of ``pst_portal.outbox.drain_requested``: events not yet notified, handed over again."""
    events = list(pending_events(before)[:batch])
    if events:
        send_events_notifications.delay(events)
    return {"events": len(events)}
