"""The sentences a reader sees about the data, in the reader's language, from the catalog. No Streamlit here.

Each sentence is one catalog message with named placeholders; counts choose their plural form with `ngettext`.
Values from data that go into Markdown are escaped here (`markup.escape_markdown`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from exchange_tracker.i18n import N_, _, format_date, format_number, ngettext
from exchange_tracker.markup import KeyFigure, escape_markdown, markdown_text
from exchange_tracker.months import MonthRange
from exchange_tracker.transforms import KeyFigures

# After this many days without a newer report, the overview says that recent exchanges may be missing.
STALE_AFTER_DAYS = 30

KIND_LABELS = {
    "prisoner_exchange": N_("Prisoner exchange"),
    "civilian_return": N_("Civilian return"),
    "body_repatriation": N_("Body repatriation"),
}
SIDE_NAMES = {"UA": N_("Ukraine"), "RU": N_("Russia"), "both": N_("Both sides"), "press": N_("The press")}
STATUS_NAMES = {
    "active": N_("active"),
    "paused": N_("paused"),
    "suspended": N_("suspended"),
    "frozen": N_("frozen"),
    "ended": N_("ended"),
}
SCOPE_NAMES = {"handover": N_("handover"), "total": N_("total over several handovers")}
# Mediators as Ukrainian newsrooms name them (the data names them in English).
MEDIATOR_NAMES = {
    "None stated": N_("None stated"),
    "UAE": N_("UAE"),
    "Turkey": N_("Turkey"),
    "Qatar": N_("Qatar"),
    "Vatican": N_("Vatican"),
    "ICRC": N_("ICRC"),
    "United States": N_("United States"),
    "Saudi Arabia": N_("Saudi Arabia"),
    "Belarus": N_("Belarus"),
    "Switzerland": N_("Switzerland"),
}


# Publishers as Ukrainian newsrooms name them (the data names them in English); others keep the data's name.
PUBLISHER_NAMES = {
    "Ukrainska Pravda": N_("Ukrainska Pravda"),
    "Babel": N_("Babel"),
    "Interfax-Ukraine": N_("Interfax-Ukraine"),
    "UNN": N_("UNN"),
    "Radio Svoboda (RFE/RL)": N_("Radio Svoboda (RFE/RL)"),
    "Ukrainian News Agency": N_("Ukrainian News Agency"),
    "NV (New Voice of Ukraine)": N_("NV (New Voice of Ukraine)"),
    "24 Kanal": N_("24 Kanal"),
    "Hromadske Radio": N_("Hromadske Radio"),
    "Rubryka": N_("Rubryka"),
    "Slovo i Dilo": N_("Slovo i Dilo"),
    "Fakty": N_("Fakty"),
    "Suspilne": N_("Suspilne"),
    "Glavcom": N_("Glavcom"),
    "UNIAN": N_("UNIAN"),
    "RBC-Ukraine": N_("RBC-Ukraine"),
    "National Information Bureau": N_("National Information Bureau"),
    "Ministry of Reintegration of Ukraine": N_("Ministry of Reintegration of Ukraine"),
    "Zmina": N_("Zmina"),
    "Detector Media": N_("Detector Media"),
    "TASS": N_("TASS"),
    "RBC": N_("RBC"),
    "Kommersant": N_("Kommersant"),
    "Vedomosti": N_("Vedomosti"),
    "The Moscow Times": N_("The Moscow Times"),
    "Novaya Gazeta Europe": N_("Novaya Gazeta Europe"),
    "Kremlin": N_("Kremlin"),
}


# Places of the talks as Ukrainian newsrooms name them (the data names them in English).
PLACE_NAMES = {
    "Gomel region, Belarus": N_("Gomel region, Belarus"),
    "Brest region, Belarus": N_("Brest region, Belarus"),
    "Belarus-Poland border, Belarus": N_("Belarus-Poland border, Belarus"),
    "Antalya, Turkey": N_("Antalya, Turkey"),
    "videoconference (online)": N_("videoconference (online)"),
    "Istanbul, Turkey": N_("Istanbul, Turkey"),
    "Abu Dhabi, UAE": N_("Abu Dhabi, UAE"),
    "Geneva, Switzerland": N_("Geneva, Switzerland"),
}


def place_name(place: object) -> object:
    """A place of talks in the reader's language where the catalog has it, else as the data has it."""
    return _(PLACE_NAMES[place]) if isinstance(place, str) and place in PLACE_NAMES else place


