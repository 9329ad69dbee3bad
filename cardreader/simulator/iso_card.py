"""A simulated ISO 7816-4 card: file system, SELECT, READ BINARY and response chaining.

Subclasses (the CPS, the Vitale 2) add their own commands. How this card answers is
the simulator's choice wherever ISO 7816-4 leaves room; it is written to exercise the
host's handling of the status words cards.md lists:

- response data longer than the command's Le, or a case-4 command sent without Le
  (T=0 style), is held back and announced with ``61 xx``; GET RESPONSE ``00 C0 00 00 xx``
  hands it out, ``61 yy`` again while more remains (``61 00``: 256 or more);
- READ BINARY and GET RESPONSE with a non-zero Le larger than what is left answer
  ``6C xx`` (repeat with Le = xx); Le ``00`` means "up to 256" and gets what is left;
- any other command discards data still waiting for GET RESPONSE.
"""

from collections.abc import Callable

from cardreader.apdu_command import ApduCommand
from cardreader.apdu_response import ApduResponse
from cardreader.card_data_error import CardDataError
from cardreader.simulator.card_file import CardFile
from cardreader.simulator.simulated_card import SimulatedCard
from cardreader.status_word import StatusWord

INS_SELECT = 0xA4
INS_READ_BINARY = 0xB0
INS_GET_RESPONSE = 0xC0

Handler = Callable[[ApduCommand], ApduResponse]

_NO_CURRENT_EF = StatusWord(0x69, 0x86)
_SHORT_MAX = 256


def _reply(status: StatusWord, data: bytes = b"") -> ApduResponse:
    return ApduResponse(data, status)


class IsoCard(SimulatedCard):
    """File system plus the commands every simulated card shares."""

    def __init__(self, atr: bytes, mf: CardFile) -> None:
        self._atr = atr
        self.mf = mf
        self.current_df = mf
        self.current_ef: CardFile | None = None
        self._pending = b""
        self._handlers: dict[int, Handler] = {
            INS_SELECT: self._select,
            INS_READ_BINARY: self._read_binary,
        }

    @property
    def atr(self) -> bytes:
        return self._atr

    def power_on(self) -> None:
        self.current_df = self.mf
        self.current_ef = None
        self._pending = b""

    def power_off(self) -> None:
        self.power_on()

    def transmit(self, apdu: bytes) -> bytes:
        try:
            command = ApduCommand.parse(apdu)
        except CardDataError:
            return StatusWord.WRONG_LENGTH.to_bytes()
        if command.ins == INS_GET_RESPONSE:
            return self._get_response(command).to_bytes()
        self._pending = b""
        if command.cla != 0x00:
            return StatusWord.CLA_NOT_SUPPORTED.to_bytes()
        handler = self._handlers.get(command.ins)
        if handler is None:
            return StatusWord.INS_NOT_SUPPORTED.to_bytes()
        response = handler(command)
        if command.ins == INS_READ_BINARY or not response.data:
            return response.to_bytes()
        return self._chain(command, response).to_bytes()

    def _chain(self, command: ApduCommand, response: ApduResponse) -> ApduResponse:
        if command.le is not None and len(response.data) <= command.le:
            return response
        self._pending = response.data
        return _reply(StatusWord(0x61, min(len(self._pending), _SHORT_MAX) & 0xFF))

    def _get_response(self, command: ApduCommand) -> ApduResponse:
        if command.cla != 0x00 or command.p1 or command.p2:
            self._pending = b""
            return _reply(StatusWord.WRONG_P1_P2)
        if not self._pending:
            return _reply(StatusWord.CONDITIONS_NOT_SATISFIED)
        if command.le is None:
            return _reply(StatusWord.WRONG_LENGTH)
        available = len(self._pending)
        if command.le != _SHORT_MAX and command.le > available:
            return _reply(StatusWord(0x6C, available & 0xFF))
        data, self._pending = self._pending[: command.le], self._pending[command.le :]
        if self._pending:
            return _reply(StatusWord(0x61, min(len(self._pending), _SHORT_MAX) & 0xFF), data)
        return _reply(StatusWord.OK, data)

    # SELECT ------------------------------------------------------------------------

    def _select(self, command: ApduCommand) -> ApduResponse:
        target = self._resolve(command.p1, command.data)
        if target is None:
            return _reply(StatusWord.FILE_NOT_FOUND)
        if target.is_df or target.parent is None:
            self.current_df, self.current_ef = target, None
        else:
            self.current_df, self.current_ef = target.parent, target
        # P2 b4-b3: 00 FCI, 01 FCP (both answered with the FCP here), 11 no data.
        if command.p2 & 0x0C == 0x0C:
            return _reply(StatusWord.OK)
        return _reply(StatusWord.OK, target.fcp())

    def _resolve(self, p1: int, data: bytes) -> CardFile | None:
        if p1 == 0x04:
            return self.mf.find_aid(data) if data else None
        if p1 in (0x08, 0x09):
            return self._walk(self.mf if p1 == 0x08 else self.current_df, data)
        if len(data) != 2:
            return None
        fid = int.from_bytes(data, "big")
        if p1 == 0x00:
            if fid == self.mf.fid:
                return self.mf
            return self.current_df.child_with_fid(fid) or (
                self.current_df.parent.child_with_fid(fid) if self.current_df.parent else None
            )
        if p1 in (0x01, 0x02):
            found = self.current_df.child_with_fid(fid)
            return found if found is not None and found.is_df == (p1 == 0x01) else None
        return None

    @staticmethod
    def _walk(start: CardFile, path: bytes) -> CardFile | None:
        if not path or len(path) % 2:
            return None
        node: CardFile | None = start
        for i in range(0, len(path), 2):
            fid = int.from_bytes(path[i : i + 2], "big")
            if node is None or not node.is_df:
                return None
            node = node.child_with_fid(fid)
        return node

    # READ BINARY -------------------------------------------------------------------

    def _read_binary(self, command: ApduCommand) -> ApduResponse:
        if command.p1 & 0x80:
            if command.p1 & 0x60:
                return _reply(StatusWord.WRONG_P1_P2)
            ef = self.current_df.child_with_sfi(command.p1 & 0x1F)
            if ef is None:
                return _reply(StatusWord.FILE_NOT_FOUND)
            self.current_ef = ef
            offset = command.p2
        else:
            if self.current_ef is None:
                return _reply(_NO_CURRENT_EF)
            ef = self.current_ef
            offset = command.p1 << 8 | command.p2
        if command.le is None or command.data:
            return _reply(StatusWord.WRONG_LENGTH)
        content = ef.content or b""
        if offset > len(content):
            return _reply(StatusWord.OFFSET_OUTSIDE_FILE)
        available = len(content) - offset
        if available == 0:
            return _reply(StatusWord.END_OF_FILE)
        if command.le < _SHORT_MAX and command.le > available:
            return _reply(StatusWord(0x6C, available))
        return _reply(StatusWord.OK, content[offset : offset + command.le])
