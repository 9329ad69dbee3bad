"""Reads the holders of a Carte Vitale 2: the REVERSE-ENGINEERED layout of VitaleLayout.

The sequence is Rufus's (cards.md): SELECT ``3F00``, READ BINARY by SFI 2 for each
holder's surname, first name and birth date; SELECT the VITALE application, READ BINARY
by SFI 2 for the NIRs, one ``65`` object per holder in the same order. A file longer
than one answer is read on by offset. Nothing else on the card is touched: rights data
and card authentication come through SESAM-Vitale's licensed components only.
"""

import logging

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_kind import CardKind
from app.domain.nir import Nir, NirError
from app.domain.vitale_beneficiary import VitaleBeneficiary
from cardreader.apdu_command import READ_CHUNK, ApduCommand
from cardreader.atr_catalogue import AtrCatalogue
from cardreader.ber_tlv import BerTlv
from cardreader.card_channel import CardChannel
from cardreader.card_data_error import CardDataError
from cardreader.status_word import StatusWord
from cardreader.vitale_layout import VitaleLayout as L

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 8 * 1024
MAX_BENEFICIARIES = 16
NIR_LENGTH = 15


class VitaleReader:
    """Blocking: runs on the card reader's I/O thread."""

    def __init__(self, catalogue: AtrCatalogue) -> None:
        self._catalogue = catalogue

    def read(self, reader: str) -> tuple[VitaleBeneficiary, ...]:
        """The holders in card order. ``CardError``: VITALE_1, NOT_VITALE, UNKNOWN_CARD,
        NO_CARD, REMOVED, NO_READER, NO_SERVICE, UNREADABLE."""
        with CardChannel.connect(reader) as channel:
            _require_vitale_2(self._catalogue.kind_or_unknown(channel.atr))
            with channel.transaction():
                channel.transmit_ok(ApduCommand.select(0x00, b"\x3f\x00"), "SELECT MF")
                identities = _holders(_read_by_sfi(channel, L.IDENTITY_SFI))
                channel.transmit_ok(ApduCommand.select(0x04, L.AID_VITALE), "SELECT VITALE")
                nirs = _holders(_read_by_sfi(channel, L.NIR_SFI))
        if not identities or len(identities) != len(nirs):
            raise CardError(CardErrorReason.UNREADABLE, detail="holders and NIRs differ")
        beneficiaries = tuple(
            _beneficiary(rank, identity, nir)
            for rank, (identity, nir) in enumerate(zip(identities, nirs, strict=True), 1)
        )
        log.info("Carte Vitale read in %s: %d holder(s)", reader, len(beneficiaries))
        return beneficiaries


def _require_vitale_2(kind: CardKind) -> None:
    if kind is CardKind.VITALE_1:
        raise CardError(CardErrorReason.VITALE_1)
    if kind is CardKind.UNKNOWN:
        raise CardError(CardErrorReason.UNKNOWN_CARD)
    if kind is not CardKind.VITALE_2:
        raise CardError(CardErrorReason.NOT_VITALE)


def _read_by_sfi(channel: CardChannel, sfi: int) -> bytes:
    """The whole file: the first part by its short id, the rest by offset."""
    content = b""
    command = ApduCommand.read_binary_sfi(sfi)
    while True:
        response = channel.transmit(command)
        if response.status in (StatusWord.END_OF_FILE, StatusWord.OFFSET_OUTSIDE_FILE):
            if not content:
                raise CardError(CardErrorReason.UNREADABLE, detail="empty file")
            break
        if not response.is_success:
            raise CardError(CardErrorReason.UNREADABLE, detail=f"READ BINARY {response.status}")
        content += response.data
        if len(response.data) < READ_CHUNK:
            break
        if len(content) >= MAX_FILE_BYTES:
            raise CardError(CardErrorReason.UNREADABLE, detail="file too long")
        offset = len(content)
        command = ApduCommand.read_binary(offset)
    return content


def _holders(content: bytes) -> list[BerTlv]:
    try:
        objects = BerTlv.parse_all(content, padding=True)
    except CardDataError:
        raise CardError(CardErrorReason.UNREADABLE, detail="BER-TLV") from None
    holders = [o for o in objects if o.tag == L.TAG_BENEFICIARY]
    if len(holders) > MAX_BENEFICIARIES:
        raise CardError(CardErrorReason.UNREADABLE, detail="too many holders")
    return holders


def _beneficiary(rank: int, identity: BerTlv, nir_object: BerTlv) -> VitaleBeneficiary:
    surname = _text(identity, L.TAG_SURNAME)
    first_name = _text(identity, L.TAG_FIRST_NAME)
    born = _text(identity, L.TAG_BIRTH_DATE)
    nir = _text(nir_object, L.TAG_NIR).replace(" ", "")
    if not surname or len(born) != 8 or not born.isdigit():
        raise CardError(CardErrorReason.UNREADABLE, detail=f"holder {rank} identity")
    if len(nir) != NIR_LENGTH or not nir.isascii() or not nir.isalnum():
        raise CardError(CardErrorReason.UNREADABLE, detail=f"holder {rank} NIR")
    try:
        Nir.parse(nir)
        key_valid = True
    except NirError:
        # Kept, and shown as such: the front desk must see a bad key, not lose the card.
        key_valid = False
    return VitaleBeneficiary(rank, surname, first_name, born, nir.upper(), key_valid)


def _text(holder: BerTlv, tag: int) -> str:
    found = holder.child(tag)
    if found is None:
        return ""
    # The simulator writes Latin-1, as the cards' names are upper-case French; a byte
    # that is not text at all would show as a replacement, never as a crash.
    return found.value.decode("latin-1").strip()
