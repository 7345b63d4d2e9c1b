"""Dates as Sourcegraph reads them in `before:`, `after:` and `repo:has.commit.after()`.

`parse_git_date(text, now)` tries the forms of Sourcegraph's `query.ParseGitDate`, in its order:

    1632782809 [+0100]              git's internal format (see below for the zone)
    2025-04-07                      midnight UTC
    2025-04-07T10:00:00Z            RFC 3339, also without a zone (UTC) or with a space for T
    Thu, 07 Apr 2005 22:13:13 +0200 RFC 2822
    2025.04.07  4/7/2025  7.4.2025  YYYY.MM.DD, M/D/YYYY, D.M.YYYY
    april 7 2025  7 april 2025      month names, full or three letters
    yesterday, 3 days ago, ...      human dates (below)

Human dates follow the grammar of the natural-date parser Sourcegraph uses
(`tj/go-naturaldate` 1.3): `N minutes|hours ago` are exact; `N days|weeks|months|years ago`,
`today`, `yesterday` and `last <weekday>` are midnight of that day; `last year` is 1 January;
`last <month>` is the first of that month; `3pm`, `15:30` and `yesterday at 10am` set the time.
`N` is digits or one to ten. Two small additions, for what learners type from git's own docs:
`a`/`an` for one (`a week ago`), and `last week` / `last month` for one week or month ago.

Every result is in UTC. Two of Sourcegraph's quirks are kept, so the practice engine answers
as the real one does: a unix time with a zone reads its UTC wall clock in that zone
(`1632782809 +0100` is 21:46:49 UTC, an hour before the instant), and a date that resolves to
`now` itself (`now`, or `today` at midnight) is rejected.

`time_ago(then, now)` renders an age the way Sourcegraph's commit results do ("3 days ago").
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Final

from kit.errors import QuerySyntaxError

_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS: Final = {
    w: n
    for n, w in enumerate(
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), start=1
    )
} | {"a": 1, "an": 1}

_INTERNAL = re.compile(r"(\d{5,})(?: ([+-])(\d{2})(\d{2}))?")
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:([T ])(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?"
)
_RFC2822 = re.compile(
    r"[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})"
)
_DOTTED_YMD = re.compile(r"(\d{4})\.(\d{2})\.(\d{2})")
_SLASHED_MDY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DOTTED_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]{3,9})\s+(\d{1,2}),?\s+(\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9}),?\s+(\d{4})")

_NUMBER = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|an?)"
_CLOCK = r"(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?\s*(am|pm)?"
_AGO = re.compile(rf"{_NUMBER} (minute|hour|day|week|month|year)s? (ago|from now|from today)")
_DAY_WORD = re.compile(
    rf"(today|yesterday|(?:last|past|previous|next) (?:{'|'.join(_WEEKDAYS)}))(?: (?:at )?{_CLOCK})?"
)
_LAST_UNIT = re.compile(r"(last|past|previous|next) (week|month|year)")
_LAST_MONTH_NAME = re.compile(r"(last|past|previous|next) ([a-z]+)")
_TIME_OF_DAY = re.compile(_CLOCK)


def parse_git_date(text: str, now: datetime) -> datetime:
    """Parse a `before:`/`after:` value relative to `now`; return it in UTC.

    Raises QuerySyntaxError, naming the value and the accepted forms, when it is not a date."""
    now = now.astimezone(UTC)
    value = text.strip()
    for parse in (_internal, _absolute):
        found = parse(value)
        if found is not None:
            return found
    found = _human(" ".join(value.lower().split()), now)
    if found is not None and found != now:
        return found
    raise QuerySyntaxError(
        f"invalid date format {text!r}: write a date like 2025-04-07, 2025-04-07T10:00:00Z "
        'or a unix time, or a relative one like "3 days ago" or yesterday'
    )


def time_ago(then: datetime, now: datetime) -> str:
    """How long before `now` `then` was, as Sourcegraph's commit results say it ("3 days ago")."""
    seconds = (now - then).total_seconds()
    suffix = " ago" if seconds >= 0 else ""
    prefix = "" if seconds >= 0 else "in "
    seconds = abs(seconds)
    periods = (
        (1, "about a second", "{} seconds"),
        (60, "about a minute", "{} minutes"),
        (3600, "about an hour", "{} hours"),
        (86400, "one day", "{} days"),
        (30 * 86400, "one month", "{} months"),
        (365 * 86400, "one year", "{} years"),
    )
    text = "about a second"
    for index, (size, one, many) in enumerate(periods):
        following = periods[index + 1][0] if index + 1 < len(periods) else None
        if following is not None and seconds >= following:
            continue
        count = int(seconds / size + 0.5)
        if following is not None and count == int(following / size + 0.5):
            continue  # 23.6 hours is "one day", not "24 hours"
        text = one if count <= 1 else many.format(count)
        break
    return f"{prefix}{text}{suffix}"


def _internal(value: str) -> datetime | None:
    match = _INTERNAL.fullmatch(value)
    if match is None:
        return None
    wall = datetime.fromtimestamp(int(match[1]), UTC)
    if match[2] is None:
        return wall
    offset = timedelta(hours=int(match[3]), minutes=int(match[4]))
    zone = timezone(-offset if match[2] == "-" else offset)
    return wall.replace(tzinfo=zone).astimezone(UTC)


