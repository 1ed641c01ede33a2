"""Charts drawn on the server as SVG (no script): horizontal bars, one group per line of a table. The
table beside each chart is the truth for screen readers; the SVG is hidden from them."""
from dataclasses import dataclass

BAR_HEIGHT = 16  # a bar and the space below it
LABEL_HEIGHT = 18  # the line's name, above its bars (so a phone's narrow chart keeps it readable)
GAP = 10
PLOT_WIDTH = 290
VALUE_WIDTH = 70


@dataclass(frozen=True)
class Bar:
    y: int
    width: float
    value_text: str
    css: str


@dataclass(frozen=True)
class Group:
    label: str
    y: int
    bars: tuple


@dataclass(frozen=True)
class Chart:
    title: str
    groups: tuple
    legend: tuple  # (label, css)
    height: int
    plot_width: int = PLOT_WIDTH
    width: int = PLOT_WIDTH + VALUE_WIDTH


def _text(value, suffix):
    if value is None:
        return "–"
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",") + suffix


def bar_chart(title, lines, series, maximum=None, suffix=""):
    """A ``Chart`` of ``lines`` with one bar per (label, attribute, css) of ``series``; bars scale to
    ``maximum`` (the largest value when not given)."""
    values = [getattr(line, attr) or 0 for line in lines for _label, attr, _css in series]
    top = maximum or max(values, default=0) or 1
    groups, y = [], 0
    for line in lines:
        bars = []
        for index, (_label, attr, css) in enumerate(series):
            value = getattr(line, attr)
            bars.append(Bar(y + LABEL_HEIGHT + index * BAR_HEIGHT, round(PLOT_WIDTH * (value or 0) / top, 1),
                            _text(value, suffix), css))
        groups.append(Group(str(line.label)[:44], y + 13, tuple(bars)))
        y += LABEL_HEIGHT + len(series) * BAR_HEIGHT + GAP
    return Chart(str(title), tuple(groups), tuple((str(label), css) for label, _attr, css in series), y)
