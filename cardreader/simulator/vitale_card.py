"""A simulated Carte Vitale 2 with one to several holders: REVERSE-ENGINEERED layout.

There is no public specification of the Vitale 2. The layout follows what cards.md
collected from cardpeek's ``vitale_2.lua`` and Rufus's ``lecteurvitale.cpp`` (see
VitaleLayout): the MF, named MF_VITALE, holds under SFI 2 one ``65`` object per holder
with ``80`` surname, ``81`` first name and ``82`` birth date; the VITALE application holds
under SFI 2 one ``65`` object per holder, in the same order, with ``93`` the NIR. Both
files are padded with zeros to a fixed size, as Rufus's reader expects.

The simulator's own choices: the file ids behind the SFIs, the file sizes, the ``66``
object (card validity start) placed after the NIRs, names coded in Latin-1, and
no rights data, EF ``2001`` map or card certificate (NOT PUBLIC or not needed).
Commands other than SELECT, READ BINARY and GET RESPONSE answer ``6D 00``.
"""

from cardreader.ber_tlv import BerTlv
from cardreader.simulator.card_file import CardFile
from cardreader.simulator.iso_card import IsoCard
from cardreader.simulator.simulated_beneficiary import SimulatedBeneficiary
from cardreader.vitale_layout import VitaleLayout as L

VITALE_2_ATR = bytes.fromhex("3B 75 13 00 00 44 09 EA 90 00")
_FILE_GRANULE = 64


def _padded(objects: list[BerTlv]) -> bytes:
    body = b"".join(o.encode() for o in objects)
    size = (len(body) // _FILE_GRANULE + 1) * _FILE_GRANULE  # always some zero padding
    return body + bytes(size - len(body))


class VitaleCard(IsoCard):
    """A Vitale 2 whose holders are ``beneficiaries``, in card order."""

    def __init__(
        self,
        beneficiaries: list[SimulatedBeneficiary],
        *,
        validity_start: str = "20240101",
        atr: bytes = VITALE_2_ATR,
    ) -> None:
        if not beneficiaries:
            raise ValueError("a Carte Vitale has at least its holder")
        self.beneficiaries = list(beneficiaries)
        identities = [
            BerTlv.of_children(
                L.TAG_BENEFICIARY,
                [
                    BerTlv.primitive(L.TAG_SURNAME, b.surname.encode("latin-1")),
                    BerTlv.primitive(L.TAG_FIRST_NAME, b.first_name.encode("latin-1")),
                    BerTlv.primitive(L.TAG_BIRTH_DATE, b.birth_date.encode("ascii")),
                ],
            )
            for b in beneficiaries
        ]
        nirs = [
            BerTlv.of_children(
                L.TAG_BENEFICIARY, [BerTlv.primitive(L.TAG_NIR, b.nir.encode("ascii"))]
            )
            for b in beneficiaries
        ]
        card = BerTlv.of_children(
            L.TAG_CARD,
            [BerTlv.primitive(L.TAG_CARD_VALIDITY_START, validity_start.encode("ascii"))],
        )
        mf = CardFile(L.MF, aid=L.AID_MF_VITALE)
        mf.add(CardFile(L.SIMULATOR_IDENTITY_FID, _padded(identities), sfi=L.IDENTITY_SFI))
        vitale = mf.add(CardFile(L.SIMULATOR_VITALE_DF_FID, aid=L.AID_VITALE))
        vitale.add(CardFile(L.SIMULATOR_NIR_FID, _padded([*nirs, card]), sfi=L.NIR_SFI))
        super().__init__(atr, mf)
