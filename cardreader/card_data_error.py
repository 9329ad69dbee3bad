"""The one error the card-data parsers raise: bytes from a card that do not parse.

ATR, APDU and BER-TLV parsers raise only this (their fuzz tests check it), so a caller
can turn any malformed answer from a card into « Carte non reconnue » with one except.
"""


class CardDataError(Exception):
    """Bytes from (or for) a card that are malformed; the message says where."""
