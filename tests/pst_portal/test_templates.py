"""Template source that Django would print to the page instead of reading."""
import re
from pathlib import Path

from django.conf import settings


def test_no_template_comment_spans_lines_and_shows_on_the_page():
    """``{# … #}`` must open and close on one line: otherwise Django prints it as text (an officer saw
    "{# One block per section … #}" above the review panel). Longer comments use {% comment %}."""
    opened_only = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(folder).rglob("*"):
            if path.suffix not in (".html", ".txt"):
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(r"\{#(?!.*#\})", line):
                    opened_only.append(f"{path.relative_to(folder)}:{number}")
    assert opened_only == []
