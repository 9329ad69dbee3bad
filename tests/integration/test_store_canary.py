"""No patient datum and no key in clear on disk: a canary patient goes through the store.

A patient with an unmistakable name and a valid NIR is created and edited through
``PatientService``, searched for by name, birth date and INS, and its chart opened,
with the profile's log file at DEBUG. Every file of the profile (database, live WAL,
its index, key check, logs) is then searched for the name, the NIR as stored and as
printed, and the store key, with the WAL still live and again after the checkpoint.

Failure messages name the file and the kind of leak, never the secret itself.
"""

import asyncio
import dataclasses
import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import keyring
import pytest

from app.config import Config
from app.domain.nir import Nir
from app.log_setup import LogSetup
from app.services.patient_draft import PatientDraft
from app.services.patient_service import PatientService
from app.services.session import Session
from app.store.encrypted_store import EncryptedStore
from app.store.store_key import SERVICE, StoreKey

PROFILE = "canary"
FAMILY = "Zyxquorbel"
GIVEN = "Canaryname"
NIR_BODY = "1840375123456"  # a man born in March 1984
TODAY = date(2025, 6, 2)


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    """The profile's log folder, installed at DEBUG on the root logger for the test."""
    config = Config(profile=PROFILE, demo=False, data_root=tmp_path / "data")
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    LogSetup.install(config.log_dir, logging.DEBUG)
    try:
        yield config.log_dir
    finally:
        for handler in root.handlers:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)


def _needles(nir: Nir, key: bytes) -> dict[str, list[bytes]]:
    texts = {
        "family name": [FAMILY, FAMILY.lower(), FAMILY.upper()],
        "given name": [GIVEN, GIVEN.lower(), GIVEN.upper()],
        "NIR": [nir.value, nir.formatted(), nir.value[:13]],
        "key (hex)": [key.hex(), key.hex().upper()],
    }
    needles = {
        label: [t.encode(enc) for t in values for enc in ("utf-8", "utf-16-le")]
        for label, values in texts.items()
    }
    needles["key (raw)"] = [key]
    return needles


def _leaks(folders: list[Path], needles: dict[str, list[bytes]]) -> list[str]:
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            data = path.read_bytes()
            found += [
                f"{path.name}: {label}"
                for label, forms in needles.items()
                if any(form in data for form in forms)
            ]
    return found


def test_canary_patient_and_key_never_reach_the_disk_in_clear(
    tmp_path: Path, keyring_path: Path, log_dir: Path
) -> None:
    config = Config(profile=PROFILE, demo=False, data_root=tmp_path / "data")
    nir = Nir.parse(NIR_BODY + Nir.key_for(NIR_BODY))
    session = Session("Practitioner/canary-doctor", "Dr Test", "poste-1")

    async def use_the_store() -> EncryptedStore:
        store = await EncryptedStore.open(config.db_path, StoreKey(config.profile, config.db_path))
        try:
            service = PatientService(store, session, today=lambda: TODAY)
            draft = PatientDraft(
                family=FAMILY,
                given=GIVEN,
                birth_date="12/03/1984",
                gender="male",
                nir=nir.formatted(),
                phone="06 12 34 56 78",
            )
            patient, _ = await service.save(draft)
            edited = dataclasses.replace(PatientDraft.of(patient), email="canary@example.org")
            await service.save(edited, patient)
            searches = (FAMILY[:4], f"{FAMILY.lower()} {GIVEN[:3]}", "12/03/1984", "1 84 03 75")
            for i, text in enumerate(searches):
                found = await service.search(text)
                assert [p.id for p in found] == [patient.id], f"search n° {i}"
            opened = await service.open_chart(patient.id)
            assert opened is not None
            assert opened.email == "canary@example.org"
        except BaseException:
            await store.close()
            raise
        return store

    # The store stays open between the two event loops: its WAL is live while we look.
    store = asyncio.run(use_the_store())
    try:
        assert Path(f"{config.db_path}-wal").stat().st_size > 0
        leaks_with_live_wal = _leaks([config.profile_dir], _needles(nir, _key()))
    finally:
        asyncio.run(store.close())
    assert leaks_with_live_wal == []
    assert not Path(f"{config.db_path}-wal").exists()
    leaks_after_close = _leaks([config.profile_dir], _needles(nir, _key()))
    assert leaks_after_close == []
    # The log file did record (asyncio's DEBUG lines): it was live during the scenario.
    assert (log_dir / "cabinet.log").stat().st_size > 0


def _key() -> bytes:
    stored = keyring.get_password(SERVICE, f"store-key/{PROFILE}")
    assert stored is not None
    return bytes.fromhex(stored)
