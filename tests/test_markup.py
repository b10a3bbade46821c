"""Text from data made safe: Markdown escaping (it defends against hostile uploaded text) and the key-figures HTML."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exchange_tracker.markup import MARKDOWN_SPECIAL, KeyFigure, escape_markdown, key_figures_html, markdown_text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("[click](https://evil.example)", r"\[click\]\(https\:\/\/evil\.example\)".replace(r"\/", "/")),
        ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
        ("<script>alert(1)</script>", r"\<script\>alert\(1\)\</script\>"),
        ("$x^2$ :smile: ~~gone~~", r"\$x^2\$ \:smile\: \~\~gone\~\~"),
        ("# heading", r"\# heading"),
        ("Україна — 1 245", "Україна — 1 245"),
    ],
)
def test_escape_markdown_neutralises_links_emphasis_html_math_and_emoji(text, escaped):
    assert escape_markdown(text) == escaped


@given(st.text())
def test_every_special_character_is_escaped_and_nothing_else_changes(text):
    escaped = escape_markdown(text)
    unescaped, i = [], 0
    while i < len(escaped):
        if escaped[i] == "\\":
            assert escaped[i + 1] in MARKDOWN_SPECIAL
            unescaped.append(escaped[i + 1])
            i += 2
        else:
            assert escaped[i] not in MARKDOWN_SPECIAL
            unescaped.append(escaped[i])
            i += 1
    assert "".join(unescaped) == text


def test_markdown_text_uses_the_missing_text_for_empty_values():
    assert markdown_text(float("nan"), "nothing recorded") == "nothing recorded"
    assert markdown_text("", "—") == "—"
    assert markdown_text("a_b", "—") == r"a\_b"


def test_key_figures_html_escapes_what_it_shows():
    text = key_figures_html([[KeyFigure("<b>label</b>", "<script>1</script>", note="a & b", help='"quoted"')]])
    assert "<script>1" not in text and "&lt;script&gt;1&lt;/script&gt;" in text
    assert "&lt;b&gt;label&lt;/b&gt;" in text and "a &amp; b" in text and 'title="&quot;quoted&quot;"' in text
