"""Fuzzing of the ATR, APDU and BER-TLV parsers: only ``CardDataError`` may come out.

The examples below add up to more than 10,000 inputs per run (issue 5 asks for 10,000):
random bytes, and mutations of well-formed samples so the fuzzing reaches deep paths.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.card_kind import CardKind
from cardreader.apdu_command import ApduCommand
from cardreader.apdu_response import ApduResponse
from cardreader.atr import Atr
from cardreader.atr_catalogue import PATTERNS, AtrCatalogue
from cardreader.ber_tlv import BerTlv
from cardreader.card_data_error import CardDataError


def _fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


_VALID_ATRS = [p.value for p in PATTERNS] + [bytes.fromhex("3B 04 41 42 43 44")]
_VALID_TLVS = [
    # A Vitale-like identity file: two beneficiaries then zero padding.
    bytes.fromhex("65 10 80 06 4D 41 52 54 49 4E 81 06 43 4C 41 49 52 45")
    + bytes.fromhex("65 0A 82 08 31 39 38 34 30 31 30 31")
    + bytes(6),
    # A card-verifiable certificate shape: 7F21 { 5F37 (long form), 5F38 }.
    BerTlv.of_children(
        0x7F21,
        [BerTlv.primitive(0x5F37, bytes(range(200))), BerTlv.primitive(0x5F38, b"\x01\x02")],
    ).encode(),
    # A PIN tries answer as the simulator gives it.
    bytes.fromhex("70 0E BF 81 01 0A A0 08 9A 01 03 9B 01 02 9D 01 FF"),
]
_VALID_APDUS = [
    bytes.fromhex("00 A4 04 00 0D E8 28 BD 08 0F 80 25 00 00 01 FF 00 10 00"),
    bytes.fromhex("00 20 00 01 04 31 32 33 34"),
    bytes.fromhex("00 CB 3F FF 0A 4D 08 70 06 BF 81 01 02 A0 80 00"),
    bytes.fromhex("00 B0 82 00 00"),
    bytes.fromhex("00 88 00 00 00 00 03 01 02 03 00 00"),
    bytes.fromhex("00 C0 00 00 00 01 00"),
]


@st.composite
def _mutated(draw: st.DrawFn, samples: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(samples)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "set", "insert", "delete", "truncate"]))
        if not data and op != "insert":
            op = "insert"
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "set":
            data[at] = draw(st.sampled_from([0x00, 0x1F, 0x7F, 0x80, 0x81, 0x82, 0x84, 0xFF]))
        elif op == "insert":
            data.insert(at, draw(st.integers(0, 255)))
        elif op == "delete":
            del data[at]
        else:
            del data[at:]
    return bytes(data)


def _parse_atr(data: bytes) -> None:
    try:
        atr = Atr.parse(data)
    except CardDataError:
        return
    assert atr.raw == data
    assert AtrCatalogue().recognise(data) in set(CardKind)


@_fuzz(2000)
@given(st.binary(max_size=40))
def test_atr_random_bytes(data: bytes) -> None:
    _parse_atr(data)
    assert AtrCatalogue().kind_or_unknown(data) in set(CardKind)


@_fuzz(1500)
@given(_mutated(_VALID_ATRS))
def test_atr_mutations(data: bytes) -> None:
    _parse_atr(data)


def _parse_command(data: bytes) -> None:
    try:
        command = ApduCommand.parse(data)
    except CardDataError:
        return
    assert command.to_bytes() == data


@_fuzz(1500)
@given(st.one_of(st.binary(max_size=300), _mutated(_VALID_APDUS)))
def test_apdu_command(data: bytes) -> None:
    _parse_command(data)


@_fuzz(1500)
@given(st.binary(max_size=300))
def test_apdu_response(data: bytes) -> None:
    try:
        response = ApduResponse.parse(data)
    except CardDataError:
        return
    assert response.to_bytes() == data
    status = response.status
    # Every question about a status word answers without raising.
    _ = (status.bytes_available, status.correct_le, status.tries_left, status.is_blocked)


def _parse_tlv(data: bytes) -> None:
    for padding in (False, True):
        try:
            objects = BerTlv.parse_all(data, padding=padding)
        except CardDataError:
            continue
        for obj in objects:
            # Re-encoding with minimal lengths must parse back to the same tree.
            assert BerTlv.parse(obj.encode(), padding=padding) == obj
            obj.find(0x93)


@_fuzz(2000)
@given(st.binary(max_size=300))
def test_ber_tlv_random_bytes(data: bytes) -> None:
    _parse_tlv(data)


@_fuzz(1500)
@given(_mutated(_VALID_TLVS))
def test_ber_tlv_mutations(data: bytes) -> None:
    _parse_tlv(data)


_primitive_tags = st.sampled_from([0x80, 0x81, 0x82, 0x93, 0x5F37, 0x5F38, 0x9F7F, 0x5F8101])
_constructed_tags = st.sampled_from([0x65, 0x66, 0x70, 0xA0, 0x7F21, 0xBF8101, 0xE0])
_trees = st.recursive(
    st.builds(BerTlv.primitive, _primitive_tags, st.binary(max_size=300)),
    lambda kids: st.builds(BerTlv.of_children, _constructed_tags, st.lists(kids, max_size=4)),
    max_leaves=12,
)


@_fuzz(600)
@given(st.lists(_trees, min_size=1, max_size=3))
def test_ber_tlv_round_trip(objects: list[BerTlv]) -> None:
    encoded = b"".join(obj.encode() for obj in objects)
    assert BerTlv.parse_all(encoded) == tuple(objects)
    assert BerTlv.parse_all(encoded + bytes(5), padding=True) == tuple(objects)
