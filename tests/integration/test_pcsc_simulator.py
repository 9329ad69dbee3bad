"""The card simulator behind real pcscd + vsmartcard-vpcd, seen through plain PC/SC.

Every answer here travels pyscard → libpcsclite → pcscd → vpcd → TCP → simulator.
"""

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from smartcard.System import readers as system_readers

from app.domain.card_kind import CardKind
from cardreader.apdu_response import ApduResponse
from cardreader.atr_catalogue import AtrCatalogue
from cardreader.ber_tlv import BerTlv
from cardreader.cps_layout import CpsLayout
from cardreader.simulator.card_simulator import CardSimulator
from cardreader.simulator.cps_card import CpsCard
from cardreader.simulator.opaque_card import OpaqueCard
from cardreader.simulator.simulated_beneficiary import SimulatedBeneficiary
from cardreader.simulator.simulated_card import SimulatedCard
from cardreader.simulator.vitale_card import VitaleCard
from cardreader.vitale_layout import VitaleLayout
from tests.helpers.pcsc_client import PcscCardHandle, PcscClient, PcscError
from tests.helpers.pcsc_daemon import PcscDaemon
from tests.helpers.pcsc_fixtures import PkiFiles

READER = "Virtual PCD 00 00"
SHA256_DIGEST_INFO = bytes.fromhex("30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20")
PIN_REF = CpsLayout.SIMULATOR_PIN_REFERENCE


def _send(card: PcscCardHandle, hex_apdu: str, data: bytes = b"") -> ApduResponse:
    return ApduResponse.parse(card.transmit(bytes.fromhex(hex_apdu) + data))


def _insert_and_connect(
    simulator: CardSimulator, client: PcscClient, card: SimulatedCard, slot: int = 0
) -> PcscCardHandle:
    simulator.reader(slot).insert(card)
    reader = f"Virtual PCD 00 {slot:02d}"
    client.wait_for_card(reader)
    return client.connect(reader)


def test_the_two_vpcd_readers_appear(pcsc_daemon: PcscDaemon) -> None:
    names = [str(reader) for reader in system_readers()]
    assert sorted(names) == sorted(pcsc_daemon.reader_names)


def test_each_simulated_card_is_recognised_by_its_atr(
    card_simulator: CardSimulator, pki_files: PkiFiles
) -> None:
    cards: list[tuple[SimulatedCard, CardKind]] = [
        (CpsCard(CardKind.CPS3_CONTACT, pki_files.authentication), CardKind.CPS3_CONTACT),
        (CpsCard(CardKind.CPS3_CONTACTLESS, pki_files.authentication), CardKind.CPS3_CONTACTLESS),
        (CpsCard(CardKind.CPS4, pki_files.authentication), CardKind.CPS4),
        (VitaleCard(SimulatedBeneficiary.samples(1)), CardKind.VITALE_2),
        (OpaqueCard.vitale_1(), CardKind.VITALE_1),
        (OpaqueCard.unknown(), CardKind.UNKNOWN),
    ]
    catalogue = AtrCatalogue()
    with PcscClient() as client:
        # Two at a time, one per slot: pcscd notices both in the same polling round.
        for first in range(0, len(cards), 2):
            pair = cards[first : first + 2]
            for slot, (card, _kind) in enumerate(pair):
                card_simulator.reader(slot).insert(card)
            for slot, (card, kind) in enumerate(pair):
                reader = f"Virtual PCD 00 {slot:02d}"
                client.wait_for_card(reader)
                handle = client.connect(reader)
                assert handle.atr == card.atr
                assert catalogue.recognise(handle.atr) is kind
                handle.disconnect()
                card_simulator.reader(slot).remove()
            for slot in range(len(pair)):
                client.wait_for_card(f"Virtual PCD 00 {slot:02d}", present=False)


