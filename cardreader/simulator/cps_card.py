"""A simulated CPS (CPS3 contact, CPS3 contactless or CPS4) holding TEST credentials.

What rests on cards.md (ANS Cryptolib CPS, OpenSC IAS-ECC): the ATRs, the IAS AIDs,
EF.SN.ICC and EF_ACTUA, a 4-digit PIN with 3 tries, ``63 Cx`` / ``69 83``, GET DATA
``00 CB 3F FF`` for the tries counters (tags 9A, 9B, 9D), MSE SET ``00 22 41 A4/B6``
with the key under tag 84, INTERNAL AUTHENTICATE ``00 88 00 00`` and PSO COMPUTE
DIGITAL SIGNATURE ``00 2A 9E 9A``, no PIN and no signature in contactless mode.

The simulator's own choices, where cards.md says nothing or NOT PUBLIC (see CpsLayout):
the PIN reference, key references and certificate file ids; the certificates as
plain DER in transparent EFs of the IAS application; the PIN sent as its ASCII digits
(trailing ``FF`` or ``00`` padding up to 8 bytes is accepted); the tries answer nested
as ``70 { BF81<ref> { A0 { 9A 9B 9D } } }``; signatures as RSA PKCS#1 v1.5 (type 1
padding) over the data sent, which the host makes a DigestInfo (e.g. of SHA-256), so
the result checks with any standard ``RSA PKCS1v15 + SHA-256`` verifier; the last
wrong PIN answers ``63 C0`` and every VERIFY after it ``69 83``, which never changes.
"""

import datetime

from app.domain.card_kind import CardKind
from cardreader.apdu_command import ApduCommand
from cardreader.apdu_response import ApduResponse
from cardreader.ber_tlv import BerTlv
from cardreader.card_data_error import CardDataError
from cardreader.cps_layout import CpsLayout
from cardreader.simulator.card_file import CardFile
from cardreader.simulator.iso_card import IsoCard
from cardreader.simulator.test_pki import PractitionerCredentials
from cardreader.status_word import StatusWord

ATRS = {
    CardKind.CPS3_CONTACT: bytes.fromhex("3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00"),
    CardKind.CPS3_CONTACTLESS: bytes.fromhex(
        "3B 8F 80 01 00 31 B8 64 04 B0 EC C1 73 94 01 80 82 90 00 0E"
    ),
    CardKind.CPS4: bytes.fromhex("3B 9B 18 80 01 00 12 25 00 64 80 04 01 00 00 90 44"),
}

INS_VERIFY = 0x20
INS_MSE = 0x22
INS_PSO = 0x2A
INS_INTERNAL_AUTHENTICATE = 0x88
INS_GET_DATA = 0xCB
# PKCS#1 v1.5 type-1 padding needs 11 bytes around the data.
_PKCS1_OVERHEAD = 11


def _reply(status: StatusWord, data: bytes = b"") -> ApduResponse:
    return ApduResponse(data, status)


def _bcd_date(day: datetime.date) -> bytes:
    return bytes.fromhex(day.strftime("%Y%m%d"))


