from datetime import date

import pytest

from kg import timex

PUB = date(2021, 6, 10)  # a Thursday


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Thursday", date(2021, 6, 10), "day"),
        ("on Monday", date(2021, 6, 7), "day"),
        ("last Thursday", date(2021, 6, 3), "day"),
        ("yesterday", date(2021, 6, 9), "day"),
        ("5 March 2020", date(2020, 3, 5), "day"),
        ("March 5, 2020", date(2020, 3, 5), "day"),
        ("since March 2020", date(2020, 3, 1), "month"),
        ("Sept. 2018", date(2018, 9, 1), "month"),
        ("in June", date(2021, 6, 1), "month"),
        ("in December", date(2020, 12, 1), "month"),
        ("2011", date(2011, 1, 1), "year"),
        ("last year", date(2020, 1, 1), "year"),
        ("early August last year", date(2020, 8, 1), "month"),
        ("mid-March", date(2021, 3, 1), "month"),
        ("over the past five days", date(2021, 6, 5), "week"),
        ("the past two months", date(2021, 4, 11), "month"),
    ],
)
def test_parse(text: str, value: date, precision: str) -> None:
    got = timex.parse(text, PUB)
    assert got is not None and (got.value, got.precision) == (value, precision)


@pytest.mark.parametrize("text", ["the years", "the morning", "30-year-old", "recent"])
def test_unplaceable(text: str) -> None:
    assert timex.parse(text, PUB) is None


def test_relative_needs_a_publication_date() -> None:
    assert timex.parse("Thursday", None) is None
    assert timex.parse("March 2020", None) is not None
