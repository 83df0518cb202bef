"""kg stats: the events' date range beside the reports', and the short summary `make demo` ends with."""

from __future__ import annotations

import json
from datetime import date

from kg import stats

TEXT = ("Rebels shelled the town of Kafr Nabl on 3 March 2020, killing 4 people, the Syrian Observatory for Human "
        "Rights said. Russian warplanes struck a market in Ariha on 9 April 2020, killing 11 civilians, the "
        "Observatory said. Turkey threatened to attack the town of Tal Rifaat.")


def test_events_have_their_own_date_range(graph_of) -> None:  # type: ignore[no-untyped-def]
    figures = stats.collect(graph_of(TEXT, date(2020, 5, 1)))
    assert (figures.first_date, figures.last_date) == ("2020-05-01", "2020-05-01")
    assert (figures.first_event, figures.last_event) == ("2020-03-03", "2020-04-09")
    assert "2020-03-03 .. 2020-04-09 (events stated as fact)" in figures.as_text()
    assert json.loads(figures.as_json())["first_event"] == "2020-03-03"


def test_summary_reads_in_ten_seconds(graph_of) -> None:  # type: ignore[no-untyped-def]
    figures = stats.collect(graph_of(TEXT, date(2020, 5, 1)))
    text = figures.as_summary("--graph out/g.trig")
    lines = text.splitlines()
    assert lines[0].startswith("1 reports, ") and "events stated as fact" in lines[0]
    assert 1 <= len(figures.highlights) <= stats.SHOWN_EVENTS
    assert any("Ariha" in line and "11 killed" in line for line in figures.highlights)
    assert not any("Tal Rifaat" in line for line in figures.highlights)  # a threat is not stated as fact
    assert "kg query events --graph out/g.trig" in text and len(lines) <= 20
