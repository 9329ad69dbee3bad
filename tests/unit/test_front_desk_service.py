"""FrontDeskService over the real encrypted store and a fake reader: read, match, create."""

import dataclasses
from datetime import date

import pytest

from app.audit.audit_entry import AuditAction
from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_kind import CardKind
from app.domain.card_reader_state import CardReaderState
from app.domain.card_slot import CardSlot
from app.domain.identifier_system import IdentifierSystem
from app.domain.nir import Nir
from app.domain.vitale_beneficiary import VitaleBeneficiary
from app.services.front_desk_service import VITALE_READ_ENTITY, FrontDeskService
from app.services.patient_draft import PatientDraft
from app.services.patient_service import PatientService
from app.services.session import Session
from app.store.encrypted_store import EncryptedStore
from tests.fakes.fake_card_reader import FakeCardReader
from tests.helpers.keyring_fixtures import keyring_path
from tests.helpers.store_fixtures import store

__all__ = ["keyring_path", "store"]

TODAY = date(2025, 6, 2)
SESSION = Session("Practitioner/accueil", "Accueil", "poste-accueil")


def _nir(body: str) -> str:
    return body + Nir.key_for(body)


JEAN = VitaleBeneficiary(1, "MARTIN", "JEAN", "19840312", _nir("1840375123456"), True)
LEA = VitaleBeneficiary(2, "MARTIN", "LEA", "20120507", _nir("2120575123789"), True)


def _desk(store: EncryptedStore, reader: FakeCardReader | None = None) -> FrontDeskService:
    return FrontDeskService(store, reader or FakeCardReader(), SESSION, today=lambda: TODAY)


async def _save(store: EncryptedStore, draft: PatientDraft) -> str:
    patient, _ = await PatientService(store, SESSION, today=lambda: TODAY).save(draft)
    return patient.id


# -- read_card ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_read_card_reads_the_first_vitale_and_audits_it(store: EncryptedStore) -> None:
    reader = FakeCardReader(
        CardReaderState(
            service=True,
            slots=(
                CardSlot("Lecteur 0", CardKind.CPS3_CONTACT, 1),
                CardSlot("Lecteur 1", CardKind.VITALE_2, 2),
            ),
        )
    )
    reader.vitale["Lecteur 1"] = (JEAN, LEA)
    assert await _desk(store, reader).read_card() == (JEAN, LEA)
    assert reader.opened == ["Lecteur 1"]
    [entry] = await store.audit_entries()
    assert (entry.who, entry.action, entry.entity, entry.outcome) == (
        SESSION.practitioner_ref,
        AuditAction.READ,
        VITALE_READ_ENTITY,
        "0",
    )


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        (CardReaderState.unknown(), CardErrorReason.NO_SERVICE),
        (CardReaderState(service=True), CardErrorReason.NO_READER),
        (CardReaderState(service=True, slots=(CardSlot("L0", None),)), CardErrorReason.NO_CARD),
        (
            CardReaderState(service=True, slots=(CardSlot("L0", CardKind.CPS4, 1),)),
            CardErrorReason.NOT_VITALE,
        ),
        (
            CardReaderState(service=True, slots=(CardSlot("L0", CardKind.UNKNOWN, 1),)),
            CardErrorReason.UNKNOWN_CARD,
        ),
        (
            CardReaderState(service=True, slots=(CardSlot("L0", CardKind.VITALE_1, 1),)),
            CardErrorReason.VITALE_1,
        ),
    ],
)
@pytest.mark.asyncio
async def test_read_card_says_why_it_cannot(
    store: EncryptedStore, state: CardReaderState, reason: CardErrorReason
) -> None:
    reader = FakeCardReader(state)
    with pytest.raises(CardError) as caught:
        await _desk(store, reader).read_card()
    assert caught.value.reason is reason
    assert reader.opened == []


@pytest.mark.asyncio
async def test_a_failed_read_is_audited_as_a_failure(store: EncryptedStore) -> None:
    reader = FakeCardReader(
        CardReaderState(service=True, slots=(CardSlot("L0", CardKind.VITALE_2, 1),))
    )
    reader.vitale["L0"] = CardError(CardErrorReason.REMOVED)
    with pytest.raises(CardError) as caught:
        await _desk(store, reader).read_card()
    assert caught.value.reason is CardErrorReason.REMOVED
    assert [e.outcome for e in await store.audit_entries()] == ["4"]


# -- match -------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_the_nir_with_the_same_birth_date_is_the_match(store: EncryptedStore) -> None:
    jean = await _save(store, PatientDraft("Martin", "Jean", "12/03/1984", "male", JEAN.nir))
    namesake = await _save(store, PatientDraft("Martin", "Jean-Louis", "12/03/1984", "male"))
    await _save(store, PatientDraft("Martin", "Jeanne", "30/09/1952", "female"))
    before = len(await store.audit_entries())

    found = await _desk(store).match(JEAN)
    assert found.beneficiary is JEAN
    assert found.patient is not None and found.patient.id == jean
    assert [p.id for p in found.candidates] == [namesake]
    entries = await store.audit_entries()
    assert len(entries) == before + 1
    assert (entries[-1].action, entries[-1].entity) == (AuditAction.READ, f"Patient/{jean}")


