from django import template
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def localized(obj, field):
    """``obj.<field>_en`` when English is active and it is filled, else ``obj.<field>``."""
    if (get_language() or "id").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


@register.filter
def other_system(text):
    """The other BPS system a published step names, or None (see services.catalogue.elsewhere)."""
    from services.catalogue.elsewhere import other_system as named

    return named(text)


@register.filter
def absolute(number):
    """The absolute value (for "overdue by N working days")."""
    return abs(number) if number is not None else number


@register.filter
def rupiah(amount):
    """Whole rupiah as ``Rp1.250.000`` (empty for None)."""
    from services.product_sales.pricing import rupiah as write_rupiah

    return "" if amount is None else write_rupiah(amount)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
