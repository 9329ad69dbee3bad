"""Dates written the way the current interface language writes them."""

from datetime import date

from PySide6.QtCore import QDate, QLocale


class DateText:
    """Short (07/03/1962) and long (7 mars 1962) forms in the default locale."""

    @staticmethod
    def short(d: date) -> str:
        return QLocale().toString(QDate(d.year, d.month, d.day), "dd/MM/yyyy")

    @staticmethod
    def long(d: date) -> str:
        return QLocale().toString(QDate(d.year, d.month, d.day), QLocale.FormatType.LongFormat)