@pytest.mark.asyncio
async def test_a_nir_under_another_ins_system_matches_too(store: EncryptedStore) -> None:
    jean = await _save(
        store,
        PatientDraft(
            "Martin", "Jean", "12/03/1984", "male", JEAN.nir, IdentifierSystem.INS_NIR_DEMO
        ),
    )
    found = await _desk(store).match(JEAN)
    assert found.patient is not None and found.patient.id == jean


@pytest.mark.asyncio
async def test_a_nir_with_another_birth_date_is_only_a_candidate(store: EncryptedStore) -> None:
    # The NIR says March 1984; the stored day differs: identity vigilance decides.
    other_day = await _save(store, PatientDraft("Martin", "Jean", "21/03/1984", "male", JEAN.nir))
    before = len(await store.audit_entries())
    found = await _desk(store).match(JEAN)
    assert found.patient is None
    assert [p.id for p in found.candidates] == [other_day]
    assert len(await store.audit_entries()) == before  # nothing opened, nothing audited


@pytest.mark.asyncio
async def test_two_patients_with_one_nir_are_both_candidates(store: EncryptedStore) -> None:
    first = await _save(store, PatientDraft("Martin", "Jean", "12/03/1984", "male", JEAN.nir))
    second = await _save(store, PatientDraft("Martin", "Jean", "12/03/1984", "male", JEAN.nir))
    found = await _desk(store).match(JEAN)
    assert found.patient is None
    assert {p.id for p in found.candidates} == {first, second}


@pytest.mark.asyncio
async def test_nobody_yet(store: EncryptedStore) -> None:
    await _save(store, PatientDraft("Martinez", "Jean", "12/03/1984", "male"))
    found = await _desk(store).match(JEAN)
    assert found.patient is None and found.candidates == ()


# -- create_patient ----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_create_patient_from_the_card(store: EncryptedStore) -> None:
    patient, changes = await _desk(store).create_patient(LEA, IdentifierSystem.INS_NIR_TEST)
    assert changes.refs == frozenset({patient.reference})
    stored = await store.read("Patient", patient.id)
    assert stored is not None
    assert stored["birthDate"] == "2012-05-07"
    assert stored["gender"] == "female"
    assert stored["name"][0] == {"use": "official", "family": "MARTIN", "given": ["LEA"]}
    [ins] = stored["identifier"]
    assert ins["system"] == IdentifierSystem.INS_NIR_TEST.value
    assert ins["value"] == LEA.nir
    assert ins["type"]["coding"][0]["code"] == "INS-NIR-TEST"
    entries = await store.audit_entries()
    assert (entries[-1].action, entries[-1].entity) == (AuditAction.CREATE, patient.reference)
    found = await _desk(store).match(LEA)
    assert found.patient is not None and found.patient.id == patient.id


@pytest.mark.asyncio
async def test_sex_comes_from_the_nir(store: EncryptedStore) -> None:
    patient, _ = await _desk(store).create_patient(JEAN, IdentifierSystem.INS_NIR)
    assert patient.gender == "male"


@pytest.mark.asyncio
async def test_a_wrong_nir_key_is_refused_and_nothing_stored(store: EncryptedStore) -> None:
    wrong_key = JEAN.nir[:13] + f"{(int(JEAN.nir[13:]) + 1) % 97 or 97:02d}"
    for beneficiary in (
        dataclasses.replace(JEAN, nir_key_valid=False),
        dataclasses.replace(JEAN, nir=wrong_key),
    ):
        with pytest.raises(ValueError, match="key"):
            await _desk(store).create_patient(beneficiary, IdentifierSystem.INS_NIR)
    assert await store.count("Patient") == 0
    assert await store.audit_entries() == []


@pytest.mark.asyncio
async def test_only_nir_systems_take_a_card_nir(store: EncryptedStore) -> None:
    with pytest.raises(ValueError, match="INS-NIR"):
        await _desk(store).create_patient(JEAN, IdentifierSystem.INS_NIA)


@pytest.mark.asyncio
async def test_a_birth_date_inconsistent_with_the_nir_is_refused(store: EncryptedStore) -> None:
    with pytest.raises(ValueError, match="nir"):
        await _desk(store).create_patient(
            dataclasses.replace(JEAN, birth_date_text="19850312"), IdentifierSystem.INS_NIR
        )


@pytest.mark.asyncio
async def test_a_lunar_birth_date_keeps_what_is_real_of_it(store: EncryptedStore) -> None:
    lunar = dataclasses.replace(JEAN, birth_date_text="19840300")
    assert lunar.birth_date is None
    patient, _ = await _desk(store).create_patient(lunar, IdentifierSystem.INS_NIR)
    stored = await store.read("Patient", patient.id)
    assert stored is not None and stored["birthDate"] == "1984-03"
    found = await _desk(store).match(lunar)
    assert found.patient is not None and found.patient.id == patient.id
