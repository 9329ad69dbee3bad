"""The simulated cards answered directly, without PC/SC: files, PIN, signing, chaining."""

import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from app.domain.card_kind import CardKind
from cardreader.apdu_command import ApduCommand
from cardreader.apdu_response import ApduResponse
from cardreader.atr_catalogue import AtrCatalogue
from cardreader.ber_tlv import BerTlv
from cardreader.cps_layout import CpsLayout
from cardreader.simulator.cps_card import CpsCard
from cardreader.simulator.opaque_card import OpaqueCard
from cardreader.simulator.simulated_beneficiary import SimulatedBeneficiary
from cardreader.simulator.simulated_card import SimulatedCard
from cardreader.simulator.test_pki import KeyUsageKind, PractitionerCredentials, TestPki
from cardreader.simulator.vitale_card import VitaleCard
from cardreader.vitale_layout import VitaleLayout

SHA256_DIGEST_INFO = bytes.fromhex("30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20")


@pytest.fixture(scope="module")
def credentials() -> tuple[PractitionerCredentials, PractitionerCredentials]:
    pki = TestPki.create_ca()
    return (
        pki.issue_practitioner("810001234567", "MARTIN", "Claire"),
        pki.issue_practitioner("810001234567", usage=KeyUsageKind.SIGNATURE),
    )


def _send(card: SimulatedCard, hex_apdu: str, data: bytes = b"") -> ApduResponse:
    return ApduResponse.parse(card.transmit(bytes.fromhex(hex_apdu) + data))


def _sw(response: ApduResponse) -> int:
    return response.status.value


def _exchange(card: SimulatedCard, command: ApduCommand) -> ApduResponse:
    """Send and follow 61 xx / 6C xx as a host must."""
    response = ApduResponse.parse(card.transmit(command.to_bytes()))
    if (le := response.status.correct_le) is not None:
        command = ApduCommand(command.cla, command.ins, command.p1, command.p2, command.data, le)
        response = ApduResponse.parse(card.transmit(command.to_bytes()))
    data = response.data
    while (available := response.status.bytes_available) is not None:
        response = ApduResponse.parse(card.transmit(bytes((0, 0xC0, 0, 0, available & 0xFF))))
        data += response.data
    return ApduResponse(data, response.status)


def _read_file(card: SimulatedCard) -> bytes:
    content = b""
    while True:
        offset = len(content)
        response = _send(card, f"00 B0 {offset >> 8:02X} {offset & 0xFF:02X} 00")
        if _sw(response) == 0x6282 or (response.is_success and not response.data):
            return content
        assert response.is_success, response
        content += response.data
        if len(response.data) < 256:
            return content


def _cps(
    credentials: tuple[PractitionerCredentials, PractitionerCredentials],
    kind: CardKind = CardKind.CPS3_CONTACT,
) -> CpsCard:
    card = CpsCard(kind, credentials[0], credentials[1], pin="4321")
    card.power_on()
    return card


def test_every_simulated_atr_is_recognised(
    credentials: tuple[PractitionerCredentials, PractitionerCredentials],
) -> None:
    catalogue = AtrCatalogue()
    for kind in (CardKind.CPS3_CONTACT, CardKind.CPS3_CONTACTLESS, CardKind.CPS4):
        assert catalogue.recognise(CpsCard(kind, credentials[0]).atr) is kind
    assert catalogue.recognise(VitaleCard(SimulatedBeneficiary.samples(1)).atr) is (
        CardKind.VITALE_2
    )
    assert catalogue.recognise(OpaqueCard.vitale_1().atr) is CardKind.VITALE_1
    assert catalogue.recognise(OpaqueCard.unknown().atr) is CardKind.UNKNOWN


