"""Languages: the message catalogs (gettext, under locales/), and dates and numbers in the reader's locale (Babel).

Code holds English message ids with named placeholders, `_("{count} rows")`, and counts go through `ngettext`, whose
plural forms come from the catalog (Ukrainian has three). The language of the current script run is a context
variable, set once per run by the page (`use_language`), so pure functions anywhere in the package translate
without taking a language argument. Catalogs are read once per process.

The workflow is Babel's, wired into make: `make messages` extracts the ids (`babel.cfg`) and updates each
`locales/*/LC_MESSAGES/messages.po`; `make compile-messages` writes the `.mo` files that are committed beside them
(tests/test_i18n.py fails when a `.mo` is older than its `.po`, or the code has an id the catalog lacks).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
# Each language by its own name, as the switch shows it. Another language is one more catalog and one more line.
LANGUAGES = {"uk": "Українська", "en": "English"}

_language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=DEFAULT_LANGUAGE)


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of `language` (read once per process); English is the message ids themselves."""
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALES, languages=[language])


def current_language() -> str:
    return _language.get()


def set_language(language: str) -> None:
    """Translate in `language` for the rest of this script run (or thread)."""
    _language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def use_language(language: str) -> Iterator[None]:
    """Translate in `language` inside the block (tests, exports built outside a page run)."""
    token = _language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


def _(message: str) -> str:
    """`message` in the current language."""
    return translations(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of `singular`/`plural` for `count` in the current language (by the catalog's plural rules)."""
    return translations(_language.get()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks `message` for the catalog; it is translated later, where it is shown."""
    return message


def language_from(param: str | None, browser_locale: str | None) -> tuple[str, str | None]:
    """The language a request asks for, and a notice when its `lang` is unknown.

    `lang` in the address wins; without it the browser's preferred language decides (Ukrainian for `uk`,
    English otherwise). An unknown `lang` gives English and a notice, like an invalid month range.
    """
    if param:
        if param in LANGUAGES:
            return param, None
        return DEFAULT_LANGUAGE, param
    primary = (browser_locale or "").replace("_", "-").split("-")[0].lower()
    return (primary if primary in LANGUAGES else DEFAULT_LANGUAGE), None


# --- dates and numbers, from Babel's locale data --------------------------------------------------------------


def _locale() -> Locale:
    return Locale.parse(_language.get())


def format_date(day: dt.date, form: str = "long") -> str:
    """A day: long "6 March 2026" / "6 березня 2026"; short "6 Mar 2026" / "6 бер. 2026"."""
    pattern = {"long": "d MMMM y", "short": "d MMM y"}[form]
    return babel_format_date(day, pattern, locale=_locale())


def format_month(month: str) -> str:
    """'2025-05' -> "May 2025" / "трав. 2025" (the axis and slider form)."""
    return babel_format_date(dt.date(int(month[:4]), int(month[5:7]), 1), "LLL y", locale=_locale())


def format_month_long(month: str) -> str:
    """'2025-05' -> "May 2025" / "травень 2025"."""
    return babel_format_date(dt.date(int(month[:4]), int(month[5:7]), 1), "LLLL y", locale=_locale())


def format_number(value: int | float, decimals: int | None = None) -> str:
    """6987 -> "6,987" / "6 987" (the locale's grouping); with `decimals`, that many digits after the point."""
    pattern = None if decimals is None else "#,##0." + "0" * decimals
    return format_decimal(value, format=pattern, locale=_locale())


def format_signed_number(value: int) -> str:
    """-25 -> "-25", 1245 -> "+1,245" / "+1 245", 0 -> "0": a difference, its sign written."""
    if value == 0:
        return format_number(0)
    return format_decimal(value, format="+#,##0;-#,##0", locale=_locale())