def _absolute(value: str) -> datetime | None:
    """The fixed formats, tried in Sourcegraph's order; None if none fits."""
    try:
        if match := _ISO.fullmatch(value):
            return _iso(match)
        if match := _RFC2822.fullmatch(value):
            day, month, year, hour, minute, second, sign, zh, zm = match.groups()
            offset = timedelta(hours=int(zh), minutes=int(zm))
            zone = timezone(-offset if sign == "-" else offset)
            moment = datetime(
                int(year), _month(month), int(day), int(hour), int(minute), int(second), 0, zone
            )
            return moment.astimezone(UTC)
        if match := _DOTTED_YMD.fullmatch(value):
            return datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
        if match := _SLASHED_MDY.fullmatch(value):
            return datetime(int(match[3]), int(match[1]), int(match[2]), tzinfo=UTC)
        if match := _DOTTED_DMY.fullmatch(value):
            return datetime(int(match[3]), int(match[2]), int(match[1]), tzinfo=UTC)
        if match := _MONTH_DAY_YEAR.search(value):
            return datetime(int(match[3]), _month(match[1]), int(match[2]), tzinfo=UTC)
        if match := _DAY_MONTH_YEAR.search(value):
            return datetime(int(match[3]), _month(match[2]), int(match[1]), tzinfo=UTC)
    except (KeyError, ValueError):  # an unknown month name, or 2025-02-30
        return None
    return None


def _iso(match: re.Match[str]) -> datetime:
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    if match[4] is None:
        return datetime(year, month, day, tzinfo=UTC)
    fraction = match[8] or ""
    micro = int((fraction[1:] + "000000")[:6]) if fraction else 0
    zone: timezone = UTC
    if match[9] and match[9] != "Z":
        hours, minutes = match[9][1:].split(":")
        offset = timedelta(hours=int(hours), minutes=int(minutes))
        zone = timezone(-offset if match[9][0] == "-" else offset)
    clock = (int(match[5]), int(match[6]), int(match[7]), micro)
    return datetime(year, month, day, *clock, tzinfo=zone).astimezone(UTC)


def _month(name: str) -> int:
    return _MONTHS[name.lower()]


def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _human(value: str, now: datetime) -> datetime | None:
    """The natural-date grammar; None if `value` is not in it."""
    if value == "now":
        return now
    if match := _AGO.fullmatch(value):
        return _relative(match[1], match[2], now, past=match[3] == "ago")
    if match := _DAY_WORD.fullmatch(value):
        day = _named_day(match[1], now)
        return day if match[2] is None else _at_clock(day, match.groups()[1:])
    if match := _LAST_UNIT.fullmatch(value):
        if match[2] == "year":
            year = now.year + (1 if match[1] == "next" else -1)
            return datetime(year, 1, 1, tzinfo=UTC)
        return _relative("1", match[2], now, past=match[1] != "next")
    if (match := _LAST_MONTH_NAME.fullmatch(value)) and match[2] in _MONTHS:
        month = _MONTHS[match[2]]
        if match[1] == "next":
            year = now.year + (1 if month <= now.month else 0)
        else:
            year = now.year - (1 if month >= now.month else 0)
        return datetime(year, month, 1, tzinfo=UTC)
    if match := _TIME_OF_DAY.fullmatch(value):
        return _at_clock(now, match.groups())
    return None


def _relative(count_word: str, unit: str, now: datetime, *, past: bool) -> datetime | None:
    count = int(count_word) if count_word.isdigit() else _NUMBERS[count_word]
    sign = -1 if past else 1
    if unit in ("minute", "hour"):
        return now + sign * timedelta(**{f"{unit}s": count})
    if unit in ("day", "week"):
        return _midnight(now + sign * timedelta(**{f"{unit}s": count}))
    months = sign * count * (12 if unit == "year" else 1)
    index = now.year * 12 + now.month - 1 + months
    year, month = divmod(index, 12)
    try:
        return _midnight(now.replace(year=year, month=month + 1))
    except ValueError:  # 31 March minus one month: Go normalizes to 3 March
        overflow = now.day - 28
        return _midnight(now.replace(year=year, month=month + 1, day=28) + timedelta(overflow))


def _named_day(word: str, now: datetime) -> datetime:
    if word == "today":
        return _midnight(now)
    if word == "yesterday":
        return _midnight(now - timedelta(days=1))
    direction, name = word.split(" ")
    target = _WEEKDAYS.index(name)
    if direction == "next":
        ahead = (target - now.weekday()) % 7 or 7
        return _midnight(now + timedelta(days=ahead))
    back = (now.weekday() - target) % 7 or 7
    return _midnight(now - timedelta(days=back))


def _at_clock(day: datetime, parts: tuple[str | None, ...]) -> datetime | None:
    hour_text, minute_text, second_text, meridiem = parts[:4]
    if hour_text is None:
        return None
    hour = int(hour_text)
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    try:
        return day.replace(
            hour=hour,
            minute=int(minute_text or 0),
            second=int(second_text or 0),
            microsecond=0,
        )
    except ValueError:
        return None
