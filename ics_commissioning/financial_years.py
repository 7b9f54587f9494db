"""NHS financial years, April to March, named by their first year: 2026 is 2026/27."""

import datetime


def financial_year_of(day):
    return day.year if day.month >= 4 else day.year - 1


def bounds(year):
    """Its first and last day."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def short_name(year):
    return f"{year}/{str(year + 1)[-2:]}"
