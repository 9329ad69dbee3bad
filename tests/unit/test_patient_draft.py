"""The patient form's validation: every refusal names its field and its problem."""

import dataclasses
from datetime import date

import pytest

from app.domain.identifier_system import IdentifierSystem
from app.domain.nir import Nir
from app.domain.patient import Patient
from app.services.field_error import FieldError, FieldProblem, PatientInvalidError
from app.services.patient_draft import PatientDraft

TODAY = date(2025, 6, 2)


def _nir(body: str) -> str:
    return body + Nir.key_for(body)


MAN_1984_03 = _nir("1840375123456")
WOMAN_1990_05 = _nir("2900514123456")


def _draft(**fields: str) -> PatientDraft:
    """A valid draft (Jean Martin), with some fields typed differently."""
    return PatientDraft(
        family=fields.get("family", "Martin"),
        given=fields.get("given", "Jean"),
        birth_date=fields.get("birth_date", "12/03/1984"),
        gender=fields.get("gender", "male"),
        nir=fields.get("nir", MAN_1984_03),
        phone=fields.get("phone", ""),
        email=fields.get("email", ""),
    )


def _problems(draft: PatientDraft) -> list[FieldError]:
    with pytest.raises(PatientInvalidError) as refused:
        draft.validate(TODAY)
    return refused.value.errors


def test_a_valid_draft_gives_a_patient() -> None:
    patient = _draft(family="  de   la Fontaine ", given=" Jean  Paul ", phone=" 06 1 ").validate(
        TODAY
    )
    assert patient.family == "de la Fontaine"
    assert patient.given == "Jean Paul"
    assert patient.birth_date == date(1984, 3, 12)
    assert patient.ins == Nir.parse(MAN_1984_03)
    assert patient.phone == "06 1"
    assert patient.ins_system is IdentifierSystem.INS_NIR


@pytest.mark.parametrize("field", ["family", "given", "birth_date"])
@pytest.mark.parametrize("blank", ["", "   "])
def test_required_fields(field: str, blank: str) -> None:
    assert FieldError(field, FieldProblem.REQUIRED) in _problems(_draft(**{field: blank}))


@pytest.mark.parametrize("typed", ["1984-03-12", "31/02/1984", "12/13/1984", "12/03/84", "hier"])
def test_date_format(typed: str) -> None:
    assert _problems(_draft(birth_date=typed, nir="")) == [
        FieldError("birth_date", FieldProblem.DATE_FORMAT)
    ]


@pytest.mark.parametrize("typed", ["12.03.1984", "12-03-1984", " 12/3/1984 "])
def test_date_separators(typed: str) -> None:
    assert _draft(birth_date=typed).validate(TODAY).birth_date == date(1984, 3, 12)


def test_date_in_the_future() -> None:
    assert _problems(_draft(birth_date="03/06/2025", nir="")) == [
        FieldError("birth_date", FieldProblem.DATE_FUTURE)
    ]
    assert _draft(birth_date="02/06/2025", nir="").validate(TODAY).birth_date == TODAY


def test_a_blank_nir_is_no_nir() -> None:
    # NirProblem.EMPTY never reaches the form: a blank field means "no INS".
    assert _draft(nir="   ").validate(TODAY).ins is None


@pytest.mark.parametrize(
    ("nir", "problem"),
    [
        (MAN_1984_03[:-1], FieldProblem.NIR_LENGTH),
        (MAN_1984_03 + "1", FieldProblem.NIR_LENGTH),
        ("X" + MAN_1984_03[1:], FieldProblem.NIR_FORMAT),
        (MAN_1984_03[:-2] + "00", FieldProblem.NIR_KEY),
    ],
)
def test_nir_refusals(nir: str, problem: FieldProblem) -> None:
    assert _problems(_draft(nir=nir)) == [FieldError("nir", problem)]