def publisher_name(name: object) -> str:
    """A publisher as the reader's newsrooms name it: "Ukrainska Pravda" -> "Українська правда" in Ukrainian.

    "RegioNews (Ukrainska Pravda)", a copy and its original, has each part named so.
    """
    if not isinstance(name, str):
        return ""
    if name in PUBLISHER_NAMES:
        return _(PUBLISHER_NAMES[name])
    main, bracket, rest = name.partition(" (")
    if not bracket or not rest.endswith(")"):
        return name
    return f"{publisher_name(main)} ({publisher_name(rest[:-1])})"


def kind_labels() -> dict[str, str]:
    """Each kind of handover, in the reader's language."""
    return {kind: _(label) for kind, label in KIND_LABELS.items()}


def mediator_labels() -> dict[str, str]:
    """Mediators as the reader's newsrooms name them (names not in the list stay as the data has them)."""
    return {name: _(label) for name, label in MEDIATOR_NAMES.items()}


def mediator_name(names: object) -> str:
    """A `; `-separated list of mediators, each in the reader's language."""
    if not isinstance(names, str) or not names:
        return _("none stated")
    labels = mediator_labels()
    return "; ".join(labels.get(name, name) for name in names.split("; "))


def kind_label(kind: str) -> str:
    return _(KIND_LABELS.get(kind, kind))


def side_name(claimant: object) -> str:
    return _(SIDE_NAMES[claimant]) if claimant in SIDE_NAMES else "—"


def status_name(status: str) -> str:
    return _(STATUS_NAMES.get(status, status))


def is_stale(as_of: dt.date, today: dt.date) -> bool:
    """Whether the data is old enough that exchanges since may be missing."""
    return (today - as_of).days > STALE_AFTER_DAYS


def unknown_language(code: str) -> str:
    return _('The link\'s language "{code}" is not available; showing English.').format(code=code)


# --- the overview --------------------------------------------------------------------------------------------


def summary_sentence(figures: KeyFigures, months: MonthRange) -> str:
    """The selection in one plain sentence."""
    if figures.exchanges == 0 and figures.body_handovers == 0:
        return _("No exchanges or repatriations of bodies are recorded for {months}.").format(months=months.label)
    people = ngettext(
        "In {months}, {count} exchange returned {to_ukraine} people to Ukraine and {to_russia} to Russia",
        "In {months}, {count} exchanges returned {to_ukraine} people to Ukraine and {to_russia} to Russia",
        figures.exchanges,
    ).format(
        months=months.label,
        count=format_number(figures.exchanges),
        to_ukraine=format_number(figures.people_to_ukraine),
        to_russia=format_number(figures.people_to_russia),
    )
    if not figures.body_handovers:
        return _("{people}.").format(people=people)
    bodies = ngettext(
        "{count} repatriation of bodies returned {to_ukraine} bodies to Ukraine and {to_russia} to Russia",
        "{count} repatriations of bodies returned {to_ukraine} bodies to Ukraine and {to_russia} to Russia",
        figures.body_handovers,
    ).format(
        count=format_number(figures.body_handovers),
        to_ukraine=format_number(figures.bodies_to_ukraine),
        to_russia=format_number(figures.bodies_to_russia),
    )
    return _("{people}; {bodies}.").format(people=people, bodies=bodies)


