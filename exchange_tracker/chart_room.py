"""The room a chart's legend and y-axis labels take on a laptop screen, reserved in its margins, so that plotly.js
lays each chart out once per redraw.

plotly.js grows a margin to fit the legend and the y labels (`automargin`) by laying the whole chart out a second
time. On the Body repatriations page that second pass was half of each chart's drawing time (a chart of 139 bars:
25 ms to draw, 14 ms with its final margins given; scratch measurements in headless Chromium, see
`tests/test_browser_layout.py` for what is held). The server cannot know the reader's width, so the room is
estimated for a 1,366-px laptop screen, where a chart is 906 px wide, from the text's widths in Arial (the charts'
font; Helvetica and Liberation Sans share its metrics). Where the estimate falls short (on a phone the legend wraps
into more rows; a browser with another font), plotly.js's automargin still grows the margin: every chart is right
at every width, and drawn once at the common one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

LAPTOP_CHART_PX = 906  # a chart's width in the page at a 1,366-px screen (Streamlit's wide layout)
LABEL_FONT_PX = 12  # tick labels and legend entries (figures._finish)
LEGEND_LINE_PX = 19  # one line of a legend entry
LEGEND_PADDING_PX = 10  # above and below the entries
LEGEND_SYMBOL_PX = 46  # the symbol and the gaps around an entry's text
LEGEND_GAP_PX = 2  # between the legend and the plot, as plotly.js leaves it
LEGEND_GROUP_GAP_PX = 10  # between rows of legend groups
LEGEND_WIDTH_SLACK_PX = 8  # an entry that nearly fits is counted on the next row: a spare row costs less room
# than a second layout pass costs time
Y_LABEL_PAD_PX = 13  # tick length and the gap between the labels and the axis line
Y_TITLE_PX = 16  # a rotated y title of one line and its gap
SLACK_PX = 2  # rounding in the browser: an estimate a pixel short would cost the whole second pass

# Advance widths in thousandths of the font size, of Liberation Sans Regular (metric-compatible with Arial),
# grouped by width; measured with Pillow (`ImageFont.truetype(path, 1000).getlength(char)`).
_WIDTHS = {
    139: "\u202f",
    191: "'",
    222: "ijlі’",
    260: "|",
    278: " !,./:;I[\\]ftІЇї·\xa0",
    333: "()-`r",
    334: "{}",
    355: '"',
    365: "г",
    389: "*",
    411: "ґ",
    438: "к",
    458: "зт",
    469: "^",
    489: "Ґ",
    500: "Jcksvxyzсух",
    510: "єэ",
    521: "чь",
    531: "в",
    542: "Гпя",
    552: "н",
    556: "#$0123456789?L_abdeghnopquаеорё–«»",
    559: "ий",
    573: "бц",
    583: "К",
    584: "+<=>~дл",
    604: "З",
    611: "FTZТ",
    625: "ъ",
    635: "У",
    656: "БЛЬ",
    666: "Ч",
    667: "&ABEKPSVXYАВЕРХЁ",
    669: "ж",
    677: "Д",
    688: "м",
    719: "ЄИЙПыЭ",
    722: "CDHNRUwНСЯ",
    740: "Ц",
    750: "ю",
    760: "Ф",
    778: "GOQО",
    792: "Ъ",
    802: "ш",
    823: "фщ",
    833: "MmМ",
    885: "Ы",
    889: "%",
    916: "Ш",
    923: "Ж",
    938: "Щ",
    944: "W",
    1000: "—…",
    1010: "Ю",
    1015: "@",
}
CHAR_WIDTH = {char: width for width, chars in _WIDTHS.items() for char in chars}
UNKNOWN_CHAR_WIDTH = 667  # a wide letter, for anything not in the table: the estimate errs on the roomy side
_TAGS = re.compile(r"<[^>]+>")


def text_px(text: str, size: float = LABEL_FONT_PX) -> float:
    """Width in pixels of the longest line of `text` (plotly's `<br>` breaks it; other tags take no room)."""
    lines = _TAGS.sub("", re.sub(r"<br\s*/?>", "\n", str(text))).split("\n")
    return max(sum(CHAR_WIDTH.get(char, UNKNOWN_CHAR_WIDTH) for char in line) for line in lines) * size / 1000


def line_count(text: str) -> int:
    return len(re.split(r"<br\s*/?>", str(text)))


def reserve(layout: dict, data: list[dict]) -> None:
    """Grows `layout`'s top margin by the legend's height and its left margin to the widest y labels (in place)."""
    margin = layout.setdefault("margin", {})
    left, right = margin.get("l", 80), margin.get("r", 80)
    legend = legend_px(layout, data, LAPTOP_CHART_PX - left - right)
    if legend:
        margin["t"] = margin.get("t", 100) + legend + LEGEND_GAP_PX
    labels = max((y_axis_px(layout, name, data) for name in _y_axes(data)), default=0)
    margin["l"] = max(left, math.ceil(labels) + SLACK_PX)


def _legend_entries(data: list[dict]) -> list[dict]:
    return [trace for trace in data if trace.get("showlegend", True) and trace.get("name")]


def legend_px(layout: dict, data: list[dict], width: float) -> int:
    """Height of the horizontal legend at `width` (0 when the chart shows none), laid out as plotly.js does.

    Grouped (`legendgroup`): each group's entries one under another, the groups side by side, wrapping into rows
    10 px apart. Not grouped: one row when every entry fits, else a grid of columns as wide as the widest entry.
    """
    entries = _legend_entries(data)
    shown = layout.get("showlegend")
    if shown is False or (shown is None and len(entries) < 2):
        return 0
    width -= LEGEND_WIDTH_SLACK_PX
    if any(trace.get("legendgroup") for trace in entries):
        groups: dict[object, list[dict]] = {}
        for index, trace in enumerate(entries):
            groups.setdefault(trace.get("legendgroup") or ("alone", index), []).append(trace)
        rows: list[float] = []
        used = math.inf
        for group in groups.values():
            column_width = max(_entry_px(trace) for trace in group)
            if used + column_width > width:
                rows.append(0)
                used = 0
            used += column_width
            rows[-1] = max(rows[-1], sum(line_count(trace["name"]) for trace in group) * LEGEND_LINE_PX)
        height = sum(rows) + LEGEND_GROUP_GAP_PX * (len(rows) - 1)
    else:
        widths = [_entry_px(trace) for trace in entries]
        columns = len(entries) if sum(widths) <= width else max(1, int(width // max(widths)))
        rows = [entries[start : start + columns] for start in range(0, len(entries), columns)]
        height = sum(max(line_count(trace["name"]) for trace in row) * LEGEND_LINE_PX for row in rows)
    return math.ceil(height) + LEGEND_PADDING_PX


def _entry_px(trace: dict) -> float:
    return text_px(trace["name"]) + LEGEND_SYMBOL_PX


def _y_axes(data: list[dict]) -> set[str]:
    """The layout names of the y axes that traces use ('yaxis', 'yaxis2', ...)."""
    return {"yaxis" + trace.get("yaxis", "y")[1:] for trace in data}


def y_axis_px(layout: dict, name: str, data: list[dict]) -> float:
    """Room the labels (and title) of y axis `name` take to the left of the plot; 0 for a hidden axis."""
    axis = layout.get(name, {})
    if axis.get("visible") is False or axis.get("overlaying"):
        return 0
    traces = [t for t in data if "yaxis" + t.get("yaxis", "y")[1:] == name and t.get("visible", True) is True]
    labels = _y_labels(axis, traces, layout.get("barmode"))
    width = max((text_px(label) for label in labels), default=0) + Y_LABEL_PAD_PX
    title = axis.get("title", {})
    if title.get("text") if isinstance(title, dict) else title:
        width += Y_TITLE_PX
    return width if axis.get("showticklabels", True) else 0


def _y_labels(axis: dict, traces: list[dict], barmode: str | None) -> Iterable[str]:
    """The longest labels the axis may show: its tick texts, its categories, or its highest number."""
    if axis.get("ticktext"):
        return [str(text) for text in axis["ticktext"]]
    values = [value for trace in traces for value in (trace.get("y") or [])]
    if axis.get("type") == "category" or any(isinstance(value, str) for value in values):
        return [str(value) for value in values if value is not None]
    numbers = [abs(float(value)) for value in values if value is not None and not isinstance(value, bool)]
    if not numbers:
        return []
    top = max(axis["range"][1:] or [0]) if axis.get("range") else max(numbers)
    if barmode in ("stack", "relative"):
        top = max(top, sum(max((abs(v) for v in t.get("y") or [] if v is not None), default=0) for t in traces))
    if axis.get("type") == "log":
        top = 10 ** math.ceil(math.log10(max(top, 1)))
    label = f"{int(top * 1.05):,}"
    if "g" in str(axis.get("tickformat", "")) or "f" in str(axis.get("tickformat", "")):
        label += ".5"  # ratios show a decimal
    return [label]
