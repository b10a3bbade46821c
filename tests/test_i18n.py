"""The catalogs: complete, consistent with the code, compiled; the language chosen from the address or the browser."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from exchange_tracker import i18n

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
LANGUAGES = [language for language in i18n.LANGUAGES if language != i18n.DEFAULT_LANGUAGE]


def catalog(language: str):
    with open(ROOT / "locales" / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po)


def messages(language: str):
    return [message for message in catalog(language) if message.id]


def extracted_ids() -> set[str]:
    """Every message id in the code, found as `make messages` finds them (babel.cfg, the same keywords)."""
    found = set()
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    method_map = [("app.py", "python"), ("pages/**.py", "python"), ("exchange_tracker/**.py", "python")]
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    missing = [m.id for m in messages(language) if not m.string or (isinstance(m.string, tuple) and not all(m.string))]
    fuzzy = [m.id for m in messages(language) if m.fuzzy]
    assert not missing, missing
    assert not fuzzy, fuzzy


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_the_same_in_every_language(language):
    wrong = []
    for message in messages(language):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = {frozenset(PLACEHOLDER.findall(text)) for text in ids}
        for text in strings:
            if frozenset(PLACEHOLDER.findall(text)) not in wanted:
                wrong.append((ids[0], text))
    assert not wrong, wrong


def test_ukrainian_has_three_plural_forms_filled_for_every_count():
    ukrainian = catalog("uk")
    assert ukrainian.num_plurals == 3
    plurals = [m for m in ukrainian if m.id and isinstance(m.id, tuple)]
    assert plurals and all(len(m.string) == 3 and all(m.string) for m in plurals)


def test_the_code_has_no_message_the_catalog_lacks():
    in_catalog = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog("uk") if m.id}
    missing = extracted_ids() - in_catalog
    assert not missing, f"run `make messages` and translate: {sorted(missing)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_its_source(language):
    """The .mo files are committed (so `make run` needs no compile step); they must say what the .po says."""
    with open(ROOT / "locales" / language / "LC_MESSAGES" / "messages.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for message in messages(language):
        if isinstance(message.id, tuple):
            for count, form in ((1, 0), (3, 1), (5, 2)):
                assert compiled.ngettext(*message.id, count) == message.string[form], "run `make compile-messages`"
        else:
            assert compiled.gettext(message.id) == message.string, "run `make compile-messages`"


@pytest.mark.parametrize(
    ("param", "browser", "expected"),
    [
        ("uk", "en-US", ("uk", None)),
        ("en", "uk-UA", ("en", None)),
        (None, "uk-UA", ("uk", None)),
        (None, "uk", ("uk", None)),
        (None, "de-DE", ("en", None)),
        (None, None, ("en", None)),
        ("xx", "uk-UA", ("en", "xx")),
    ],
)
def test_the_language_comes_from_the_address_then_the_browser(param, browser, expected):
    assert i18n.language_from(param, browser) == expected


def test_dates_and_numbers_come_from_babel():
    import datetime as dt

    day = dt.date(2026, 3, 6)
    with i18n.use_language("uk"):
        assert i18n.format_date(day) == "6 березня 2026"
        assert i18n.format_month("2026-03") == "бер. 2026"
        assert i18n.format_number(6987) == "6\xa0987"
    assert (i18n.format_date(day, "short"), i18n.format_number(6987)) == ("6 Mar 2026", "6,987")


def test_catalogs_load_once_per_process():
    assert i18n.translations("uk") is i18n.translations("uk")


def test_a_difference_is_written_with_its_sign_in_the_readers_grouping():
    with i18n.use_language("en"):
        assert [i18n.format_signed_number(n) for n in (-1245, 25, 0)] == ["-1,245", "+25", "0"]
    with i18n.use_language("uk"):
        assert i18n.format_signed_number(-1245) == "-1\u00a0245"
        assert i18n.format_signed_number(1245) == "+1\u00a0245"
