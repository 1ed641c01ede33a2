"""Rekomendasi Kegiatan Statistik (seeds 003 and 004): the agency's form, the officer's review
rounds, the letter the head approves, and what anyone can check about it afterwards.

The steps go through the one workflow (``workflow.perform``); what a step leaves on the form or the
letter is written by ``record_step``, the service's hook, inside the step's transaction. On the
head's approval the letter takes the next number of its office and year (under a row lock, so
there are no gaps or duplicates), is rendered to PDF once and stored with its SHA-256 fingerprint.
"""

import hashlib

from services.recommendation.models import Letter


def find_issued_letter(code):
    from services.recommendation.models import normalize_letter_code

    code = normalize_letter_code(code)
    if not code:
        return None
    return Letter.objects.select_related("office").filter(code=code, state=Letter.State.ISSUED).first()


def fingerprint(uploaded):
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def verdict(letter, uploaded=None):
    """The one thing the verification page says: "registered" (the code names this letter, nothing
    compared yet), or whether the uploaded copy is exactly that letter ("match" or "mismatch")."""
    if uploaded is None:
        return "registered"
    return "match" if fingerprint(uploaded) == letter.sha256 else "mismatch"
