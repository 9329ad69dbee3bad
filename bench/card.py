"""Card login, Carte Vitale reading and the lock on removal, over real pcscd + vpcd.

Run from the repository root as root (the private pcscd needs a mount namespace):
``python -m bench.card [--rounds N]``.

Everything goes the way the workstation goes: PcscCardReader → pyscard → pcscd → the
vpcd driver → the card simulator; the login signs the challenge of the real backend
(``python -m backend`` with the TEST CA as trust anchor) into the real encrypted store.
In the same run:

- ``roundtrip_ms``: the baseline, one SELECT through plain pyscard on an open
  connection (median): what one command costs on this machine's PC/SC path;
- ``cps_login_ms``: from « a CPS is in the reader » to a session: open the card
  (SELECT, certificate, PIN counter), one VERIFY, the server's challenge signed by the
  card, the server's token, the session (median; ``cps_login_apdus`` commands);
- ``vitale_read_ms``: the holders of a three-holder Vitale 2 (median;
  ``vitale_read_apdus`` commands);
- ``lock_on_removal_ms``: from the card leaving the reader to the workstation lock
  (median; the goal is under 2,000 ms);
- ``*_vs_roundtrip``: the ratios, which compare across machines where times do not.

The last line of stdout is the JSON object; progress goes to stderr.
"""

import argparse
import asyncio
import json
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from smartcard import scard

from app.domain.card_kind import CardKind
from app.domain.workstation_lock_reason import WorkstationLockReason
from app.services.login_service import LoginService
from app.services.workstation_lock import WorkstationLock
from app.store.demo_key_file import DemoKeyFile
from app.store.encrypted_store import EncryptedStore
from cardreader.cps_layout import CpsLayout
from cardreader.pcsc_card_reader import PcscCardReader
from cardreader.simulator.card_simulator import CardSimulator
from cardreader.simulator.cps_card import CpsCard
from cardreader.simulator.simulated_beneficiary import SimulatedBeneficiary
from cardreader.simulator.test_pki import CA_CERTIFICATE_FILE, DEFAULT_ID_NAT_PS, TestPki
from cardreader.simulator.vitale_card import VitaleCard
from sync.cps_backend_login import CpsBackendLogin
from sync.embedded_backend import EmbeddedBackend
from tests.helpers.pcsc_daemon import PcscDaemon
from tests.helpers.reader_watch import ReaderWatch

CPS_READER = "Virtual PCD 00 00"
VITALE_READER = "Virtual PCD 00 01"
PIN = "1234"


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def roundtrip_ms(rounds: int) -> float:
    """The baseline: SELECT of the IAS application on an open plain-pyscard connection."""
    _, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    _, handle, protocol = scard.SCardConnect(
        context,
        CPS_READER,
        scard.SCARD_SHARE_SHARED,
        scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
    )
    select = [0x00, 0xA4, 0x04, 0x0C, len(CpsLayout.IAS_AID), *CpsLayout.IAS_AID]
    times = []
    for _ in range(rounds * 10):
        started = time.perf_counter()
        hresult, answer = scard.SCardTransmit(handle, protocol, select)
        times.append((time.perf_counter() - started) * 1000)
        if hresult != scard.SCARD_S_SUCCESS or answer[-2:] != [0x90, 0x00]:
            raise RuntimeError("baseline SELECT failed")
    scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
    scard.SCardReleaseContext(context)
    return statistics.median(times)


