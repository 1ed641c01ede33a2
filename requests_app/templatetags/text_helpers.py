"""``{% text_helpers "textarea-id" subject %}``: beside a text box staff write in, whatever the apps
registered for it (``registry.register_text_helper``: the reply templates), without the core or the
page naming them. Renders nothing when no app has anything for this user."""
from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from requests_app.registry import text_helpers as registered_helpers

register = template.Library()


@register.simple_tag(takes_context=True)
def text_helpers(context, textarea_id, subject):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or subject is None:
        return ""
    parts = [get_template(name).render(helper_context, request)
             for name, helper_context in registered_helpers(user, textarea_id, subject)]
    return mark_safe("".join(parts))  # each part is a template rendered with autoescaping
