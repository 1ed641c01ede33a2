"""Times as the office's clock shows them. A builtin of the template engine (settings.TEMPLATES), so
every page, email and PDF template has ``{% office_time %}`` without loading it."""
from django import template

register = template.Library()


@register.simple_tag
def office_time(moment, office, format="j M Y H.i"):
    """A stored time in ``office``'s zone with the zone's name: ``{% office_time event.created_at office %}``
    ("1 Des 2026 15.05 WITA"); a Django date format as third argument."""
    return office.local_time(moment, format) if office is not None else ""
