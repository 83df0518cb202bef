"""Read time expressions ("Thursday", "since March 2020", "over the past five days") as dates.

Relative expressions are anchored on the report's publication date. Each value keeps
its precision (day, week, month, year) so that nothing looks more exact than the text.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from kg.records import Precision, TimeValue

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "a": 1, "few": 3, "several": 3}
_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30}


def parse(text: str, published: date | None) -> TimeValue | None:
    """The date a time expression denotes, or None when it cannot be placed."""
    t = text.lower().strip()
    for reader in (_absolute_day, _month_year, _year, _relative):
        value = reader(t, published)
        if value is not None:
            return value
    return None


def _month_number(word: str) -> int | None:
    """1-12 for a month name or its abbreviation (Mar, Sept), else None."""
    for i, name in enumerate(MONTHS):
        if len(word) >= 3 and name.startswith(word.rstrip(".")):
            return i + 1
    return None


def _absolute_day(t: str, published: date | None) -> TimeValue | None:
    m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)? ([a-z]+),? (\d{4})\b", t) or \
        re.search(r"\b([a-z]+) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b", t)
    if m is None:
        return None
    a, b, year = m.groups()
    day, month = (a, b) if a.isdigit() else (b, a)
    month_no = _month_number(month)
    if month_no is None:
        return None
    try:
        return TimeValue(date(int(year), month_no, int(day)), "day")
    except ValueError:
        return None


def _month_year(t: str, published: date | None) -> TimeValue | None:
    m = re.search(r"\b([a-z]+\.?),? (\d{4})\b", t)
    month_no = _month_number(m.group(1)) if m else None
    if m and month_no:
        return TimeValue(date(int(m.group(2)), month_no, 1), "month")
    named = [w for w in re.findall(r"[a-z]+", t) if w in MONTHS]  # "last March", "early August last year"
    if published and named:
        month_no = MONTHS.index(named[0]) + 1
        year = published.year if month_no <= published.month else published.year - 1
        if re.search(r"\b(?:last|previous) year\b", t):
            year = published.year - 1
        return TimeValue(date(year, month_no, 1), "month")
    return None


def _year(t: str, published: date | None) -> TimeValue | None:
    m = re.fullmatch(r"(?:in |since |the year |early |late |mid-?)?(\d{4})s?", t)
    if m and 1900 <= int(m.group(1)) <= 2100:
        return TimeValue(date(int(m.group(1)), 1, 1), "year")
    if published and re.fullmatch(r"(?:in |since |early |late )?(?:last|the previous) year", t):
        return TimeValue(date(published.year - 1, 1, 1), "year")
    return None


def _relative(t: str, published: date | None) -> TimeValue | None:
    if published is None:
        return None
    for i, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", t):
            back = (published.weekday() - i) % 7
            if "last" in t.split() and back == 0:
                back = 7
            return TimeValue(published - timedelta(days=back), "day")
    if re.search(r"\b(today|tonight|this morning|this evening)\b", t):
        return TimeValue(published, "day")
    if re.search(r"\b(yesterday|last night)\b", t):
        return TimeValue(published - timedelta(days=1), "day")
    return _span_back(t, published)


def _span_back(t: str, published: date) -> TimeValue | None:
    m = re.search(r"\b(?:past|last|previous|recent)\s+(?:(\w+)\s+)?(days?|weeks?|months?)\b", t)
    if m is None:
        if re.search(r"\b(this|last|past) week\b", t):
            return TimeValue(published - timedelta(days=7), "week", published)
        return None
    count = _NUMBERS.get(m.group(1) or "one") or (int(m.group(1)) if (m.group(1) or "").isdigit() else 1)
    days = count * _UNITS[m.group(2)]
    precision: Precision = "week" if days <= 14 else "month" if days <= 62 else "year"
    return TimeValue(published - timedelta(days=days), precision, published)
