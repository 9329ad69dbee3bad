"""A CpsCard for unit tests: a real TEST key signs, the PIN rules are the card's.

It stands for ``cardreader``'s PC/SC card (which the integration tests drive through
pcscd and the simulator) where a test only needs the port: the signature is real RSA
PKCS#1 v1.5 / SHA-256 with a key of :class:`cardreader.simulator.test_pki.TestPki`, so
offline checks are real cryptography; ``verifies`` counts VERIFY commands as a card
would receive them.
"""

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.cps_identity import CpsIdentity
from cardreader.simulator.test_pki import PractitionerCredentials

PIN_TRIES = 3


class FakeCpsCard:
    """An open CPS: ``pin`` is right, ``tries`` left before it blocks."""

    def __init__(
        self,
        credentials: PractitionerCredentials,
        *,
        family_name: str = "MEDECIN",
        given_name: str = "Test",
        pin: str = "1234",
        reader: str = "Lecteur 0",
        insertion: int = 1,
        tries: int = PIN_TRIES,
        signing_key: rsa.RSAPrivateKey | None = None,
    ) -> None:
        self._identity = CpsIdentity(
            credentials.id_nat_ps, family_name, given_name, credentials.certificate_der
        )
        # ``signing_key`` other than the certificate's: a card whose key and certificate
        # disagree (the offline check must catch it).
        self._key = signing_key or credentials.private_key
        self._pin = pin
        self._reader = reader
        self._insertion = insertion
        self._tries = tries
        self._verified = False
        self.verifies = 0
        self.signed: list[bytes] = []
        self.removed = False
        self.closed = False

    @property
    def reader(self) -> str:
        return self._reader

    @property
    def insertion(self) -> int:
        return self._insertion

    @property
    def identity(self) -> CpsIdentity:
        return self._identity

    @property
    def tries_left(self) -> int | None:
        return self._tries

    @property
    def blocked(self) -> bool:
        return self._tries <= 0

    async def verify_pin(self, pin: str) -> None:
        self._present()
        if len(pin) != 4 or not pin.isdigit():
            raise CardError(CardErrorReason.PIN_FORMAT)
        if self.blocked:
            raise CardError(CardErrorReason.PIN_BLOCKED, tries_left=0)
        self.verifies += 1
        if pin != self._pin:
            self._tries -= 1
            self._verified = False
            if self._tries == 0:
                raise CardError(CardErrorReason.PIN_BLOCKED, tries_left=0)
            raise CardError(CardErrorReason.WRONG_PIN, tries_left=self._tries)
        self._tries = PIN_TRIES
        self._verified = True

    async def sign(self, message: bytes) -> bytes:
        self._present()
        if not self._verified:
            # 69 82, security status not satisfied: the port's callers never get here.
            raise CardError(CardErrorReason.UNREADABLE, detail="PIN not verified")
        self.signed.append(message)
        return self._key.sign(message, padding.PKCS1v15(), hashes.SHA256())

    async def close(self) -> None:
        self.closed = True

    def remove(self) -> None:
        """The card leaves its reader: every later call raises REMOVED."""
        self.removed = True
        self._verified = False

    def _present(self) -> None:
        if self.removed:
            raise CardError(CardErrorReason.REMOVED)
