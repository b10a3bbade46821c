"""The room reserved for a chart's legend and y labels (exchange_tracker/chart_room.py). Whether the estimates hold
in a browser is tested in tests/test_browser_layout.py (no margin grows at laptop width)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exchange_tracker import chart_room
from exchange_tracker.chart_room import legend_px, reserve, text_px, y_axis_px

ONE_ROW = chart_room.LEGEND_LINE_PX + chart_room.LEGEND_PADDING_PX


def bars(*names: str, group: bool = False) -> list[dict]:
    return [{"type": "bar", "name": n, "y": [1], **({"legendgroup": n.split()[-1]} if group else {})} for n in names]


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzабвгґдеєжзиіїйклмнопрстуфхцчшщьюя ,.0123456789", max_size=30)


@given(words, words)
def test_a_text_is_as_wide_as_its_parts_and_a_break_keeps_the_longer_line(left: str, right: str):
    assert text_px(left + right) == pytest.approx(text_px(left) + text_px(right))
    assert text_px(f"{left}<br>{right}") == pytest.approx(max(text_px(left), text_px(right)))
    assert text_px(f"<b>{left}</b>") == pytest.approx(text_px(left))


def test_wider_letters_make_wider_text_and_unknown_characters_are_counted_wide():
    assert text_px("WWW") > text_px("iii") > 0
    assert text_px("日") == chart_room.UNKNOWN_CHAR_WIDTH * chart_room.LABEL_FONT_PX / 1000
    assert text_px("Ж", size=24) == pytest.approx(2 * text_px("Ж", size=12))


def test_no_legend_for_one_trace_or_when_hidden():
    assert legend_px({}, bars("To Ukraine"), 900) == 0
    assert legend_px({"showlegend": False}, bars("To Ukraine", "To Russia"), 900) == 0
    assert legend_px({}, [*bars("To Ukraine"), {"type": "bar", "name": "x", "showlegend": False}], 900) == 0
    assert legend_px({"showlegend": True}, bars("To Ukraine"), 900) == ONE_ROW


def test_entries_that_fit_take_one_row_and_wrap_into_a_grid_when_they_do_not():
    names = ("To Ukraine", "To Russia", "Disputed figures", "Figures not published")
    assert legend_px({}, bars(*names), 900) == ONE_ROW
    narrow = max(text_px(n) for n in names) + chart_room.LEGEND_SYMBOL_PX + chart_room.LEGEND_WIDTH_SLACK_PX + 1
    assert legend_px({}, bars(*names), narrow) == 4 * chart_room.LEGEND_LINE_PX + chart_room.LEGEND_PADDING_PX
    assert legend_px({}, bars(*names), 2 * narrow) == 2 * chart_room.LEGEND_LINE_PX + chart_room.LEGEND_PADDING_PX


def test_a_group_stacks_its_entries_and_groups_wrap_into_rows_with_a_gap():
    grouped = bars("To Ukraine", "Civilians to Ukraine", "To Russia", "Civilians to Russia", group=True)
    grouped[1]["legendgroup"] = grouped[0]["legendgroup"] = "ua"
    grouped[3]["legendgroup"] = grouped[2]["legendgroup"] = "ru"
    two_lines = 2 * chart_room.LEGEND_LINE_PX + chart_room.LEGEND_PADDING_PX
    assert legend_px({}, grouped, 900) == two_lines
    column = text_px("Civilians to Ukraine") + chart_room.LEGEND_SYMBOL_PX + chart_room.LEGEND_WIDTH_SLACK_PX
    assert legend_px({}, grouped, column + 1) == 2 * two_lines - chart_room.LEGEND_PADDING_PX + (
        chart_room.LEGEND_GROUP_GAP_PX
    )


def test_a_wrapped_entry_makes_its_row_taller():
    assert legend_px({}, bars("Official:<br>in exchanges", "This data"), 900) == (
        2 * chart_room.LEGEND_LINE_PX + chart_room.LEGEND_PADDING_PX
    )


def test_y_labels_take_the_width_of_the_highest_number_and_the_title_adds_its_line():
    small = [{"type": "bar", "y": [3, 12]}]
    large = [{"type": "bar", "y": [3, 12_000]}]
    assert y_axis_px({}, "yaxis", large) > y_axis_px({}, "yaxis", small)
    titled = y_axis_px({"yaxis": {"title": {"text": "bodies"}}}, "yaxis", large)
    assert titled == pytest.approx(y_axis_px({}, "yaxis", large) + chart_room.Y_TITLE_PX)
    stacked = [{"type": "bar", "y": [9_000]}, {"type": "bar", "y": [9_000]}]
    assert y_axis_px({}, "yaxis", stacked) < y_axis_px({"barmode": "stack"}, "yaxis", stacked)


def test_category_labels_and_tick_texts_are_measured_as_written():
    mediators = [{"type": "bar", "orientation": "h", "x": [5, 1], "y": ["UAE", "Saudi Arabia; Türkiye"]}]
    longest = text_px("Saudi Arabia; Türkiye")
    assert y_axis_px({}, "yaxis", mediators) == pytest.approx(longest + chart_room.Y_LABEL_PAD_PX)
    assert y_axis_px({"yaxis": {"ticktext": ["Тривають", "Заморожені"]}}, "yaxis", small := [{"y": [0, 1]}]) == (
        pytest.approx(text_px("Заморожені") + chart_room.Y_LABEL_PAD_PX)
    )
    assert y_axis_px({"yaxis": {"visible": False}}, "yaxis", small) == 0
    assert y_axis_px({"yaxis": {"showticklabels": False}}, "yaxis", small) == 0


def test_reserve_grows_the_margins_and_never_shrinks_them():
    layout = {"margin": {"t": 84, "l": 60, "r": 16}, "yaxis": {"title": {"text": "people"}}}
    reserve(layout, [{"type": "bar", "name": "To Ukraine", "y": [1, 9_999_000]}, *bars("To Russia")])
    assert layout["margin"]["t"] == 84 + ONE_ROW + chart_room.LEGEND_GAP_PX
    assert layout["margin"]["l"] > 60
    roomy = {"margin": {"t": 84, "l": 200, "r": 16}}
    reserve(roomy, bars("To Ukraine"))
    assert roomy["margin"] == {"t": 84, "l": 200, "r": 16}
