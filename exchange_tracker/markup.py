"""Text from data made safe for Markdown, and the key-figures block as escaped HTML. No Streamlit here."""

from __future__ import annotations

import html
from dataclasses import dataclass

# Every character Markdown (CommonMark and Streamlit's extensions: $ math, :emoji:, ~ strikethrough) gives a meaning.
MARKDOWN_SPECIAL = "\\`*_{}[]()<>#+-.!|~$:"


def escape_markdown(text: object) -> str:
    """Text from data, safe to interpolate into Markdown: no links, emphasis, HTML, math or emoji codes."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in str(text))


def markdown_text(value: object, missing: str = "") -> str:
    """A value from data for interpolation into Markdown: escaped, and `missing` when empty."""
    return escape_markdown(value) if isinstance(value, str) and value else escape_markdown(missing)


@dataclass(frozen=True)
class KeyFigure:
    """One headline number: its label, its value as shown, an optional note under it and a tooltip."""

    label: str
    value: str
    note: str | None = None
    help: str | None = None


# Inline styles, not a <style> sheet: a sheet inserted anew on every rerun makes the browser restyle the whole page.
# They also outrank Streamlit's own styles for lists inside st.html.
_STYLES = {
    "summary": "margin: 0 0 1rem 0",
    "row": "display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 1rem;"
    " margin: 0 0 0.75rem 0; padding: 0",
    "label": "font-size: 0.875rem; margin: 0 0 0.25rem 0; padding: 0; font-weight: normal",
    "label_with_help": "font-size: 0.875rem; margin: 0 0 0.25rem 0; padding: 0; font-weight: normal;"
    " text-decoration: underline dotted; text-underline-offset: 0.2em; cursor: help",
    "value": "margin: 0; padding: 0; font-size: 2.25rem; line-height: 1.25; overflow-wrap: anywhere",
    "note": "display: inline-block; margin: 0.25rem 0 0 0; padding: 0.05rem 0.5rem; font-size: 0.8rem;"
    " border-radius: 1rem; background: rgba(128, 128, 128, 0.14)",
    "foot": "margin: 0.5rem 0 0 0; font-size: 0.875rem; color: rgba(49, 51, 63, 0.6)",
}


def _key_figure_html(figure: KeyFigure) -> str:
    if figure.help:
        label = f'<dt style="{_STYLES["label_with_help"]}" title="{html.escape(figure.help)}">'
    else:
        label = f'<dt style="{_STYLES["label"]}">'
    note = ""
    if figure.note:
        note = f'<dd class="key-figure-note" style="{_STYLES["note"]}">{html.escape(figure.note)}</dd>'
    value = f'<dd class="key-figure-value" style="{_STYLES["value"]}">{html.escape(figure.value)}</dd>'
    return f'<div class="key-figure">{label}{html.escape(figure.label)}</dt>{value}{note}</div>'


def key_figures_html(groups: list[list[KeyFigure]], summary: str = "", note: str = "") -> str:
    """A bold summary sentence, rows of key figures (one HTML description list per row) and a small note under them.

    All text is escaped.
    """
    rows = "".join(
        f'<dl class="key-figures" style="{_STYLES["row"]}">{"".join(map(_key_figure_html, group))}</dl>'
        for group in groups
    )
    head = ""
    if summary:
        head = (
            f'<p class="key-figures-summary" style="{_STYLES["summary"]}"><strong>{html.escape(summary)}</strong></p>'
        )
    foot = f'<p class="key-figures-note" style="{_STYLES["foot"]}">{html.escape(note)}</p>' if note else ""
    return head + rows + foot
