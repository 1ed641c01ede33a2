"""The machinery of the hostile-text sweep (tests/test_hostile_text.py): payloads for each free-text
field, a form posted through its view with them (a field its validation refuses is put back to a plain
value, and the page that refused it is checked as an echo), and the checks on what pages, emails and
PDFs show."""
import re
import subprocess
from dataclasses import dataclass, field

from django.contrib.admin.helpers import AdminForm
from django.forms import BaseForm
from django.utils.html import escape

from tests.form_walk import is_free_text, project_forms

RAW_MARKUP = re.compile(r"<script>alert\(|<img src=x onerror|<b>h\d+</b>")


def payload(tag, max_length=None):
    """Script and template payloads carrying ``tag``; a short one where the field is short."""
    long = f'<script>alert("{tag}")</script>"><img src=x onerror=alert(1)>{{{{ 7*7 }}}}{{% debug %}}'
    if max_length is None or max_length >= len(long):
        return long
    return f"<b>{tag}</b>"


@dataclass
class Sweep:
    stored: dict = field(default_factory=dict)  # tag → payload a view accepted and stored
    refused: dict = field(default_factory=dict)  # tag → payload the form's validation refused
    echoes: list = field(default_factory=list)  # (label, html) of pages that showed a refused form
    driven: dict = field(default_factory=dict)  # form path → free-text field names posted
    pages: list = field(default_factory=list)  # (label, html) of pages seen along the way
    pdfs: list = field(default_factory=list)  # (label, text) of PDFs served along the way
    where: dict = field(default_factory=dict)  # tag → "form path.field"
    count: int = 0

    def look(self, client, url):
        """Keep the page (or the PDF's text) at ``url`` as it shows now, before later steps change it."""
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        if response["Content-Type"].startswith("application/pdf"):
            content = b"".join(response.streaming_content) if response.streaming else response.content
            self.pdfs.append((url, pdf_text(content)))
        else:
            self.pages.append((url, response.content.decode()))

    def tag(self):
        self.count += 1
        return f"h{self.count}"

    def post(self, client, url, form_path, base, *, files=None, only=None, expect=(302,), lookup=False,
             method="post", form_kwargs=None, prefix=None):
        """Post ``base`` with a payload in every free-text field of the form (or those in ``only``); a
        ``lookup`` form stores nothing: the page answering it must show what was typed, escaped. A form
        that is one row of a formset is posted under its ``prefix`` (``variables-0``)."""
        form_class = project_forms()[form_path]
        fields = form_class(**form_kwargs).fields if form_kwargs is not None else form_class.base_fields
        names = [n for n, f in fields.items() if is_free_text(f) and (only is None or n in only)]
        key = (lambda name: f"{prefix}-{name}") if prefix else (lambda name: name)
        data = dict(base)
        tags = {}
        for name in names:
            tags[name] = self.tag()
            self.where[tags[name]] = f"{form_path}.{name}"
            data[key(name)] = payload(tags[name], fields[name].max_length)
        self.driven.setdefault(form_path, set()).update(names)
        for _attempt in range(len(names) + 1):
            response = getattr(client, method)(url, {**data, **(files() if files else {})})
            if lookup:
                self.echoes.append((f"{url} answering {form_path}", response.content.decode()))
                self.refused.update({tags[name]: data[key(name)] for name in names})
                return response
            if response.status_code in expect:
                for name in names:
                    if data[key(name)] != base.get(key(name), ""):
                        self.stored[tags[name]] = data[key(name)]
                return response
            form = bound_form(response, form_class)
            assert form is not None, f"{form_path} at {url}: {response.status_code}, no {form_class.__name__}"
            self.echoes.append((f"{url} refusing {form_path}", response.content.decode()))
            bad = [n for n in names if n in form.errors and data[key(n)] != base.get(key(n), "")]
            assert bad, f"{form_path} at {url} refused the plain values: {form.errors.as_data()}"
            for name in bad:
                self.refused[tags[name]] = data[key(name)]
                data[key(name)] = base.get(key(name), "")
        raise AssertionError(f"{form_path} at {url} never accepted the post")


def bound_form(response, form_class):
    """The form of ``form_class`` the page was rendered with (the admin's is inside its AdminForm)."""
    for context in response.context or []:
        for layer in getattr(context, "dicts", [context]):
            for value in layer.values():
                for candidate in (value.values() if isinstance(value, dict) else [value]):
                    if isinstance(candidate, AdminForm):
                        candidate = candidate.form
                    if isinstance(candidate, form_class) and isinstance(candidate, BaseForm):
                        return candidate
    return None


def shown_in_html(text, page):
    """The payload shows as typed (escaped as Django escapes), never as markup."""
    return escape(text) in page


def squeeze(text):
    return re.sub(r"\s+", "", text)


def pdf_text(content):
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return done.stdout.decode()