def test_cps_files(credentials: tuple[PractitionerCredentials, PractitionerCredentials]) -> None:
    card = _cps(credentials)
    assert _sw(_send(card, "00 A4 08 0C 02 D0 03")) == 0x9000
    serial = _send(card, "00 B0 00 00 0C")
    assert serial.data[2:7] == CpsLayout.SERIAL_ISSUER_PREFIX
    assert _sw(_send(card, "00 A4 04 0C 0D", CpsLayout.IAS_AID)) == 0x9000
    fid = CpsLayout.SIMULATOR_AUTH_CERTIFICATE_FID.to_bytes(2, "big")
    # P2 = 00 asks for the FCP; without Le, it comes through 61 xx.
    select = _send(card, "00 A4 02 00 02", fid)
    assert select.status.bytes_available is not None
    fcp = BerTlv.parse(_send(card, f"00 C0 00 00 {select.status.bytes_available:02X}").data)
    size_object = fcp.child(0x80)
    assert size_object is not None
    assert int.from_bytes(size_object.value) == len(credentials[0].certificate_der)
    assert _read_file(card) == credentials[0].certificate_der


def test_pin_counts_down_then_blocks_for_good(
    credentials: tuple[PractitionerCredentials, PractitionerCredentials],
) -> None:
    card = _cps(credentials)
    ref = CpsLayout.SIMULATOR_PIN_REFERENCE

    def tries_left() -> int:
        command = ApduCommand(0, 0xCB, 0x3F, 0xFF, CpsLayout.pin_tries_command_data(ref), 256)
        answer = BerTlv.parse(_exchange(card, command).data)
        left = answer.find(0x9B)
        assert left is not None
        return left.value[0]

    verify = f"00 20 00 {ref:02X} 04"
    assert tries_left() == 3
    assert _sw(_send(card, verify, b"0000")) == 0x63C2
    assert tries_left() == 2
    assert _sw(_send(card, verify, b"4321")) == 0x9000
    assert tries_left() == 3
    for expected in (0x63C2, 0x63C1, 0x63C0):
        assert _sw(_send(card, verify, b"1111")) == expected
    assert _sw(_send(card, verify, b"4321")) == 0x6983
    assert _sw(_send(card, f"00 20 00 {ref:02X}")) == 0x6983
    card.reset()
    assert _sw(_send(card, verify, b"4321")) == 0x6983
    assert tries_left() == 0
    assert card.blocked
    assert card.verify_attempts == 7  # the two refused by the blocked card included


def test_internal_authenticate_signs_with_the_certificate_key(
    credentials: tuple[PractitionerCredentials, PractitionerCredentials],
) -> None:
    card = _cps(credentials)
    challenge = b"nonce from the backend"
    digest_info = SHA256_DIGEST_INFO + hashlib.sha256(challenge).digest()
    auth_key = CpsLayout.SIMULATOR_AUTH_KEY_REFERENCE
    mse = f"00 22 41 A4 03 84 01 {auth_key:02X}"
    assert _sw(_send(card, "00 88 00 00 33", digest_info)) == 0x6985  # no MSE yet
    assert _sw(_send(card, mse)) == 0x9000
    assert _sw(_send(card, "00 88 00 00 33", digest_info)) == 0x6982  # no PIN yet
    assert _sw(_send(card, "00 20 00 01 04", b"4321")) == 0x9000
    # Without Le the 256-byte signature is announced with 61 00 (T=0 style).
    first = _send(card, "00 88 00 00 33", digest_info)
    assert _sw(first) == 0x6100
    # Asking for less than is there: 128 bytes, then 61 80 for the rest.
    half = _send(card, "00 C0 00 00 80")
    assert (_sw(half), len(half.data)) == (0x6180, 128)
    assert _sw(_send(card, "00 C0 00 00 FF")) == 0x6C80  # wrong Le: told the right one
    rest = _send(card, "00 C0 00 00 80")
    assert _sw(rest) == 0x9000
    signature = half.data + rest.data
    public_key = credentials[0].certificate.public_key()
    assert isinstance(public_key, rsa.RSAPublicKey)
    public_key.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())
    # With Le = 00 (256) the signature comes at once.
    direct = _exchange(card, ApduCommand(0, 0x88, 0, 0, digest_info, 256))
    assert direct.data == signature  # PKCS#1 v1.5 is deterministic


