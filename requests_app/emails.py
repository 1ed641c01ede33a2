"""The one renderer of the emails requests_app sends.

``render_email(template, context, language, ...)`` renders ``<template>_subject.txt`` (one line),
``<template>_body.txt`` (the plain text) and, from that text, an HTML alternative through the one HTML
email template (``requests_app/email/base.html``: the language, the text escaped, its links as
``<a>``, nothing fetched from elsewhere). Every email says the same in both parts.
"""
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

HTML_TEMPLATE = "requests_app/email/base.html"


def render_email(template, context, language, *, to=(), bcc=(), reply_to=()):
    """An ``EmailMultiAlternatives`` from ``template`` (a base name such as
    ``requests_app/email/visitor``) rendered with ``context`` in ``language``."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_body.txt", context)
        html = render_to_string(HTML_TEMPLATE, {"subject": subject, "text": text,
                                                "language": translation.get_language()})
    message = EmailMultiAlternatives(subject, text, to=list(to), bcc=list(bcc), reply_to=list(reply_to))
    message.attach_alternative(html, "text/html")
    return message
