"""Month ranges: the dashboard's one shared filter, and its public form in links (`?from=YYYY-MM&to=YYYY-MM`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from exchange_tracker.i18n import N_, _, format_month

FIRST_MONTH = "2022-02"
_MONTH_TEXT = re.compile(r"^([0-9]{4})-([0-9]{2})$")


def month_of(day: dt.date | pd.Timestamp) -> str:
    """'YYYY-MM' of a date."""
    return f"{day.year:04d}-{day.month:02d}"


def parse_month(text: str) -> str | None:
    """The month if `text` is a real month in YYYY-MM, else None."""
    match = _MONTH_TEXT.match(text or "")
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1900:
        return None
    return text


def month_label(month: str) -> str:
    """'2025-05' -> 'May 2025' (in the reader's language: 'трав. 2025')."""
    return format_month(month)


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last`, both included, as 'YYYY-MM'."""
    return [str(p) for p in pd.period_range(first, last, freq="M")]


@dataclass(frozen=True)
class MonthRange:
    """An inclusive range of months, each 'YYYY-MM'."""

    first: str
    last: str

    @property
    def label(self) -> str:
        """Human form: 'May 2025 – Aug 2025', or one month alone."""
        if self.first == self.last:
            return month_label(self.first)
        return f"{month_label(self.first)} – {month_label(self.last)}"

    @property
    def slug(self) -> str:
        """File-name form: '2025-05_2025-08'."""
        return f"{self.first}_{self.last}"

    @property
    def start(self) -> pd.Timestamp:
        return pd.Timestamp(f"{self.first}-01")

    @property
    def end(self) -> pd.Timestamp:
        """The last instant of the last month (exclusive bound is awkward for readers of code)."""
        return pd.Timestamp(f"{self.last}-01") + pd.offsets.MonthEnd(0)

    def contains(self, dates: pd.Series) -> pd.Series:
        """Boolean mask of the dates that fall in this range."""
        return (dates >= self.start) & (dates < self.end + pd.Timedelta(days=1))

    def months(self) -> list[str]:
        return months_between(self.first, self.last)

    def query_params(self) -> dict[str, str]:
        return {"from": self.first, "to": self.last}


def presets(available: MonthRange) -> dict[str, MonthRange]:
    """Named ranges offered as one-click choices: all, the last 12 months, and each year (names are catalog ids)."""
    last = pd.Period(available.last, freq="M")
    named = {
        N_("All months"): available,
        N_("Last 12 months"): MonthRange(max(str(last - 11), available.first), available.last),
    }
    for year in range(int(available.first[:4]), int(available.last[:4]) + 1):
        named[str(year)] = MonthRange(max(f"{year}-01", available.first), min(f"{year}-12", available.last))
    return named


def range_from_params(params: dict[str, str | None], available: MonthRange) -> tuple[MonthRange, str | None]:
    """The range a link asks for, clipped to the data; or the whole range and a notice saying why."""
    first_text, last_text = params.get("from"), params.get("to")
    if not first_text and not last_text:
        return available, None
    problems = []
    first = parse_month(first_text) if first_text else available.first
    last = parse_month(last_text) if last_text else available.last
    if first is None:
        problems.append(_('"{param}" is not a month in YYYY-MM').format(param=f"from={first_text}"))
    if last is None:
        problems.append(_('"{param}" is not a month in YYYY-MM').format(param=f"to={last_text}"))
    if first and last and last < first:
        problems.append(
            _('"{later}" is before "{earlier}"').format(later=f"to={last_text}", earlier=f"from={first_text}")
        )
    if first and last and not problems and (last < available.first or first > available.last):
        problems.append(
            _("{asked} is outside the data ({available})").format(
                asked=f"{month_label(first)} – {month_label(last)}", available=available.label
            )
        )
    if problems:
        notice = _("The link's months were not used: {problems}. Showing {available}.")
        return available, notice.format(problems="; ".join(problems), available=available.label)
    return MonthRange(max(first, available.first), min(last, available.last)), None
