"""The NIR value: accepted forms, the control key (Corsica included) and each refusal."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.nir import Nir, NirError, NirProblem

BODY = "1841276451089"  # a man born in December 1984


def _independent_key(body: str) -> str:
    """The key as the NIR specification defines it: 97 - (number mod 97), with Corsica's
    2A and 2B counted as 19 and 18. Written here, not taken from the code under test."""
    number = int(body.upper().replace("2A", "19").replace("2B", "18"))
    return f"{97 - number % 97:02d}"


def test_a_valid_nir_is_kept_as_its_fifteen_characters() -> None:
    nir = Nir.parse(BODY + _independent_key(BODY))
    assert nir.value == BODY + _independent_key(BODY)
    assert len(nir.value) == 15


@pytest.mark.parametrize(
    "typed",
    ["{v}", " {v} ", "{g}", "{g_dots}"],
    ids=["compact", "padded", "as-printed", "dots"],
)
def test_a_nir_is_accepted_as_typed_or_printed(typed: str) -> None:
    value = BODY + _independent_key(BODY)
    grouped = Nir(value).formatted()
    text = typed.format(v=value, g=grouped, g_dots=grouped.replace(" ", "."))
    assert Nir.parse(text).value == value


def test_formatted_groups_as_on_the_carte_vitale() -> None:
    nir = Nir.parse(BODY + _independent_key(BODY))
    assert nir.formatted().split(" ") == [
        "1",
        "84",
        "12",
        "76",
        "451",
        "089",
        _independent_key(BODY),
    ]
    assert Nir.parse(nir.formatted()) == nir


@pytest.mark.parametrize("body", ["255082A123456", "155082B654321", "255082a123456"])
def test_corsica_2a_2b_have_their_own_key(body: str) -> None:
    key = _independent_key(body)
    assert Nir.key_for(body.upper()) == key
    assert Nir.parse(body + key).value == body.upper() + key


@pytest.mark.parametrize("body", ["255082A123456", "155082B654321"])
def test_corsica_key_is_not_the_key_of_the_digits_alone(body: str) -> None:
    # Dropping the letter is a classic mistake: that key must be refused.
    as_digits = body.replace("A", "0").replace("B", "0")
    wrong = _independent_key(as_digits)
    assert wrong != _independent_key(body)
    with pytest.raises(NirError) as refused:
        Nir.parse(body + wrong)
    assert refused.value.problem is NirProblem.KEY


@settings(database=None, deadline=None, max_examples=200)
@given(
    sex=st.sampled_from("12"),
    rest=st.text(alphabet="0123456789", min_size=12, max_size=12),
    other=st.integers(min_value=1, max_value=97),
)
def test_only_the_right_key_is_accepted(sex: str, rest: str, other: int) -> None:
    body = sex + rest
    right = _independent_key(body)
    assert Nir.parse(body + right).value == body + right
    wrong = f"{other:02d}"
    if wrong != right:
        with pytest.raises(NirError) as refused:
            Nir.parse(body + wrong)
        assert refused.value.problem is NirProblem.KEY


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", NirProblem.EMPTY),
        ("   ", NirProblem.EMPTY),
        (BODY, NirProblem.LENGTH),
        (BODY + "1", NirProblem.LENGTH),
        (BODY + "123", NirProblem.LENGTH),
        ("X" + BODY[1:] + "00", NirProblem.FORMAT),
        (BODY[:5] + "2C" + BODY[7:] + "00", NirProblem.FORMAT),
    ],
    ids=["empty", "blank", "13-chars", "14-chars", "16-chars", "letter", "corsica-2C"],
)
def test_refusals_name_the_problem(text: str, problem: NirProblem) -> None:
    with pytest.raises(NirError) as refused:
        Nir.parse(text)
    assert refused.value.problem is problem


def test_no_digit_reaches_a_log_or_a_traceback() -> None:
    value = BODY + _independent_key(BODY)
    nir = Nir.parse(value)
    assert value not in repr(nir)
    assert BODY[:7] not in repr(nir)
    with pytest.raises(NirError) as refused:
        Nir.parse(BODY + "00")  # keys run from 01 to 97
    assert not any(ch.isdigit() for ch in str(refused.value))


def test_dashes_are_accepted_as_the_docstring_says() -> None:
    value = BODY + _independent_key(BODY)
    dashed = Nir(value).formatted().replace(" ", "-")
    assert Nir.parse(dashed).value == value
