"""ATR recognition, APDU commands and responses, BER-TLV: known values from cards.md."""

import pytest

from app.domain.card_kind import CardKind
from cardreader.apdu_command import ApduCommand
from cardreader.apdu_response import ApduResponse
from cardreader.atr import Atr, Convention
from cardreader.atr_catalogue import AtrCatalogue
from cardreader.ber_tlv import BerTlv
from cardreader.card_data_error import CardDataError
from cardreader.status_word import StatusWord


@pytest.mark.parametrize(
    ("atr", "kind"),
    [
        ("3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00", CardKind.CPS3_CONTACT),
        # The mask leaves T0, TB1, TD1, TC2 and three historical bytes free.
        ("3B AC 00 40 2A 00 12 25 00 64 80 07 09 11 00 90 00", CardKind.CPS3_CONTACT),
        (
            "3B 8F 80 01 00 31 B8 64 04 B0 EC C1 73 94 01 80 82 90 00 0E",
            CardKind.CPS3_CONTACTLESS,
        ),
        ("3B 9B 18 80 01 00 12 25 00 64 80 04 01 00 00 90 44", CardKind.CPS4),
        ("3B 75 13 00 00 43 09 EA 90 00", CardKind.VITALE_2),
        ("3B 75 13 00 00 45 09 EA 90 00", CardKind.VITALE_2),
        ("3F 65 25 00 2C 09 69 90 00", CardKind.VITALE_1),
        ("3F 65 25 00 21 09 F9 90 00", CardKind.VITALE_1),
        ("3B 75 13 00 00 46 09 EA 90 00", CardKind.UNKNOWN),
        ("3B 04 41 42 43 44", CardKind.UNKNOWN),
    ],
)
def test_atr_recognition(atr: str, kind: CardKind) -> None:
    assert AtrCatalogue().recognise(bytes.fromhex(atr)) is kind


def test_atr_structure() -> None:
    cps4 = Atr.parse(bytes.fromhex("3B 9B 18 80 01 00 12 25 00 64 80 04 01 00 00 90 44"))
    assert cps4.convention is Convention.DIRECT
    assert cps4.interface_byte("TA1") == 0x18
    assert cps4.protocols == (0, 1)
    assert cps4.historical_bytes == bytes.fromhex("00 12 25 00 64 80 04 01 00 00 90")
    assert cps4.tck == 0x44
    vitale1 = Atr.parse(bytes.fromhex("3F 65 25 00 2C 09 69 90 00"))
    assert vitale1.convention is Convention.INVERSE
    assert vitale1.protocols == (0,)
    assert vitale1.tck is None


@pytest.mark.parametrize(
    "atr",
    [
        "",
        "3B",
        "3A 00",  # bad TS
        "3B 9B 18 80 01 00 12 25 00 64 80 04 01 00 00 90 45",  # TCK off by one
        "3B 9B 18 80 01 00 12 25 00 64 80 04 01 00 00 90",  # TCK missing
        "3B 75 13 00 00 43 09 EA 90",  # a historical byte missing
        "3B 75 13 00 00 43 09 EA 90 00 00",  # one byte too many
    ],
)
def test_malformed_atr(atr: str) -> None:
    with pytest.raises(CardDataError):
        AtrCatalogue().recognise(bytes.fromhex(atr))
    assert AtrCatalogue().kind_or_unknown(bytes.fromhex(atr)) is CardKind.UNKNOWN