async def measure(rounds: int, work: Path, simulator: CardSimulator) -> dict[str, Any]:
    _pki, authentication, signature = TestPki.create_into(
        work / "pki", DEFAULT_ID_NAT_PS, "LEFÈVRE", "Claire"
    )
    backend = EmbeddedBackend(
        db_path=work / "backend.db",
        db_key=secrets.token_bytes(32),
        practitioner="Practitioner/bench",
        display="bench",
        log_path=work / "backend.log",
        cps_trust_anchors=work / "pki" / CA_CERTIFICATE_FILE,
    )
    await backend.start()
    store = await EncryptedStore.open(
        work / "store.db", DemoKeyFile(work / "store.key", work / "store.db")
    )
    cards = PcscCardReader()
    watch = ReaderWatch(cards)
    await cards.start()
    gateway = CpsBackendLogin(lambda: backend.base_url)
    service = LoginService(store, cards, gateway, "bench")
    cps_reader, vitale_reader = simulator.reader(0), simulator.reader(1)
    result: dict[str, Any] = {}
    try:
        cps_reader.insert(CpsCard(CardKind.CPS3_CONTACT, authentication, signature))
        await watch.until(ReaderWatch.kind_in(CPS_READER, CardKind.CPS3_CONTACT), 10)
        result["roundtrip_ms"] = round(await asyncio.to_thread(roundtrip_ms, rounds), 3)
        progress(f"baseline round trip: {result['roundtrip_ms']} ms")

        cps_reader.remove()
        await watch.until(ReaderWatch.kind_in(CPS_READER, None), 10)
        logins, removals = [], []
        for _ in range(rounds):
            cps_reader.insert(CpsCard(CardKind.CPS3_CONTACT, authentication, signature))
            await watch.until(ReaderWatch.kind_in(CPS_READER, CardKind.CPS3_CONTACT), 10)
            started = time.perf_counter()
            card = await service.open_card()
            outcome = await service.login(card, PIN)
            logins.append((time.perf_counter() - started) * 1000)
            if not outcome.online:
                raise RuntimeError("the bench login went offline: is the backend up?")
            result["cps_login_apdus"] = len(cps_reader.received_commands())

            lock = WorkstationLock()
            lock.unlocked(outcome)
            locked = asyncio.Event()
            cards.on_state_change(lock.card_state_changed)
            lock.on_change(_set_on_lock(locked))
            started = time.perf_counter()
            cps_reader.remove()
            await asyncio.wait_for(locked.wait(), 10)
            removals.append((time.perf_counter() - started) * 1000)
            if lock.reason is not WorkstationLockReason.CARD_REMOVED:
                raise RuntimeError("locked for another reason")
            await card.close()
        result["cps_login_ms"] = round(statistics.median(logins), 1)
        result["lock_on_removal_ms"] = round(statistics.median(removals), 1)
        progress(f"login {result['cps_login_ms']} ms, lock {result['lock_on_removal_ms']} ms")

        reads = []
        for _ in range(rounds):
            vitale_reader.insert(VitaleCard(SimulatedBeneficiary.samples(3)))
            await watch.until(ReaderWatch.kind_in(VITALE_READER, CardKind.VITALE_2), 10)
            started = time.perf_counter()
            holders = await cards.read_vitale(VITALE_READER)
            reads.append((time.perf_counter() - started) * 1000)
            if len(holders) != 3:
                raise RuntimeError("the Vitale did not give its three holders")
            result["vitale_read_apdus"] = len(vitale_reader.received_commands())
            vitale_reader.remove()
            await watch.until(ReaderWatch.kind_in(VITALE_READER, None), 10)
        result["vitale_read_ms"] = round(statistics.median(reads), 1)
        progress(f"Vitale read {result['vitale_read_ms']} ms")
    finally:
        await cards.stop()
        await store.close()
        await backend.stop()
    base = result["roundtrip_ms"]
    for key in ("cps_login_ms", "vitale_read_ms", "lock_on_removal_ms"):
        result[key.replace("_ms", "_vs_roundtrip")] = round(result[key] / base, 1)
    result["rounds"] = rounds
    return result


def _set_on_lock(event: asyncio.Event) -> Callable[[WorkstationLockReason | None], None]:
    def on_change(reason: WorkstationLockReason | None) -> None:
        if reason is not None:
            event.set()

    return on_change


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    reason = PcscDaemon.unavailable_reason()
    if reason is not None:
        progress(f"cannot run: {reason}")
        return 2
    with tempfile.TemporaryDirectory(prefix="cabinet-bench-card-") as tmp:
        work = Path(tmp)
        daemon = PcscDaemon(work / "pcscd")
        daemon.start()
        daemon.apply_environment()  # before this process's first PC/SC call
        simulator = CardSimulator(daemon.vpcd_port).start()
        try:
            result = asyncio.run(measure(args.rounds, work, simulator))
        finally:
            simulator.stop()
            daemon.stop()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