@pytest.mark.parametrize(
    ("gender", "nir"),
    [("male", WOMAN_1990_05), ("female", MAN_1984_03)],
)
def test_nir_sex_mismatch(gender: str, nir: str) -> None:
    birth = "14/05/1990" if nir == WOMAN_1990_05 else "12/03/1984"
    assert _problems(_draft(gender=gender, nir=nir, birth_date=birth)) == [
        FieldError("nir", FieldProblem.NIR_SEX_MISMATCH)
    ]


@pytest.mark.parametrize("gender", ["other", "unknown"])
def test_no_sex_check_without_a_sex(gender: str) -> None:
    assert _draft(gender=gender).validate(TODAY).ins == Nir.parse(MAN_1984_03)


@pytest.mark.parametrize("birth", ["12/03/1985", "12/03/1974", "12/04/1984", "12/02/1984"])
def test_nir_birth_mismatch(birth: str) -> None:
    assert _problems(_draft(birth_date=birth)) == [
        FieldError("nir", FieldProblem.NIR_BIRTH_MISMATCH)
    ]


def test_the_nir_only_knows_the_year_within_its_century() -> None:
    # Two digits of year: 1984 and 2084 cannot be told apart, so both are coherent.
    patient = _draft(birth_date="12/03/2084").validate(date(2090, 1, 1))
    assert patient.birth_date == date(2084, 3, 12)


@pytest.mark.parametrize("month", ["20", "42", "99"])
def test_unknown_birth_month_in_the_nir_is_not_a_mismatch(month: str) -> None:
    nir = _nir(f"184{month}75123456")
    assert _draft(nir=nir, birth_date="12/07/1984").validate(TODAY).ins == Nir.parse(nir)


@pytest.mark.parametrize("email", ["jean@", "jean dupont@example.org", "jean@example", "@x.fr"])
def test_email_format(email: str) -> None:
    assert _problems(_draft(email=email)) == [FieldError("email", FieldProblem.EMAIL_FORMAT)]


def test_every_bad_field_is_reported_at_once() -> None:
    errors = _problems(
        _draft(family="", given="", birth_date="bientôt", nir=MAN_1984_03[:-1], email="nope")
    )
    assert {(e.field, e.problem) for e in errors} == {
        ("family", FieldProblem.REQUIRED),
        ("given", FieldProblem.REQUIRED),
        ("birth_date", FieldProblem.DATE_FORMAT),
        ("nir", FieldProblem.NIR_LENGTH),
        ("email", FieldProblem.EMAIL_FORMAT),
    }


def test_every_field_problem_can_be_produced_except_nir_empty() -> None:
    seen: set[FieldProblem] = set()
    drafts = [
        _draft(family=""),
        _draft(birth_date="x"),
        _draft(birth_date="01/01/2030", nir=""),
        _draft(nir=MAN_1984_03[:-1]),
        _draft(nir="X" + MAN_1984_03[1:]),
        _draft(nir=MAN_1984_03[:-2] + "00"),
        _draft(birth_date="12/03/1985"),
        _draft(gender="female"),
        _draft(email="x"),
    ]
    for draft in drafts:
        seen |= {e.problem for e in _problems(draft)}
    assert seen == set(FieldProblem)


def test_editing_keeps_the_id_and_the_source() -> None:
    base = _draft().validate(TODAY)
    base = Patient.from_fhir({**base.to_fhir(), "address": [{"city": "Lyon"}]})
    edited = dataclasses.replace(PatientDraft.of(base), given="Jean-Paul").validate(TODAY, base)
    assert edited.id == base.id
    assert edited.given == "Jean-Paul"
    assert edited.to_fhir()["address"] == [{"city": "Lyon"}]


def test_draft_of_a_patient_validates_back_to_it() -> None:
    patient = _draft(phone="06 12", email="jean@example.org").validate(TODAY)
    assert PatientDraft.of(patient).validate(TODAY, patient) == patient
