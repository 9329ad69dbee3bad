"""One slot of pcscd's vpcd virtual reader, with a simulated card that can come and go.

vpcd (GitHub frankmorgner/vsmartcard, ``virtualsmartcard/doc/api.rst``, cards.md) listens
on a TCP port inside pcscd (35963 for its first slot, the next port for the next slot);
the card side connects to it. Each message is a 2-byte big-endian length then the
payload: one byte for a control message (``00`` power off, ``01`` power on, ``02`` reset,
``04`` get ATR, which wants the ATR back), anything longer a C-APDU wanting its R-APDU.

Inserting a card is connecting; removing it is closing the connection, which vpcd
reports to pcscd as an empty slot. A card pulled while a command is on its way
(``pull_at_command``) never answers it: vpcd then hands pcscd an empty response, which
the host receives as a "successful" transmit of 0 bytes, before the slot goes empty;
a card removed between commands makes the next transmit fail.

The link lives on its own thread and reconnects while a card is inserted, so a card
survives pcscd restarting, as a real card stays in a reader while the service restarts
(it is powered up again by the new pcscd).
"""

import contextlib
import logging
import socket
import threading
from collections.abc import Callable

from cardreader.simulator.simulated_card import SimulatedCard
from cardreader.status_word import StatusWord

VPCD_DEFAULT_PORT = 35963

_POWER_OFF = 0x00
_POWER_ON = 0x01
_RESET = 0x02
_GET_ATR = 0x04

_log = logging.getLogger(__name__)

# Called with each C-APDU and its index since the card was inserted; True pulls the card.
PullTrigger = Callable[[bytes, int], bool]


class SimulatedReader:
    """A vpcd slot; ``insert``/``remove``/``pull_*`` may be called from any thread."""

    def __init__(
        self,
        port: int = VPCD_DEFAULT_PORT,
        host: str = "127.0.0.1",
        *,
        reconnect_interval: float = 0.05,
    ) -> None:
        self.host = host
        self.port = port
        self._reconnect_interval = reconnect_interval
        self._state = threading.Condition()
        self._card: SimulatedCard | None = None
        # Bumped by every insert and removal: a link that sees it change knows the
        # connection it serves belongs to a card that is gone.
        self._generation = 0
        self._socket: socket.socket | None = None
        self._pull: PullTrigger | None = None
        self._commands: list[bytes] = []
        self._connections = 0
        self._stopping = False
        self._thread: threading.Thread | None = None

    # Control, from tests or the command line -----------------------------------------

    def start(self) -> "SimulatedReader":
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name=f"vpcd-link-{self.port}", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        with self._state:
            self._stopping = True
            self._card = None
            self._generation += 1
            self._drop_connection()
            self._state.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def insert(self, card: SimulatedCard) -> None:
        """Put ``card`` in the reader (a card already there is taken out first)."""
        with self._state:
            self._card = card
            self._generation += 1
            self._pull = None
            self._commands = []
            self._drop_connection()
            self._state.notify_all()

    def remove(self) -> None:
        """Take the card out, between two commands or in the middle of one."""
        with self._state:
            self._card = None
            self._generation += 1
            self._pull = None
            self._drop_connection()
            self._state.notify_all()

    def pull_at_command(self, index: int) -> None:
        """Make the card vanish when its ``index``-th C-APDU (from 0) arrives, unanswered."""
        self.pull_when(lambda _apdu, i: i == index)

    def pull_when(self, trigger: PullTrigger | None) -> None:
        """Make the card vanish at the first C-APDU for which ``trigger`` says True."""
        with self._state:
            self._pull = trigger

    @property
    def card(self) -> SimulatedCard | None:
        return self._card

    @property
    def connected(self) -> bool:
        """Whether pcscd's vpcd holds our connection (the card is in, as pcscd sees it)."""
        return self._socket is not None

    @property
    def connections(self) -> int:
        """How many times the link has connected (more than once: reconnections)."""
        return self._connections

    def received_commands(self) -> list[bytes]:
        """The C-APDUs the current card received, in order (for tests)."""
        with self._state:
            return list(self._commands)

    def wait_connected(self, timeout: float) -> bool:
        with self._state:
            return self._state.wait_for(lambda: self._socket is not None, timeout)

    # The link thread -----------------------------------------------------------------

    def _drop_connection(self) -> None:
        # shutdown() wakes the link thread blocked in recv(); close() alone would not.
        if self._socket is not None:
            with contextlib.suppress(OSError):  # already closed by the other side
                self._socket.shutdown(socket.SHUT_RDWR)

    def _run(self) -> None:
        while True:
            with self._state:
                self._state.wait_for(lambda: self._stopping or self._card is not None)
                if self._stopping:
                    return
                card, generation = self._card, self._generation
            if card is None:
                continue
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
            except OSError:
                # pcscd not (yet, or no longer) listening: try again shortly.
                with self._state:
                    self._state.wait(self._reconnect_interval)
                continue
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._state:
                if generation != self._generation or self._stopping:
                    sock.close()
                    continue
                self._socket = sock
                self._connections += 1
                self._state.notify_all()
            try:
                self._serve(sock, card, generation)
            except OSError as error:
                _log.debug("vpcd link on port %d dropped: %s", self.port, error)
            finally:
                with self._state:
                    if self._socket is sock:
                        self._socket = None
                    self._state.notify_all()
                sock.close()
            with self._state:
                # Dropped by pcscd, not by us: wait a little before reconnecting.
                if generation == self._generation:
                    self._state.wait(self._reconnect_interval)

    def _serve(self, sock: socket.socket, card: SimulatedCard, generation: int) -> None:
        while True:
            header = _recv_exact(sock, 2)
            if header is None:
                return
            payload = _recv_exact(sock, int.from_bytes(header, "big"))
            if payload is None:
                return
            if len(payload) == 1:
                self._control(sock, card, payload[0])
                continue
            with self._state:
                if generation != self._generation:
                    return
                index = len(self._commands)
                self._commands.append(payload)
                trigger = self._pull
            if trigger is not None and trigger(payload, index):
                with self._state:
                    if generation == self._generation:
                        self._card = None
                        self._generation += 1
                        self._pull = None
                # vpcd turns the closed connection into an empty answer that pcscd
                # passes on as a success with 0 bytes (a real reader fails the transmit
                # instead): hosts must take a response without status word as removal.
                return
            _send(sock, self._answer(card, payload))

    @staticmethod
    def _control(sock: socket.socket, card: SimulatedCard, message: int) -> None:
        if message == _GET_ATR:
            _send(sock, card.atr)
        elif message == _POWER_ON:
            card.power_on()
        elif message == _POWER_OFF:
            card.power_off()
        elif message == _RESET:
            card.reset()
        else:
            _log.warning("unknown vpcd control message %02X", message)

    @staticmethod
    def _answer(card: SimulatedCard, apdu: bytes) -> bytes:
        try:
            return card.transmit(apdu)
        except Exception:  # noqa: BLE001 - see below
            # A bug in a simulated card must show as a failed command in the test that
            # hit it, not as a link thread dying and every later test hanging.
            _log.exception("simulated card failed on %s", apdu.hex())
            return StatusWord.NO_PRECISE_DIAGNOSIS.to_bytes()


def _recv_exact(sock: socket.socket, count: int) -> bytes | None:
    data = bytearray()
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(len(payload).to_bytes(2, "big") + payload)
