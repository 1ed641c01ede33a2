from celery import shared_task

from pst_portal.jobs import recorded

from . import aggregates


@shared_task
@recorded("rebuild_daily_figures")
def rebuild_daily_figures():
    """Beat, nightly: rebuild yesterday's and today's daily figures of every office (on its own clock),
    so the desk's tickets and anything a step did not announce are counted."""
    return {"office_days": aggregates.rebuild_recent()}