def key_figure_groups(key: KeyFigures) -> list[list[KeyFigure]]:
    """The overview's seven key figures in two rows, labelled in the reader's language."""
    last = format_date(key.last_exchange, "short") if key.last_exchange else _("none")
    days = None
    if key.days_since_last is not None:
        days = ngettext("{count} day ago", "{count} days ago", key.days_since_last).format(
            count=format_number(key.days_since_last)
        )
    status = status_name(key.talks_status).capitalize() if key.talks_status else _("no record")
    since = None
    if key.talks_status_since:
        since = _("since {date}").format(date=format_date(key.talks_status_since, "short"))
    return [
        [
            KeyFigure(
                _("People to Ukraine"),
                format_number(key.people_to_ukraine),
                help=_("Ukraine's own count where the sides differ"),
            ),
            KeyFigure(
                _("People to Russia"),
                format_number(key.people_to_russia),
                help=_("Russia's own count where the sides differ"),
            ),
            KeyFigure(_("Bodies to Ukraine"), format_number(key.bodies_to_ukraine)),
            KeyFigure(_("Bodies to Russia"), format_number(key.bodies_to_russia)),
        ],
        [
            KeyFigure(
                _("Exchanges of people"),
                format_number(key.exchanges),
                help=_("Prisoner exchanges and returns of civilians"),
            ),
            KeyFigure(_("Last exchange in range"), last, note=days),
            KeyFigure(
                _("Talks"),
                status,
                note=since,
                help=_("The status of direct talks at the end of the selected months (or today)"),
            ),
        ],
    ]


def data_note(as_of: dt.date, today: dt.date, disputed: int) -> str:
    """The small print under the key figures: how current the data is and how disputes are counted."""
    if is_stale(as_of, today):
        current = _("Data as of {date}. No later report is recorded yet, so exchanges since then may be missing.")
    else:
        current = _("Data as of {date}.")
    rule = ngettext(
        "Where the sides' figures differ, each side's own count of the people (or bodies) it received is shown; "
        "{count} handover in this range has differing claims (both claims are listed under Data & sources).",
        "Where the sides' figures differ, each side's own count of the people (or bodies) it received is shown; "
        "{count} handovers in this range have differing claims (both claims are listed under Data & sources).",
        disputed,
    )
    return current.format(date=format_date(as_of)) + " " + rule.format(count=format_number(disputed))


# --- totals a side gave over several handovers --------------------------------------------------------------


def total_claim_notes(totals: pd.DataFrame, unit: str) -> list[str]:
    """Each side's own total over several handovers (rows of scope "total"), in words, as Markdown."""
    return [describe_total_claim(claim, unit) for claim in totals.to_dict("records")]


def describe_total_claim(claim: dict, unit: str = "bodies") -> str:
    """A side's own total over several handovers, in words, with its publisher (escaped Markdown)."""
    figures = {}
    for column in ("to_ukraine", "to_russia"):
        value = claim[column]
        figures[column] = format_number(int(value)) if pd.notna(value) else _("no figure")
    if unit == "bodies":
        text = _(
            "{who} also gave its own total over several handovers up to {date}: {to_ukraine} bodies to Ukraine and "
            "{to_russia} to Russia. It is shown here, not added to the handovers above. Source: {publisher}."
        )
    else:
        text = _(
            "{who} also gave its own total over several handovers up to {date}: {to_ukraine} people to Ukraine and "
            "{to_russia} to Russia. It is shown here, not added to the handovers above. Source: {publisher}."
        )
    text = text.format(
        who=side_name(claim["claimed_by"]),
        date=format_date(claim["date"].date()),
        publisher=escape_markdown(publisher_name(claim["source_publisher"])),
        **figures,
    )
    # The row's note says what the total covers (e.g. that it is a lower bound): shown as the data has it.
    if isinstance(claim.get("notes"), str) and claim["notes"]:
        text += " " + _("Note (in English): {note}").format(note=escape_markdown(claim["notes"]))
    return text


# --- talks: what each round agreed, and what was carried out ------------------------------------------------


@dataclass(frozen=True)
class OutcomeCard:
    """One round of talks in words, as Markdown: heading (date, title, place), what was agreed, what was done."""

    heading: str
    agreed: str
    carried_out: str