def test_cps_pin_right_wrong_then_blocked(
    card_simulator: CardSimulator, pki_files: PkiFiles
) -> None:
    simulated = CpsCard(CardKind.CPS3_CONTACT, pki_files.authentication, pin="2468")
    with PcscClient() as client:
        card = _insert_and_connect(card_simulator, client, simulated)
        assert _send(card, "00 A4 04 0C 0D", CpsLayout.IAS_AID).is_success
        verify = f"00 20 00 {PIN_REF:02X} 04"
        assert _send(card, verify, b"2468").status.value == 0x9000
        statuses = [_send(card, verify, b"0000").status for _ in range(3)]
        assert [s.tries_left for s in statuses] == [2, 1, 0]
        assert _send(card, verify, b"2468").status.is_blocked
        tries = _send(card, "00 CB 3F FF 0A", CpsLayout.pin_tries_command_data(PIN_REF) + b"\x00")
        left = BerTlv.parse(tries.data).find(0x9B)
        assert left is not None
        assert left.value == b"\x00"
        card.disconnect()
    assert simulated.verify_attempts == 5


def test_signature_comes_through_61xx_and_get_response(
    card_simulator: CardSimulator, pki_files: PkiFiles
) -> None:
    simulated = CpsCard(CardKind.CPS4, pki_files.authentication)
    challenge = b"challenge from the backend"
    digest_info = SHA256_DIGEST_INFO + hashlib.sha256(challenge).digest()
    with PcscClient() as client:
        card = _insert_and_connect(card_simulator, client, simulated)
        assert _send(card, "00 A4 04 0C 0D", CpsLayout.IAS_AID).is_success
        assert _send(card, f"00 20 00 {PIN_REF:02X} 04", b"1234").is_success
        key = CpsLayout.SIMULATOR_AUTH_KEY_REFERENCE
        assert _send(card, f"00 22 41 A4 03 84 01 {key:02X}").is_success
        announced = _send(card, f"00 88 00 00 {len(digest_info):02X}", digest_info)
        assert announced.status.bytes_available == 256
        signature = _send(card, "00 C0 00 00 00")
        assert signature.is_success
        public_key = pki_files.authentication.certificate.public_key()
        assert isinstance(public_key, rsa.RSAPublicKey)
        public_key.verify(signature.data, challenge, padding.PKCS1v15(), hashes.SHA256())
        # 6C xx: the certificate's last chunk asked for with a too-large Le.
        fid = CpsLayout.SIMULATOR_AUTH_CERTIFICATE_FID.to_bytes(2, "big")
        assert _send(card, "00 A4 02 0C 02", fid).is_success
        der = pki_files.authentication.certificate_der
        last = len(der) - len(der) % 256
        wrong = _send(card, f"00 B0 {last >> 8:02X} {last & 0xFF:02X} FF")
        assert wrong.status.correct_le == len(der) % 256
        card.disconnect()


@pytest.mark.parametrize("count", [1, 3])
def test_vitale_beneficiaries_are_readable(card_simulator: CardSimulator, count: int) -> None:
    beneficiaries = SimulatedBeneficiary.samples(count)
    with PcscClient() as client:
        card = _insert_and_connect(card_simulator, client, VitaleCard(beneficiaries))
        # Rufus's sequence (cards.md): SELECT 3F00, READ BINARY SFI 2; VITALE AID, SFI 2.
        assert _send(card, "00 A4 00 0C 02 3F 00").is_success
        identities = _send(card, "00 B0 82 00 00")
        assert _send(card, "00 A4 04 0C 0B", VitaleLayout.AID_VITALE).is_success
        nirs = _send(card, "00 B0 82 00 00")
        card.disconnect()
    people = BerTlv.parse_all(identities.data, padding=True)
    nir_objects = [o for o in BerTlv.parse_all(nirs.data, padding=True) if o.tag == 0x65]
    read = []
    for person, nir_object in zip(people, nir_objects, strict=True):
        fields = [
            person.child(0x80),
            person.child(0x81),
            person.child(0x82),
            nir_object.child(0x93),
        ]
        read.append(tuple(f.value.decode("latin-1") for f in fields if f is not None))
    assert read == [(b.surname, b.first_name, b.birth_date, b.nir) for b in beneficiaries]