def test_pso_signs_with_the_signature_key(
    credentials: tuple[PractitionerCredentials, PractitionerCredentials],
) -> None:
    card = _cps(credentials, CardKind.CPS4)
    digest_info = SHA256_DIGEST_INFO + hashlib.sha256(b"document").digest()
    assert _sw(_send(card, "00 20 00 01 04", b"4321")) == 0x9000
    # The authentication key is no signature key.
    assert _sw(_send(card, "00 22 41 B6 03 84 01 02")) == 0x6A88
    assert _sw(_send(card, "00 22 41 B6 03 84 01 81")) == 0x9000
    signature = _exchange(card, ApduCommand(0, 0x2A, 0x9E, 0x9A, digest_info, 256)).data
    public_key = credentials[1].certificate.public_key()
    assert isinstance(public_key, rsa.RSAPublicKey)
    public_key.verify(signature, b"document", padding.PKCS1v15(), hashes.SHA256())


def test_contactless_cps_has_no_pin_and_no_signature(
    credentials: tuple[PractitionerCredentials, PractitionerCredentials],
) -> None:
    card = _cps(credentials, CardKind.CPS3_CONTACTLESS)
    assert _sw(_send(card, "00 A4 04 0C 0D", CpsLayout.IAS_AID)) == 0x6A82
    assert _sw(_send(card, "00 A4 04 0C 0D", CpsLayout.IAS_AID_CONTACTLESS)) == 0x9000
    assert _sw(_send(card, "00 20 00 01 04", b"4321")) == 0x6A88
    assert _sw(_send(card, "00 22 41 A4 03 84 01 02")) == 0x6A88
    assert _sw(_send(card, "00 88 00 00 04 01 02 03 04")) == 0x6985


def test_power_cycle_forgets_the_pin(
    credentials: tuple[PractitionerCredentials, PractitionerCredentials],
) -> None:
    card = _cps(credentials)
    assert _sw(_send(card, "00 20 00 01 04", b"4321")) == 0x9000
    assert _sw(_send(card, "00 20 00 01")) == 0x9000
    card.power_off()
    card.power_on()
    assert _sw(_send(card, "00 20 00 01")) == 0x63C3


def test_vitale_read_the_way_rufus_reads_it() -> None:
    beneficiaries = SimulatedBeneficiary.samples(3)
    card = VitaleCard(beneficiaries)
    card.power_on()
    select_mf = _send(card, "00 A4 00 00 02 3F 00")
    assert select_mf.status.bytes_available is not None  # FCP waiting, T=0 style
    identities = _send(card, "00 B0 82 00 00")
    assert identities.is_success
    assert _sw(_send(card, "00 A4 04 00 0B", VitaleLayout.AID_VITALE)) & 0xFF00 == 0x6100
    nirs = _send(card, "00 B0 82 00 00")
    people = BerTlv.parse_all(identities.data, padding=True)
    nir_objects = [o for o in BerTlv.parse_all(nirs.data, padding=True) if o.tag == 0x65]
    assert len(people) == len(nir_objects) == 3
    for person, nir_object, expected in zip(people, nir_objects, beneficiaries, strict=True):
        surname, first, born = (person.child(tag) for tag in (0x80, 0x81, 0x82))
        nir = nir_object.child(0x93)
        assert surname is not None and first is not None and born is not None
        assert nir is not None
        assert surname.value.decode("latin-1") == expected.surname
        assert first.value.decode("latin-1") == expected.first_name
        assert born.value.decode("ascii") == expected.birth_date
        assert nir.value.decode("ascii") == expected.nir
    # A non-zero Le beyond the end of the file is answered with the right length.
    assert _send(card, "00 B0 82 00 FF").status.correct_le == len(nirs.data)


def test_sample_nir_keys_and_a_wrong_one() -> None:
    from app.domain.nir import Nir, NirError

    for beneficiary in SimulatedBeneficiary.samples(5):
        Nir.parse(beneficiary.nir)
    with pytest.raises(NirError):
        Nir.parse(SimulatedBeneficiary.samples(1)[0].with_wrong_nir_key().nir)


def test_opaque_cards_refuse_everything() -> None:
    assert _sw(_send(OpaqueCard.vitale_1(), "00 A4 00 00 02 3F 00")) == 0x6E00
    assert _sw(_send(OpaqueCard.unknown(), "00 A4 00 00 02 3F 00")) == 0x6D00
