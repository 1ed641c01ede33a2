"""The forms of a page, read with the standard library's HTML parser: what the benchmark's simulated
users post back (hidden tokens, checkboxes to confirm, the first choice of every list)."""
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str = ""
    method: str = "get"
    fields: list = field(default_factory=list)  # (name, type, value, checked/selected)
    choices: dict = field(default_factory=dict)  # select name -> option values
    buttons: list = field(default_factory=list)  # (name, value)

    def values(self, check_all=False):
        """What a browser sends for the form as it stands (every checkbox ticked if ``check_all``)."""
        out = {}
        for name, kind, value, on in self.fields:
            if kind in ("checkbox", "radio"):
                if on or (check_all and kind == "checkbox"):
                    out.setdefault(name, []).append(value or "on")
                continue
            if kind in ("submit", "button", "file", "image", "reset"):
                continue
            out.setdefault(name, []).append(value)
        for name, options in self.choices.items():
            if name not in out and options:
                out[name] = [options[0]]
        return out

    def names(self):
        return {name for name, *_ in self.fields} | set(self.choices)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None
        self._selected = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                self._form.buttons.append((a["name"], a.get("value", "")))
            self._form.fields.append((a["name"], kind, a.get("value", ""), "checked" in a))
        elif tag == "button" and a.get("name"):
            self._form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form.choices.setdefault(self._select, [])
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if value:
                options = self._form.choices[self._select]
                options.insert(0, value) if "selected" in a else options.append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea[0], "textarea", self._textarea[1], False))
            self._textarea = None


def parse_forms(html):
    parser = _FormParser()
    parser.feed(html)
    return parser.forms
