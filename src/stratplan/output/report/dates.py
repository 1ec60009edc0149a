"""Dates in words, in the report's language, from a table of month names (no locale is read)."""

from __future__ import annotations

import datetime as dt

MONTHS: dict[str, tuple[str, ...]] = {
    # Ukrainian dates name the month in the genitive: 31 січня 2024 р.
    "uk": ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня",
           "листопада", "грудня"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def date_in_words(value: dt.date, lang: str) -> str:
    """`31 січня 2024 р.` in Ukrainian, `31 January 2024` in English."""
    month = MONTHS[lang][value.month - 1]
    return f"{value.day} {month} {value.year} р." if lang == "uk" else f"{value.day} {month} {value.year}"
