"""A CPS opened over PC/SC: the ``CpsCard`` port on a real (or simulated) card.

The sequence rests on cards.md: the card recognised by its ATR (contactless refused:
no PIN, no signature), SELECT of the IAS application, the PIN counter by GET DATA
``00 CB 3F FF`` (``9B`` tries left), VERIFY ``00 20 00 <ref>`` answered ``90 00``,
``63 Cx`` or ``69 83``, MSE SET ``00 22 41 A4`` with the key under tag ``84``, then
INTERNAL AUTHENTICATE ``00 88 00 00`` on a SHA-256 DigestInfo (the card adds the
PKCS#1 v1.5 padding).

NOT PUBLIC, so taken from :class:`CpsLayout`'s ``SIMULATOR_*`` values: the PIN
reference, the key reference, the certificate's file id, and the PIN coding (its
ASCII digits, unpadded). A production card is read through its PKCS#15 directory or
ANS's Cryptolib PKCS#11 module; until one of those is wired in, this adapter works with
the project's card simulator, not with a card issued by the ANS.

Only RSA authentication keys are handled (the TEST PKI's, and PKCS#1 v1.5); an elliptic
curve key is refused as UNREADABLE rather than guessed at.
"""

import hashlib
import logging
import threading

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_kind import CardKind
from app.domain.cps_identity import CpsIdentity
from cardreader.apdu_command import ApduCommand
from cardreader.atr_catalogue import AtrCatalogue
from cardreader.ber_tlv import BerTlv
from cardreader.card_channel import CardChannel
from cardreader.card_data_error import CardDataError
from cardreader.card_io import CardIo
from cardreader.certificate_identity import CertificateIdentity
from cardreader.cps_layout import CpsLayout
from cardreader.status_word import StatusWord

log = logging.getLogger(__name__)

# RFC 8017 §9.2 note 1: the DER prefix of a SHA-256 DigestInfo.
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
MAX_CERTIFICATE_BYTES = 8 * 1024


class PcscCpsCard:
    """One open CPS; every blocking call runs on the reader's :class:`CardIo` thread."""

    def __init__(
        self,
        channel: CardChannel,
        io: CardIo,
        insertion: int,
        identity: CpsIdentity,
        tries_left: int | None,
    ) -> None:
        self._channel = channel
        self._io = io
        self._insertion = insertion
        self._identity = identity
        self._tries_left = tries_left
        self._blocked = tries_left == 0
        self._verified = False
        # verify_pin and sign are awaited one at a time by the login, but nothing stops
        # two callers; the flag below makes "one VERIFY per call" hold for both.
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls, reader: str, insertion: int, io: CardIo, catalogue: AtrCatalogue
    ) -> "PcscCpsCard":
        """Blocking: connect, check the ATR, read the certificate and the PIN counter."""
        channel = CardChannel.connect(reader)
        try:
            kind = catalogue.kind_or_unknown(channel.atr)
            _require_contact_cps(kind)
            with channel.transaction():
                _select_application(channel)
                der = _read_certificate(channel)
                tries_left = _tries_left(channel)
            identity = CertificateIdentity.of(der)
        except BaseException:
            channel.close()
            raise
        log.info("CPS opened in %s (%s)", reader, kind.value)
        return cls(channel, io, insertion, identity, tries_left)

    @property
    def reader(self) -> str:
        return self._channel.reader

    @property
    def insertion(self) -> int:
        return self._insertion

    @property
    def identity(self) -> CpsIdentity:
        return self._identity

    @property
    def tries_left(self) -> int | None:
        return self._tries_left

    @property
    def blocked(self) -> bool:
        return self._blocked

    async def verify_pin(self, pin: str) -> None:
        if len(pin) != CpsLayout.PIN_LENGTH or not pin.isdigit() or not pin.isascii():
            raise CardError(CardErrorReason.PIN_FORMAT)
        if self._blocked:
            raise CardError(CardErrorReason.PIN_BLOCKED)
        await self._io.run(lambda: self._verify(pin))

    async def sign(self, message: bytes) -> bytes:
        return await self._io.run(lambda: self._sign(message))

    async def close(self) -> None:
        # A reset makes the card forget the verified PIN: nothing else on this machine
        # can sign with it after the session ends.
        await self._io.run(lambda: self._channel.close(reset=True))

    # -- on the I/O thread -----------------------------------------------------------

    def _verify(self, pin: str) -> None:
        with self._lock:
            if self._blocked:
                raise CardError(CardErrorReason.PIN_BLOCKED)
            self._verified = False
            command = ApduCommand(
                0x00, 0x20, 0x00, CpsLayout.SIMULATOR_PIN_REFERENCE, pin.encode("ascii")
            )
            with self._channel.transaction():
                _select_application(self._channel)
                status = self._channel.transmit(command).status
            if status.is_success:
                self._verified = True
                self._tries_left = CpsLayout.PIN_MAX_TRIES
                return
            tries = status.tries_left
            if status.is_blocked or tries == 0:
                self._blocked = True
                self._tries_left = 0
                raise CardError(CardErrorReason.PIN_BLOCKED)
            if tries is not None:
                self._tries_left = tries
                raise CardError(CardErrorReason.WRONG_PIN, tries_left=tries)
            raise CardError(CardErrorReason.UNREADABLE, detail=f"VERIFY answered {status}")

    def _sign(self, message: bytes) -> bytes:
        with self._lock:
            if not self._verified:
                raise CardError(CardErrorReason.UNREADABLE, detail="sign before a verified PIN")
            key = x509.load_der_x509_certificate(self._identity.certificate).public_key()
            if not isinstance(key, rsa.RSAPublicKey):
                raise CardError(CardErrorReason.UNREADABLE, detail="not an RSA key")
            digest_info = SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
            key_reference = BerTlv.primitive(0x84, bytes((CpsLayout.SIMULATOR_AUTH_KEY_REFERENCE,)))
            mse = ApduCommand(
                0x00,
                0x22,
                CpsLayout.MSE_SET,
                CpsLayout.TEMPLATE_AUTHENTICATION,
                key_reference.encode(),
            )
            size = (key.key_size + 7) // 8
            authenticate = ApduCommand(0x00, 0x88, 0x00, 0x00, digest_info, le=min(size, 256))
            with self._channel.transaction():
                self._channel.transmit_ok(mse, "MSE SET")
                response = self._channel.transmit(authenticate)
            if response.status == StatusWord.SECURITY_STATUS_NOT_SATISFIED:
                # The card forgot the PIN (reset by another program): a new login is due.
                self._verified = False
                raise CardError(CardErrorReason.REMOVED, detail="PIN no longer verified")
            CardChannel.require_success(response.status, "INTERNAL AUTHENTICATE")
            if len(response.data) != size:
                raise CardError(CardErrorReason.UNREADABLE, detail="signature of the wrong size")
            return response.data


