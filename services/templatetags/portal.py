from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def localized(context, obj, field):
    """``obj.<field>_en`` when English is active and it is filled, else ``obj.<field>``."""
    request = context.get("request")
    language = getattr(request, "LANGUAGE_CODE", "id") if request else "id"
    if language == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


@register.filter
def absolute(number):
    """The absolute value (for "overdue by N working days")."""
    return abs(number) if number is not None else number
