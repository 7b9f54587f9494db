"""
Working days as the Provider Selection Regime counts them (regulation 2): every day but a Saturday, a
Sunday, Christmas Day, Good Friday, or a bank holiday in England and Wales, the substitute days
included. The bank holidays come from the `holidays` package, so a new year needs no code.
"""

import datetime
from functools import lru_cache

import holidays

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=32)
def _bank_holidays(year):
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def why_not_a_working_day(day):
    """What makes `day` no working day ("Saturday", "Christmas Day"), or "" for a working day."""
    if day.weekday() >= 5:
        return f"{day:%A}"
    return _bank_holidays(day.year).get(day, "")


def is_working_day(day):
    return not why_not_a_working_day(day)


def next_working_day(day):
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def working_days_after(day, count):
    """The `count`th working day after `day` (`day` itself not counted)."""
    found = 0
    while found < count:
        day += ONE_DAY
        if is_working_day(day):
            found += 1
    return day


def working_days_in(first, last):
    """How many working days there are from `first` to `last`, both included (0 if `last` is before `first`)."""
    count, day = 0, first
    while day <= last:
        count += is_working_day(day)
        day += ONE_DAY
    return count
