"""Where a Carte Vitale 2 keeps its holders' identity: REVERSE-ENGINEERED, not specified.

No public specification exists; everything here comes from the reverse engineering
collected in ../shared/reference/cards.md: cardpeek's ``vitale_2.lua`` (AIDs, BER-TLV
tags) and Rufus's ``lecteurvitale.cpp`` (the reading sequence: SELECT ``3F00``, READ
BINARY by SFI 2 for names and birth dates; SELECT the VITALE AID, READ BINARY by SFI 2
for the NIRs, one ``65`` object per holder in the same order in both files).
Rights data (régime, caisse, periods) and card authentication are NOT PUBLIC: they
come through GIE SESAM-Vitale's licensed components, never from here.
"""

from typing import Final


class VitaleLayout:
    """Constants for reading a Vitale 2; the ``SIMULATOR_*`` ones are our own choice."""

    AID_VITALE: Final = bytes.fromhex("D2 50 00 00 02 56 49 54 41 4C 45")  # "VITALE"
    AID_MF_VITALE: Final = bytes.fromhex("D2 50 00 00 02 4D 46 5F 56 49 54 41 4C 45")
    MF: Final = 0x3F00
    # READ BINARY by short file identifier: P1 = 80 | SFI (Rufus: 00 B0 82 00 00).
    IDENTITY_SFI: Final = 2
    NIR_SFI: Final = 2

    TAG_BENEFICIARY: Final = 0x65
    TAG_SURNAME: Final = 0x80
    TAG_FIRST_NAME: Final = 0x81
    TAG_BIRTH_DATE: Final = 0x82  # ASCII YYYYMMDD
    TAG_NATIONALITY: Final = 0x90
    TAG_NIR: Final = 0x93
    TAG_CARD: Final = 0x66
    TAG_CARD_VALIDITY_START: Final = 0x80  # inside 66

    # Our choices: file ids behind the SFIs (only the SFIs are known) and where the
    # 66 object sits (after the NIRs).
    SIMULATOR_IDENTITY_FID: Final = 0x0002
    SIMULATOR_NIR_FID: Final = 0x0102
    SIMULATOR_VITALE_DF_FID: Final = 0x0100
