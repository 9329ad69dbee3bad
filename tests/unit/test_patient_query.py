"""Parsing what the user types in the patient search into names, a birth date and an INS."""

from datetime import date

import pytest

from app.domain.nir import Nir
from app.domain.patient_query import MIN_INS_DIGITS, PatientQuery

TODAY = date(2025, 6, 2)


def _parse(text: str) -> PatientQuery:
    return PatientQuery.parse(text, TODAY)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("dupont", ("dupont",)),
        ("Élo", ("Élo",)),
        ("martin jea", ("martin", "jea")),
        ("  martin   jea  ", ("martin", "jea")),
        ("jean-pierre", ("jean-pierre",)),
        ("A12", ("A12",)),
    ],
)
def test_words_are_name_tokens_as_typed(text: str, names: tuple[str, ...]) -> None:
    query = _parse(text)
    assert query.name_tokens == names
    assert query.birth_date is None
    assert query.ins_prefix is None


@pytest.mark.parametrize(
    ("text", "birth"),
    [
        ("12/03/1954", date(1954, 3, 12)),
        ("12.03.1954", date(1954, 3, 12)),
        ("12-03-1954", date(1954, 3, 12)),
        ("2/3/1954", date(1954, 3, 2)),
        ("1954-03-12", date(1954, 3, 12)),
        ("12/03/54", date(1954, 3, 12)),
        ("12/03/20", date(2020, 3, 12)),
        ("12/03/25", date(2025, 3, 12)),  # this year: still the recent century
        ("12/03/26", date(1926, 3, 12)),  # next year's would be the future
    ],
)
def test_dates_are_read_day_first(text: str, birth: date) -> None:
    query = _parse(text)
    assert query.birth_date == birth
    assert query.name_tokens == ()


def test_an_impossible_date_is_not_a_birth_date() -> None:
    query = _parse("31/02/2000")
    assert query.birth_date is None
    assert query.name_tokens == ("31/02/2000",)


def test_name_and_date_combine() -> None:
    query = _parse("dupont 12/03/1954")
    assert query.name_tokens == ("dupont",)
    assert query.birth_date == date(1954, 3, 12)


def test_only_the_first_date_is_the_birth_date() -> None:
    query = _parse("1954-03-12 12/03/1960")
    assert query.birth_date == date(1954, 3, 12)
    assert query.name_tokens == ("12/03/1960",)


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("1 84 12", "18412"),
        ("184127645108946", "184127645108946"),
        ("1 84 12 76 451 089 46", "184127645108946"),
        ("2 55 08", "25508"),
        ("255082A", "255082A"),
        ("255082a1", "255082A1"),
    ],
)
def test_digit_groups_make_an_ins_prefix(text: str, prefix: str) -> None:
    query = _parse(text)
    assert query.ins_prefix == prefix
    assert query.name_tokens == ()


def test_too_few_digits_are_no_ins() -> None:
    short = "1" * (MIN_INS_DIGITS - 1)
    query = _parse(short)
    assert query.ins_prefix is None
    assert query.is_empty
    assert _parse("1" * MIN_INS_DIGITS).ins_prefix == "1" * MIN_INS_DIGITS


def test_name_then_ins() -> None:
    query = _parse("dupont 1 84 12")
    assert query.name_tokens == ("dupont",)
    assert query.ins_prefix == "18412"


def test_empty_text_is_an_empty_query() -> None:
    assert _parse("").is_empty
    assert _parse("   ").is_empty
    assert not _parse("a").is_empty


def test_a_corsican_ins_typed_as_printed_is_an_ins_prefix() -> None:
    body = "255082A123456"
    printed = Nir(body + Nir.key_for(body)).formatted()
    query = _parse(printed)
    assert query.name_tokens == ()
    assert query.ins_prefix == body + Nir.key_for(body)
