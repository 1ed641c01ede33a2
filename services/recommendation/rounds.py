"""Rekomendasi Kegiatan Statistik (seeds 003 and 004): the agency's form, the officer's review
rounds, the letter the head approves, and what anyone can check about it afterwards.

The steps go through the one workflow (``workflow.perform``); what a step leaves on the form or the
letter is written by ``record_step``, the service's hook, inside the step's transaction. On the
head's approval the letter takes the next number of its office and year (under a row lock, so
there are no gaps or duplicates), is rendered to PDF once and stored with its SHA-256 fingerprint.
"""
import difflib
import re
from dataclasses import dataclass

from services.recommendation.design_forms import AttachmentsForm
from services.recommendation.forms import SECTIONS
from services.recommendation.recommendations import DOCUMENT_SLOTS


@dataclass
class Change:
    label: str
    before: str
    after: str

    @property
    def segments(self):
        return word_diff(self.before, self.after)


def word_diff(before, after):
    """[(kind, text)] with kind "same", "removed" or "added", word by word."""
    old, new = re.split(r"(\s+)", before or ""), re.split(r"(\s+)", after or "")
    segments = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("removed", "".join(old[i1:i2])))
        if j2 > j1:
            segments.append(("added", "".join(new[j1:j2])))
    return [s for s in segments if s[1]]


def changes_between(recommendation, older, newer):
    """[(section title, [Change])] for the sections that differ between two rounds."""
    result = []
    for section in SECTIONS[recommendation.form]:
        form_class = section.form_class
        if form_class is AttachmentsForm:
            changes = []
            for slot in DOCUMENT_SLOTS:
                before, after = older.documents.get(slot, {}), newer.documents.get(slot, {})
                if before.get("document") != after.get("document"):
                    label = str(AttachmentsForm.base_fields[slot].label)
                    changes.append(Change(label, before.get("name", ""), after.get("name", "")))
        elif section.key == "variables":
            before = "\n".join(f"{n}: {t}" for n, t in form_class.display(older.answers.get("variables")))
            after = "\n".join(f"{n}: {t}" for n, t in form_class.display(newer.answers.get("variables")))
            changes = [Change(str(section.title), before, after)] if before != after else []
        else:
            old_rows = form_class.display(older.answers.get(section.key))
            new_rows = form_class.display(newer.answers.get(section.key))
            changes = [
                Change(str(label), b, a)
                for (label, b), (_label, a) in zip(old_rows, new_rows, strict=True)
                if b != a
            ]
        if changes:
            result.append((section.title, changes))
    return result


def round_history(recommendation):
    """Every round, newest first, with what changed since the one before."""
    rounds = list(recommendation.rounds.select_related("reviewed_by").order_by("number"))
    titles = {s.key: s.title for s in SECTIONS[recommendation.form]}
    history = []
    for index, current in enumerate(rounds):
        previous = rounds[index - 1] if index else None
        history.append(
            {
                "round": current,
                "changes": changes_between(recommendation, previous, current) if previous else None,
                "notes": [(titles.get(key, key), text) for key, text in current.section_notes.items()],
            }
        )
    return list(reversed(history))


# ---------------------------------------------------------------- verification and the register


