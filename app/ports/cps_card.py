"""An open CPS card: its identity, its PIN, its authentication key.

The adapter keeps the connection (and so the card's verified-PIN state) until
``close`` or removal. It enforces the card rules itself: one VERIFY per ``verify_pin``
call, never a VERIFY once the PIN is blocked (``69 83`` or a counter at 0), 4-digit PINs
only.
"""

from typing import Protocol

from app.domain.cps_identity import CpsIdentity


class CpsCard(Protocol):
    """One session with one card; every method may raise ``CardError``."""

    @property
    def reader(self) -> str: ...

    @property
    def insertion(self) -> int:
        """The ``CardSlot.insertion`` this session was opened on."""

    @property
    def identity(self) -> CpsIdentity: ...

    @property
    def tries_left(self) -> int | None:
        """PIN tries left as last known (from GET DATA or ``63 Cx``); None if unknown."""

    @property
    def blocked(self) -> bool: ...

    async def verify_pin(self, pin: str) -> None:
        """Exactly one VERIFY. WRONG_PIN (with tries_left), PIN_BLOCKED, PIN_FORMAT."""

    async def sign(self, message: bytes) -> bytes:
        """Sign ``message`` with the authentication key, after a verified PIN.

        RSA keys: PKCS#1 v1.5 over a SHA-256 DigestInfo of ``message`` (the card pads);
        the result verifies with the certificate's public key.
        """

    async def close(self) -> None:
        """Disconnect; safe to call after removal or twice."""