def test_removal_is_seen(card_simulator: CardSimulator, pki_files: PkiFiles) -> None:
    with PcscClient() as client:
        card = _insert_and_connect(
            card_simulator, client, CpsCard(CardKind.CPS3_CONTACT, pki_files.authentication)
        )
        card_simulator.reader(0).remove()
        with pytest.raises(PcscError):
            _send(card, "00 A4 04 0C 0D", CpsLayout.IAS_AID)
        seen_after = client.wait_for_card(READER, present=False)
        assert seen_after < 2.0
        card.disconnect()


def test_a_card_pulled_mid_command_never_answers(
    card_simulator: CardSimulator, pki_files: PkiFiles
) -> None:
    reader = card_simulator.reader(0)
    with PcscClient() as client:
        card = _insert_and_connect(
            card_simulator, client, CpsCard(CardKind.CPS3_CONTACT, pki_files.authentication)
        )
        reader.pull_at_command(1)
        assert _send(card, "00 A4 04 0C 0D", CpsLayout.IAS_AID).is_success
        # vpcd passes the unanswered command on as an empty "success" (a hardware
        # reader would fail the transmit): either way, no status word comes back.
        assert card.transmit(bytes.fromhex(f"00 20 00 {PIN_REF:02X} 04") + b"1234") == b""
        assert reader.card is None
        client.wait_for_card(READER, present=False)
        card.disconnect()
    # The VERIFY reached the simulator but not the card: it was pulled first.
    assert len(reader.received_commands()) == 2


@pytest.mark.parametrize("crash", [False, True], ids=["restart", "crash"])
def test_card_stays_in_across_a_pcscd_restart(
    pcsc_daemon: PcscDaemon, card_simulator: CardSimulator, pki_files: PkiFiles, crash: bool
) -> None:
    reader = card_simulator.reader(0)
    reader.insert(CpsCard(CardKind.CPS3_CONTACT, pki_files.authentication))
    with PcscClient() as client:
        client.wait_for_card(READER)
    if crash:
        pcsc_daemon.kill()  # SIGKILL leaves its socket and pid file behind
        pcsc_daemon.start()
    else:
        pcsc_daemon.restart()
    started = time.monotonic()
    with PcscClient() as client:
        client.wait_for_card(READER)
        card = client.connect(READER)
        assert _send(card, "00 A4 04 0C 0D", CpsLayout.IAS_AID).is_success
        card.disconnect()
    assert time.monotonic() - started < 3.0
    assert reader.connections == 2


def test_the_simulator_program_is_driven_from_its_input(
    pcsc_daemon: PcscDaemon, tmp_path: Path
) -> None:
    command = [sys.executable, "-m", "cardreader.simulator", "--port", str(pcsc_daemon.vpcd_port)]
    command += ["--pki", str(tmp_path / "pki"), "--insert", "0:cps4"]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as program:
        assert program.stdin is not None and program.stdout is not None

        def ask(line: str) -> str:
            assert program.stdin is not None and program.stdout is not None
            program.stdin.write(line + "\n")
            program.stdin.flush()
            return program.stdout.readline().strip()

        assert program.stdout.readline().startswith("ok inserted cps4")
        assert program.stdout.readline().strip() == "ready"
        with PcscClient() as client:
            client.wait_for_card(READER)
            card = client.connect(READER)
            assert AtrCatalogue().recognise(card.atr) is CardKind.CPS4
            card.disconnect()
            assert ask("insert 1 vitale2:3:badkey").startswith("ok")
            client.wait_for_card("Virtual PCD 00 01")
            assert ask("remove 0") == "ok removed slot 0"
            client.wait_for_card(READER, present=False)
            assert ask("insert 7 cps3").startswith("error")
            assert ask("status").startswith("ok 0:empty")
            program.stdin.write("quit\n")
            program.stdin.flush()
            assert program.wait(10) == 0
            client.wait_for_card("Virtual PCD 00 01", present=False)
    # The program made the TEST PKI it was pointed at.
    assert (tmp_path / "pki" / "ca.crt.pem").exists()