@pytest.mark.parametrize(
    ("raw", "case", "data", "le"),
    [
        ("00 A4 00 00", 1, "", None),
        ("00 B0 82 00 00", 2, "", 256),
        ("00 20 00 01 04 31 32 33 34", 3, "31 32 33 34", None),
        (
            "00 CB 3F FF 0A 4D 08 70 06 BF 81 01 02 A0 80 00",
            4,
            "4D 08 70 06 BF 81 01 02 A0 80",
            256,
        ),
        ("00 B0 00 00 00 00 00", 2, "", 65536),
        ("00 88 00 00 00 00 02 AB CD 01 00", 4, "AB CD", 256),
    ],
)
def test_apdu_command_cases(raw: str, case: int, data: str, le: int | None) -> None:
    command = ApduCommand.parse(bytes.fromhex(raw))
    assert (command.case, command.data, command.le) == (case, bytes.fromhex(data), le)
    assert command.to_bytes() == bytes.fromhex(raw)


def test_apdu_command_builds_extended_when_needed() -> None:
    command = ApduCommand(0x00, 0x2A, 0x9E, 0x9A, bytes(300), le=512)
    assert command.is_extended
    assert ApduCommand.parse(command.to_bytes()) == command


@pytest.mark.parametrize(
    "raw", ["00 A4 00", "00 A4 00 00 05 01", "00 A4 00 00 00 01", "00 B0 00 00 00 00 00 00"]
)
def test_malformed_apdu_command(raw: str) -> None:
    with pytest.raises(CardDataError):
        ApduCommand.parse(bytes.fromhex(raw))


def test_status_words() -> None:
    assert ApduResponse.parse(bytes.fromhex("01 02 90 00")).is_success
    assert StatusWord.of(0x6110).bytes_available == 0x10
    assert StatusWord.of(0x6100).bytes_available == 256
    assert StatusWord.of(0x6C1A).correct_le == 0x1A
    assert StatusWord.of(0x63C2).tries_left == 2
    assert StatusWord.of(0x63C0).tries_left == 0
    assert StatusWord.of(0x6300).tries_left is None
    assert StatusWord.of(0x6983).is_blocked
    assert StatusWord.AUTHENTICATION_BLOCKED.is_blocked
    assert str(StatusWord.of(0x6A82)) == "6A 82"
    with pytest.raises(CardDataError):
        ApduResponse.parse(b"\x90")


def test_ber_tlv_multibyte_tags_long_lengths_and_nesting() -> None:
    signature = bytes(range(256)) * 2
    raw = (
        bytes.fromhex("7F 21 82 02 0B")
        + bytes.fromhex("5F 37 82 02 00")
        + signature
        + bytes.fromhex("5F 38 03 01 00 01")
    )
    certificate = BerTlv.parse(raw)
    assert certificate.tag == 0x7F21
    assert certificate.constructed
    found = certificate.find(0x5F37)
    assert found is not None
    assert found.value == signature
    assert certificate.child(0x5F38) == BerTlv.primitive(0x5F38, b"\x01\x00\x01")
    assert certificate.encode() == raw


def test_ber_tlv_padding_only_when_asked() -> None:
    raw = bytes.fromhex("65 05 80 03 44 55 50 00 00 FF")
    with pytest.raises(CardDataError):
        BerTlv.parse_all(raw)
    (beneficiary,) = BerTlv.parse_all(raw, padding=True)
    surname = beneficiary.child(0x80)
    assert surname is not None
    assert surname.value == b"DUP"


@pytest.mark.parametrize(
    "raw",
    [
        "80",  # no length
        "80 05 01",  # value cut short
        "80 80",  # indefinite length
        "80 85 00 00 00 00 01",  # 5-byte length field
        "5F",  # multi-byte tag cut short
        "5F 81 81 81 01 00",  # 5-byte tag
        "65 03 80 05 01",  # a child overruns its parent
        "21 02" * 40 + "",  # nested deeper than allowed (and cut short)
    ],
)
def test_malformed_ber_tlv(raw: str) -> None:
    with pytest.raises(CardDataError):
        BerTlv.parse_all(bytes.fromhex(raw))


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    obj = BerTlv.primitive(0x80, b"x")
    for _ in range(40):
        obj = BerTlv.of_children(0x65, [obj])
    with pytest.raises(CardDataError):
        BerTlv.parse(obj.encode())