class CpsCard(IsoCard):
    """A practitioner card.

    For tests: ``pin_tries_left``, ``blocked``, and ``verify_attempts``, the VERIFY
    commands carrying a PIN that reached the card, refused ones included.
    """

    def __init__(
        self,
        kind: CardKind,
        authentication: PractitionerCredentials,
        signature: PractitionerCredentials | None = None,
        *,
        pin: str = "1234",
        serial: str = "0000012345",
        tries_left: int = CpsLayout.PIN_MAX_TRIES,
    ) -> None:
        if kind not in ATRS:
            raise ValueError(f"{kind} is not a CPS")
        if len(pin) != CpsLayout.PIN_LENGTH or not pin.isdigit():
            raise ValueError("a CPS PIN is 4 digits")
        if len(serial) != 10 or not serial.isdigit():
            raise ValueError("the serial is 10 digits (5 BCD bytes)")
        self.kind = kind
        self.contactless = kind is CardKind.CPS3_CONTACTLESS
        self.pin = pin
        self.pin_tries_left = tries_left
        self.verify_attempts = 0
        self._pin_verified = False
        self._environment: tuple[int, int] | None = None  # (template, key reference)
        self._keys = {CpsLayout.SIMULATOR_AUTH_KEY_REFERENCE: authentication}
        if signature is not None:
            self._keys[CpsLayout.SIMULATOR_SIGN_KEY_REFERENCE] = signature
        super().__init__(ATRS[kind], self._file_system(authentication, signature, serial))
        self._handlers.update(
            {
                INS_VERIFY: self._verify,
                INS_GET_DATA: self._get_data,
                INS_MSE: self._manage_security_environment,
                INS_INTERNAL_AUTHENTICATE: self._internal_authenticate,
                INS_PSO: self._perform_security_operation,
            }
        )

    @property
    def blocked(self) -> bool:
        return self.pin_tries_left == 0

    @property
    def pin_verified(self) -> bool:
        return self._pin_verified

    def power_on(self) -> None:
        super().power_on()
        self._pin_verified = False
        self._environment = None

    def _file_system(
        self,
        authentication: PractitionerCredentials,
        signature: PractitionerCredentials | None,
        serial: str,
    ) -> CardFile:
        mf = CardFile(0x3F00)
        sn = b"\x5a\x0a" + CpsLayout.SERIAL_ISSUER_PREFIX + bytes.fromhex(serial)
        mf.add(CardFile(CpsLayout.EF_SN_ICC, sn))
        not_before = authentication.certificate.not_valid_before_utc.date()
        not_after = authentication.certificate.not_valid_after_utc.date()
        actua = BerTlv.of_children(
            0xEC,
            [
                BerTlv.primitive(0x81, _bcd_date(not_before)),
                BerTlv.primitive(0x82, _bcd_date(not_after)),
            ],
        )
        mf.add(CardFile(CpsLayout.EF_ACTUA, actua.encode()))
        aid = CpsLayout.IAS_AID_CONTACTLESS if self.contactless else CpsLayout.IAS_AID
        ias = mf.add(CardFile(None, aid=aid))
        ias.add(CardFile(CpsLayout.SIMULATOR_AUTH_CERTIFICATE_FID, authentication.certificate_der))
        if signature is not None and not self.contactless:
            ias.add(CardFile(CpsLayout.SIMULATOR_SIGN_CERTIFICATE_FID, signature.certificate_der))
        return mf

    # PIN ---------------------------------------------------------------------------

    def _verify(self, command: ApduCommand) -> ApduResponse:
        if command.p1 != 0x00 or command.p2 != CpsLayout.SIMULATOR_PIN_REFERENCE:
            return _reply(StatusWord.REFERENCED_DATA_NOT_FOUND)
        if command.data:
            # Counted before any check: tests assert that a blocked card gets none.
            self.verify_attempts += 1
        if self.contactless:
            return _reply(StatusWord.REFERENCED_DATA_NOT_FOUND)
        if self.blocked:
            return _reply(StatusWord.AUTHENTICATION_BLOCKED)
        if not command.data:
            # ISO 7816-4: VERIFY without data asks for the state, it spends no try.
            if self._pin_verified:
                return _reply(StatusWord.OK)
            return _reply(StatusWord(0x63, 0xC0 | self.pin_tries_left))
        if command.data.rstrip(b"\xff\x00") == self.pin.encode("ascii"):
            self.pin_tries_left = CpsLayout.PIN_MAX_TRIES
            self._pin_verified = True
            return _reply(StatusWord.OK)
        self.pin_tries_left -= 1
        self._pin_verified = False
        return _reply(StatusWord(0x63, 0xC0 | self.pin_tries_left))

    def _get_data(self, command: ApduCommand) -> ApduResponse:
        if (command.p1, command.p2) != (0x3F, 0xFF):
            return _reply(StatusWord.WRONG_P1_P2)
        data = command.data
        if len(data) != 10 or data[:6] != bytes.fromhex("4D 08 70 06 BF 81"):
            return _reply(StatusWord.WRONG_DATA)
        if data != CpsLayout.pin_tries_command_data(data[6]):
            return _reply(StatusWord.WRONG_DATA)
        reference = data[6]
        if reference != CpsLayout.SIMULATOR_PIN_REFERENCE or self.contactless:
            return _reply(StatusWord.REFERENCED_DATA_NOT_FOUND)
        counters = BerTlv.of_children(
            0xA0,
            [
                BerTlv.primitive(0x9A, bytes((CpsLayout.PIN_MAX_TRIES,))),
                BerTlv.primitive(0x9B, bytes((self.pin_tries_left,))),
                BerTlv.primitive(0x9D, b"\xff"),  # uses left: unlimited
            ],
        )
        pin_object = BerTlv.of_children(0xBF8100 | reference, [counters])
        return _reply(StatusWord.OK, BerTlv.of_children(0x70, [pin_object]).encode())

    # Signing -----------------------------------------------------------------------

    def _manage_security_environment(self, command: ApduCommand) -> ApduResponse:
        if command.p1 not in (0x41, 0x81, 0xC1):
            return _reply(StatusWord.WRONG_P1_P2)
        template = command.p2
        if template == CpsLayout.TEMPLATE_DECIPHER:
            return _reply(StatusWord.FUNCTION_NOT_SUPPORTED)
        if template not in (CpsLayout.TEMPLATE_AUTHENTICATION, CpsLayout.TEMPLATE_SIGNATURE):
            return _reply(StatusWord.WRONG_P1_P2)
        try:
            objects = BerTlv.parse_all(command.data)
        except CardDataError:
            return _reply(StatusWord.WRONG_DATA)
        key_object = next((o for o in objects if o.tag in (0x83, 0x84)), None)
        if key_object is None or len(key_object.value) != 1:
            return _reply(StatusWord.WRONG_DATA)
        key = key_object.value[0] & 0x7F  # with or without the "local" bit
        expected = (
            CpsLayout.SIMULATOR_AUTH_KEY_REFERENCE
            if template == CpsLayout.TEMPLATE_AUTHENTICATION
            else CpsLayout.SIMULATOR_SIGN_KEY_REFERENCE
        )
        if self.contactless or key != expected or key not in self._keys:
            return _reply(StatusWord.REFERENCED_DATA_NOT_FOUND)
        self._environment = (template, key)
        return _reply(StatusWord.OK)

    def _internal_authenticate(self, command: ApduCommand) -> ApduResponse:
        if command.p1 or command.p2:
            return _reply(StatusWord.WRONG_P1_P2)
        return self._sign(CpsLayout.TEMPLATE_AUTHENTICATION, command.data)

    def _perform_security_operation(self, command: ApduCommand) -> ApduResponse:
        if (command.p1, command.p2) != (0x9E, 0x9A):
            return _reply(StatusWord.WRONG_P1_P2)
        return self._sign(CpsLayout.TEMPLATE_SIGNATURE, command.data)

    def _sign(self, template: int, data: bytes) -> ApduResponse:
        if self.contactless:
            return _reply(StatusWord.CONDITIONS_NOT_SATISFIED)
        if self._environment is None or self._environment[0] != template:
            return _reply(StatusWord.CONDITIONS_NOT_SATISFIED)
        if not self._pin_verified:
            return _reply(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        private_key = self._keys[self._environment[1]].private_key
        numbers = private_key.private_numbers()
        size = (numbers.public_numbers.n.bit_length() + 7) // 8
        if not data or len(data) > size - _PKCS1_OVERHEAD:
            return _reply(StatusWord.WRONG_DATA)
        padded = b"\x00\x01" + b"\xff" * (size - len(data) - 3) + b"\x00" + data
        signature = pow(int.from_bytes(padded, "big"), numbers.d, numbers.public_numbers.n)
        return _reply(StatusWord.OK, signature.to_bytes(size, "big"))
