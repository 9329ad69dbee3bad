"""A file of a simulated card's ISO 7816-4 file system: a DF (with children) or an EF."""

from dataclasses import dataclass, field

from cardreader.ber_tlv import BerTlv


@dataclass(eq=False)
class CardFile:
    """A DF when ``content`` is None, an EF otherwise; ``aid`` names a DF (its DF name)."""

    fid: int | None
    content: bytes | None = None
    aid: bytes | None = None
    sfi: int | None = None
    children: list["CardFile"] = field(default_factory=list)
    parent: "CardFile | None" = field(default=None, repr=False)

    @property
    def is_df(self) -> bool:
        return self.content is None

    def add(self, child: "CardFile") -> "CardFile":
        if not self.is_df:
            raise ValueError("only a DF has children")
        child.parent = self
        self.children.append(child)
        return child

    def child_with_fid(self, fid: int) -> "CardFile | None":
        return next((c for c in self.children if c.fid == fid), None)

    def child_with_sfi(self, sfi: int) -> "CardFile | None":
        return next((c for c in self.children if c.sfi == sfi and not c.is_df), None)

    def find_aid(self, aid: bytes) -> "CardFile | None":
        """This DF or a DF below it whose name is ``aid``."""
        if self.aid == aid:
            return self
        for child in self.children:
            if child.is_df and (found := child.find_aid(aid)) is not None:
                return found
        return None

    def fcp(self) -> bytes:
        """File control parameters (ISO 7816-4 template ``62``) as SELECT returns them."""
        items = []
        if self.content is not None:
            items.append(BerTlv.primitive(0x80, len(self.content).to_bytes(2, "big")))
            items.append(BerTlv.primitive(0x82, b"\x01"))  # transparent working EF
        else:
            items.append(BerTlv.primitive(0x82, b"\x38"))  # DF
        if self.fid is not None:
            items.append(BerTlv.primitive(0x83, self.fid.to_bytes(2, "big")))
        if self.aid is not None:
            items.append(BerTlv.primitive(0x84, self.aid))
        return BerTlv.of_children(0x62, items).encode()
