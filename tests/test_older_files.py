"""Last month's files keep loading: columns that may be empty may also be absent, and take their default."""

from __future__ import annotations

import datetime as dt

import pytest

from exchange_tracker.errors import DataError
from exchange_tracker.loading import read_table
from exchange_tracker.schema import EXCHANGES, TALKS

TODAY = dt.date(2026, 1, 1)
OLD_HEADER = (
    "event_id,date,kind,to_ukraine,to_russia,civilians_to_ukraine,civilians_to_russia,mediator,series,claimed_by,"
    "source_url,source_publisher,notes"
)
ROW = "2025-05-23-prisoners,2025-05-23,prisoner_exchange,390,390,120,120,,,both,https://example.org/a,Example,"


def test_a_file_without_the_optional_columns_loads_with_their_defaults():
    frame = read_table(f"{OLD_HEADER}\n{ROW}\n".encode(), EXCHANGES, TODAY)
    assert list(frame.columns) == EXCHANGES.column_names
    assert frame.loc[0, "scope"] == "handover"
    assert frame["outside_exchange_to_ukraine"].isna().all()
    assert frame.loc[0, "to_ukraine"] == 390


def test_an_empty_scope_cell_takes_the_default():
    header = OLD_HEADER.replace("claimed_by", "scope,claimed_by")
    row = ROW.replace(",both,", ",,both,")
    frame = read_table(f"{header}\n{row}\n".encode(), EXCHANGES, TODAY)
    assert frame.loc[0, "scope"] == "handover"


def test_only_the_meaning_columns_are_required():
    minimal = "event_id,date,kind,claimed_by,source_url,source_publisher\n"
    minimal += "2025-05-23-prisoners,2025-05-23,prisoner_exchange,UA,https://example.org/a,Example\n"
    frame = read_table(minimal.encode(), EXCHANGES, TODAY)
    assert frame["to_ukraine"].isna().all()
    required = {c.name for c in EXCHANGES.columns if c.required}
    assert required == {"event_id", "date", "kind", "claimed_by", "source_url", "source_publisher"}


@pytest.mark.parametrize("column", [c.name for c in EXCHANGES.columns if c.required])
def test_a_required_column_left_out_is_named(column):
    names = [c.name for c in EXCHANGES.columns if c.name != column]
    values = {
        "event_id": "x-1",
        "date": "2025-05-23",
        "kind": "prisoner_exchange",
        "claimed_by": "UA",
        "source_url": "https://example.org/a",
        "source_publisher": "Example",
        "scope": "handover",
    }
    row = ",".join(values.get(name, "") for name in names)
    with pytest.raises(DataError) as caught:
        read_table(f"{','.join(names)}\n{row}\n".encode(), EXCHANGES, TODAY)
    assert f'exchanges.csv, line 1: the column "{column}" is missing' in caught.value.summary()


def test_talks_without_the_ukrainian_columns_load():
    header = "talks_id,start_date,end_date,kind,status,title,location,mediators,agreed,source_url,source_publisher"
    row = "r-1,2025-05-16,,round,,Istanbul round,Istanbul,Turkey,Swap,https://example.org/t,Example"
    frame = read_table(f"{header}\n{row}\n".encode(), TALKS, TODAY)
    assert frame["title_uk"].isna().all() and frame["agreed_uk"].isna().all()
