"""Where things are on a CPS (IAS-ECC) card, and which values are this project's choice.

From ../shared/reference/cards.md (ANS Cryptolib CPS, OpenSC ``card-iasecc.c``):
the IAS application AIDs, EF.SN.ICC ``3F00/D003`` (12 bytes, bytes 2 to 6 = ``80 25 00 00 01``,
counted from 0: ``5A 0A`` then the BCD serial), EF_ACTUA ``3F00/D010``, the PIN tries
GET DATA, the MSE SET templates and the status words.

NOT PUBLIC, so chosen here and used by the simulator (a real card is read through its
PKCS#15 structure, or through ANS's Cryptolib PKCS#11 module where it is licensed):
the PIN reference, the key references and the file ids of the two certificates.
"""

from typing import Final


class CpsLayout:
    """Constants for talking to a CPS; ``SIMULATOR_*`` values are ours, not ANS's."""

    IAS_AID: Final = bytes.fromhex("E8 28 BD 08 0F 80 25 00 00 01 FF 00 10")
    IAS_AID_CONTACTLESS: Final = bytes.fromhex("E8 28 BD 08 0F 80 25 00 00 01 FF 00 20")
    EF_SN_ICC: Final = 0xD003
    EF_ACTUA: Final = 0xD010
    # The issuer part of the serial number: ANS (cards.md).
    SERIAL_ISSUER_PREFIX: Final = bytes.fromhex("80 25 00 00 01")
    PIN_LENGTH: Final = 4
    PIN_MAX_TRIES: Final = 3

    # MSE SET P1-P2 (cards.md): 41 then A4 authentication, B6 signature, B8 decipher.
    MSE_SET: Final = 0x41
    TEMPLATE_AUTHENTICATION: Final = 0xA4
    TEMPLATE_SIGNATURE: Final = 0xB6
    TEMPLATE_DECIPHER: Final = 0xB8

    # Our choices where cards.md says the value is not published.
    SIMULATOR_PIN_REFERENCE: Final = 0x01
    SIMULATOR_AUTH_KEY_REFERENCE: Final = 0x02
    SIMULATOR_SIGN_KEY_REFERENCE: Final = 0x01
    SIMULATOR_AUTH_CERTIFICATE_FID: Final = 0xC100
    SIMULATOR_SIGN_CERTIFICATE_FID: Final = 0xC200

    @staticmethod
    def pin_tries_command_data(pin_reference: int) -> bytes:
        """The data of GET DATA ``00 CB 3F FF`` asking for a PIN's counters (cards.md)."""
        return bytes.fromhex("4D 08 70 06 BF 81") + bytes((pin_reference,)) + b"\x02\xa0\x80"