def _require_contact_cps(kind: CardKind) -> None:
    if kind is CardKind.CPS3_CONTACTLESS:
        raise CardError(CardErrorReason.CONTACTLESS)
    if kind.is_vitale:
        raise CardError(CardErrorReason.NOT_CPS)
    if not kind.is_cps:
        raise CardError(CardErrorReason.UNKNOWN_CARD)


def _select_application(channel: CardChannel) -> None:
    select = ApduCommand.select(0x04, CpsLayout.IAS_AID)
    status = channel.transmit(select).status
    if status == StatusWord.FILE_NOT_FOUND:
        raise CardError(CardErrorReason.UNKNOWN_CARD, detail="no IAS application")
    CardChannel.require_success(status, "SELECT IAS")


def _read_certificate(channel: CardChannel) -> bytes:
    fid = CpsLayout.SIMULATOR_AUTH_CERTIFICATE_FID.to_bytes(2, "big")
    channel.transmit_ok(ApduCommand.select(0x02, fid), "SELECT certificate")
    content = b""
    total: int | None = None
    while total is None or len(content) < total:
        offset = len(content)
        response = channel.transmit_ok(ApduCommand.read_binary(offset), "READ BINARY")
        if not response.data:
            raise CardError(CardErrorReason.UNREADABLE, detail="READ BINARY gave nothing")
        content += response.data
        if total is None:
            total = _der_length(content)
    return content[:total]


def _der_length(head: bytes) -> int:
    """The full length of the DER SEQUENCE that ``head`` starts (a certificate)."""
    if len(head) < 4 or head[0] != 0x30:
        raise CardError(CardErrorReason.UNREADABLE, detail="not a DER certificate")
    first = head[1]
    if first < 0x80:
        total = 2 + first
    else:
        count = first & 0x7F
        if not 1 <= count <= 2 or len(head) < 2 + count:
            raise CardError(CardErrorReason.UNREADABLE, detail="certificate length")
        total = 2 + count + int.from_bytes(head[2 : 2 + count], "big")
    if total > MAX_CERTIFICATE_BYTES:
        raise CardError(CardErrorReason.UNREADABLE, detail="certificate too long")
    return total


def _tries_left(channel: CardChannel) -> int | None:
    """The PIN's tries left, or None when the card does not say (not an error)."""
    data = CpsLayout.pin_tries_command_data(CpsLayout.SIMULATOR_PIN_REFERENCE)
    response = channel.transmit(ApduCommand(0x00, 0xCB, 0x3F, 0xFF, data, le=256))
    if not response.is_success:
        return None
    try:
        counter = BerTlv.parse(response.data, padding=True).find(0x9B)
    except CardDataError:
        return None
    if counter is None or len(counter.value) != 1:
        return None
    return counter.value[0]
