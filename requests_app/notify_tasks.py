"""The one notifier's task: an event's emails, after the transaction that wrote the event commits;
and what the outbox drain hands over again (events whose task the broker never took)."""
from celery import shared_task

from requests_app.notifications import pending_events
from requests_app.notifications import send_event_notifications as _send


@shared_task(name="requests_app.tasks.send_event_notifications")
def send_event_notifications(event_id):
    """Email the people an event concerns. Safe to run twice: an event is notified once."""
    return _send(event_id)


def hand_over_pending_events(sender, *, before, batch, **kwargs):
    """Receiver of ``pst_portal.outbox.drain_requested``: events not yet notified, handed over again."""
    events = list(pending_events(before)[:batch])
    for pk in events:
        send_event_notifications.delay(pk)
    return {"events": len(events)}
