"""Dates of the edition: the EDTF subset the data package allows, read into first and last days.

``events.csv`` dates an event as a day, month or year (``1989-03-05``, ``1989-03``, ``1989``), an
interval of two of these (``1988-05/1989-02``), optionally followed by ``?`` (uncertain) or ``~``
(approximate). Open intervals (``..``) are not allowed: every event of the chronology has both ends.
The data package's pattern and :func:`edtf_bounds` accept exactly the same forms.
"""

from __future__ import annotations

import calendar
import re

PART = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
EDTF = re.compile(rf"^(?P<first>{PART})(?:/(?P<last>{PART}))?(?P<qualifier>[?~])?$")


def _day(part: str, *, last: bool) -> str:
    pieces = [int(p) for p in part.split("-")]
    year = pieces[0]
    month = pieces[1] if len(pieces) > 1 else (12 if last else 1)
    if not 1 <= month <= 12:
        raise ValueError(f"month {month:02d} does not exist")
    days = calendar.monthrange(year, month)[1]
    day = pieces[2] if len(pieces) > 2 else (days if last else 1)
    if not 1 <= day <= days:
        raise ValueError(f"day {day:02d} does not exist in {year}-{month:02d}")
    return f"{year:04d}-{month:02d}-{day:02d}"


def edtf_bounds(date: str) -> tuple[str, str]:
    """First and last day of an EDTF date or interval (``1989-03`` → 1989-03-01 … 1989-03-31).

    A ValueError says what is wrong with a date outside the allowed forms."""
    match = EDTF.match(date)
    if not match:
        raise ValueError(
            f"{date!r} is not a date the edition allows (YYYY, YYYY-MM or YYYY-MM-DD, or two of "
            f"these joined by '/', optionally followed by '?' or '~'; no open intervals)"
        )
    start = _day(match["first"], last=False)
    end = _day(match["last"] or match["first"], last=True)
    if end < start:
        raise ValueError(f"{date!r} ends ({end}) before it begins ({start})")
    return start, end


def date_words(date: str) -> str:
    """An EDTF date as a reader writes it: ``1989-03-05`` → 5 March 1989, ``1988-05/1989-02`` → May 1988 –
    February 1989; ``?`` adds "(uncertain)", ``~`` "about"."""
    match = EDTF.match(date)
    if not match:
        return date

    def words(part: str) -> str:
        pieces = [int(p) for p in part.split("-")]
        if len(pieces) == 1:
            return str(pieces[0])
        month = calendar.month_name[pieces[1]]
        return f"{pieces[2]} {month} {pieces[0]}" if len(pieces) == 3 else f"{month} {pieces[0]}"

    text = words(match["first"]) + (f" – {words(match['last'])}" if match["last"] else "")
    if match["qualifier"] == "~":
        text = f"about {text}"
    elif match["qualifier"] == "?":
        text = f"{text} (uncertain)"
    return text