def describe_outcome(outcome: dict) -> str:
    """What was carried out under a round or an announced agreement, in words (a row of `agreements_and_outcomes`)."""
    count = int(outcome["handovers"])
    if not count:
        if outcome.get("kind") == "agreement":
            return _("Carried out: no handover in the data is linked to this agreement.")
        return _("Carried out: no handover in the data is linked to this round.")
    parts = []
    if outcome["people_handovers"] and (outcome["to_ukraine"] or outcome["to_russia"]):
        parts.append(
            ngettext(
                "{to_ukraine} person to Ukraine and {to_russia} to Russia",
                "{to_ukraine} people to Ukraine and {to_russia} to Russia",
                int(outcome["to_ukraine"]),
            ).format(to_ukraine=format_number(outcome["to_ukraine"]), to_russia=format_number(outcome["to_russia"]))
        )
    elif outcome["people_handovers"]:
        n = int(outcome["people_handovers"])
        parts.append(
            ngettext(
                "{count} exchange of people, figures not published",
                "{count} exchanges of people, figures not published",
                n,
            ).format(count=format_number(n))
        )
    if outcome["bodies_to_ukraine"] or outcome["bodies_to_russia"]:
        parts.append(
            ngettext(
                "{to_ukraine} body to Ukraine and {to_russia} to Russia",
                "{to_ukraine} bodies to Ukraine and {to_russia} to Russia",
                int(outcome["bodies_to_ukraine"]),
            ).format(
                to_ukraine=format_number(outcome["bodies_to_ukraine"]),
                to_russia=format_number(outcome["bodies_to_russia"]),
            )
        )
    text = ngettext(
        "Carried out: {count} handover from {first} to {last}",
        "Carried out: {count} handovers from {first} to {last}",
        count,
    ).format(
        count=format_number(count),
        first=format_date(outcome["first_handover"].date()),
        last=format_date(outcome["last_handover"].date()),
    )
    if parts:
        text = _("{carried_out}: {details}").format(carried_out=text, details="; ".join(parts))
    sentences = [text]
    if outcome["unpublished"]:
        n = int(outcome["unpublished"])
        sentences.append(
            ngettext(
                "{count} of these handovers was announced without figures, so the totals count only the stated figures",
                "{count} of these handovers were announced without figures, so the totals count only the stated "
                "figures",
                n,
            ).format(count=format_number(n))
        )
    return ". ".join(sentences) + "."


def outcome_cards(outcomes: pd.DataFrame, language: str) -> list[OutcomeCard]:
    """Each round or announced agreement (rows of `agreements_and_outcomes`) as a card; titles and agreements in
    `language` where given. The heading names the place of a round; an agreement announced without a meeting says so.
    """
    cards = []
    for outcome in outcomes.to_dict("records"):
        title = _localised(outcome, "title", language)
        agreed = _localised(outcome, "agreed", language)
        if outcome.get("kind") == "agreement":
            place = _("announced without a meeting of the delegations")
        else:
            place = markdown_text(place_name(outcome["location"]))
        heading = _("**{date} · {title}**").format(date=format_date(outcome["date"].date()), title=markdown_text(title))
        if place:
            heading = _("{heading} — {place}").format(heading=heading, place=place)
        cards.append(
            OutcomeCard(
                heading=heading,
                agreed=_("Agreed: {agreed}").format(agreed=markdown_text(agreed, _("nothing recorded"))),
                carried_out=escape_markdown(describe_outcome(outcome)),
            )
        )
    return cards


def _localised(row: dict, column: str, language: str) -> object:
    """The row's `column` in `language` (`column_uk`) where the data has it, else the English text."""
    translated = row.get(f"{column}_{language}")
    return translated if isinstance(translated, str) and translated else row.get(column)


def localised_column(frame: pd.DataFrame, column: str, language: str) -> pd.Series:
    """A text column in `language` where the data has it (`title_uk`), the English text elsewhere."""
    translated = f"{column}_{language}"
    if translated not in frame.columns:
        return frame[column]
    return frame[translated].fillna(frame[column])


# --- differing claims ---------------------------------------------------------------------------------------

_DISPUTE_PART = re.compile(r"(to_ukraine|to_russia): (.*)")
_CLAIM = re.compile(r"(\S+) (\d+)")


def dispute_in_words(dispute: object) -> str:
    """A handover's differing claims (`headline_events`' `dispute`) in words: "to Ukraine: UA 1,245 / RU 1,248"."""
    if not isinstance(dispute, str) or not dispute:
        return ""
    sides = {"to_ukraine": _("to Ukraine"), "to_russia": _("to Russia")}
    written = []
    for part in dispute.split("; "):
        match = _DISPUTE_PART.fullmatch(part)
        if not match:
            written.append(part)
            continue
        claims = " / ".join(f"{claimant} {format_number(int(figure))}" for claimant, figure in _CLAIM.findall(match[2]))
        written.append(f"{sides[match[1]]}: {claims}")
    return "; ".join(written)
