"""The floor for a Streamlit + Plotly page: one month-range slider and one bar chart, nothing else.

People returned to Ukraine per month, read from data/exchanges.csv with pandas. No validation, no claim
resolution (every row is added), no caching beyond what is natural. `bench.run` compares the app against it.
With `?charts=4` it draws the same chart four times: the floor for a page of four charts (Body repatriations).
"""

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

DATA = Path(__file__).resolve().parent.parent / "data" / "exchanges.csv"


def month_label(month: str) -> str:
    return pd.Period(month, freq="M").strftime("%b %Y")


@st.cache_data
def monthly() -> pd.Series:
    frame = pd.read_csv(DATA, parse_dates=["date"])
    people = frame[frame["kind"] != "body_repatriation"]
    per_month = people.groupby(people["date"].dt.strftime("%Y-%m"))["to_ukraine"].sum()
    months = [str(p) for p in pd.period_range(per_month.index.min(), per_month.index.max(), freq="M")]
    return per_month.reindex(months, fill_value=0)


totals = monthly()
first, last = st.select_slider(
    "Months shown", options=list(totals.index), value=(totals.index[0], totals.index[-1]), format_func=month_label
)
shown = totals.loc[first:last]
label = month_label(first) if first == last else f"{month_label(first)} – {month_label(last)}"
figure = go.Figure(go.Bar(x=pd.to_datetime(shown.index + "-01"), y=shown.to_numpy(), name="To Ukraine"))
figure.update_layout(title=f"People returned to Ukraine, per month<br><sup>{label}</sup>", height=460)
copies = 4 if st.query_params.get("charts") == "4" else 1
for copy in range(copies):
    st.plotly_chart(figure, key=f"chart-{copy}")
