"""Practitioner login: the CPS card (PIN + signed challenge, online or offline) or e-CPS.

The login screen's only partner. Online: the backend's challenge is signed by the card
and exchanged for a token (``LoginGateway``). Offline (the gateway raises
``ConnectionError``): for a practitioner who logged in online on this profile before,
a local random challenge signed by the card and checked with the public key of the
certificate remembered then. e-CPS (``EcpsGateway``, Pro Santé Connect) is online
only. Every attempt, good or bad, is audited, except an e-CPS login given up or failing
before PSC named anyone (there is nobody to name; the log says why).

The audit says who tried (``Practitioner/<id>``, or a conditional reference on the
idNatPs when the store has no such Practitioner yet), on which workstation, and whether
it worked (outcome ``0``) or not (``4``); never the PIN, the certificate or a name.
"""

import asyncio
import logging
import secrets
import uuid
from collections.abc import Callable
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from app.audit.audit_entry import AuditAction, AuditRecord
from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_kind import CardKind
from app.domain.card_reader_state import CardReaderState
from app.domain.cps_identity import CpsIdentity
from app.domain.identifier_system import FR_CORE_IDENTIFIER_TYPE, IdentifierSystem
from app.domain.login_refused_error import LoginRefusedError
from app.domain.login_refused_reason import LoginRefusedReason
from app.ports.card_reader import CardReader
from app.ports.cps_card import CpsCard
from app.ports.ecps_gateway import EcpsGateway
from app.ports.login_gateway import LoginGateway
from app.services.login_outcome import LoginOutcome
from app.services.session import Session
from app.store.encrypted_store import EncryptedStore
from app.store.resource_write import ResourceWrite

log = logging.getLogger(__name__)

# What the card signs for an offline login. Distinct from the server's prefix
# (``cabinet-cps-login-v1``), so a signature made here can never be replayed as an
# online login, and, like it, never a TLS handshake's input.
OFFLINE_PREFIX = b"cabinet-offline-login-v1\x00"
OFFLINE_NONCE_BYTES = 32
OUTCOME_SUCCESS = "0"
OUTCOME_FAILURE = "4"

FhirJson = dict[str, Any]


class LoginService:
    """Opens the CPS, checks the PIN, proves the card, and makes the ``Session``."""

    def __init__(
        self,
        store: EncryptedStore,
        cards: CardReader,
        gateway: LoginGateway | None,
        workstation: str,
        *,
        ecps: EcpsGateway | None = None,
    ) -> None:
        self._store = store
        self._cards = cards
        self._gateway = gateway
        self._workstation = workstation
        self._ecps = ecps

    @property
    def ecps_available(self) -> bool:
        return self._ecps is not None

    @property
    def reader_state(self) -> CardReaderState:
        return self._cards.state

    def on_reader_state(self, callback: Callable[[CardReaderState], None]) -> None:
        """``callback`` runs on the loop for each reader/card change."""
        self._cards.on_state_change(callback)

    async def open_card(self) -> CpsCard:
        """The CPS in the first reader holding one. Raises ``CardError`` (NO_CARD when
        no reader holds a CPS; CONTACTLESS, UNKNOWN_CARD, NOT_CPS... from the reader)."""
        slot = self._cards.state.holding(
            lambda kind: kind.is_cps,
            [
                (lambda kind: kind.is_vitale, CardErrorReason.NOT_CPS),
                (lambda kind: kind is CardKind.UNKNOWN, CardErrorReason.UNKNOWN_CARD),
            ],
        )
        return await self._cards.open_cps(slot.reader)

    async def login(self, card: CpsCard, pin: str) -> LoginOutcome:
        """One VERIFY with ``pin``, then the challenge; ``CardError`` for the card's
        refusals (WRONG_PIN with tries left, PIN_BLOCKED, REMOVED...), ``LoginRefusedError``
        for the server's or the offline check's. An unlock, which only the session
        owner's card may do, goes through :meth:`unlock`."""
        identity = card.identity
        try:
            await card.verify_pin(pin)
        except CardError as exc:
            await self._audit_failure(identity, f"PIN {exc.reason.value}")
            raise
        try:
            online = await self._prove_online(card, identity)
            if not online:
                await self._prove_offline(card, identity)
        except LoginRefusedError as exc:
            await self._audit_failure(identity, exc.reason.value)
            raise
        except CardError as exc:
            await self._audit_failure(identity, f"card {exc.reason.value}")
            raise
        session = await self._session_of(identity, remember=online)
        log.info(
            "card login of %s (%s)", session.practitioner_ref, "online" if online else "offline"
        )
        return LoginOutcome(session=session, identity=identity, online=online, card=card)

    async def unlock(self, card: CpsCard, pin: str, owner_id_nat_ps: str) -> LoginOutcome:
        """Like :meth:`login`, for a locked session: only its owner's card unlocks it
        (``LoginRefusedError(OTHER_PRACTITIONER)`` otherwise, before any VERIFY)."""
        identity = card.identity
        if identity.id_nat_ps != owner_id_nat_ps:
            await self._audit_failure(identity, LoginRefusedReason.OTHER_PRACTITIONER.value)
            raise LoginRefusedError(LoginRefusedReason.OTHER_PRACTITIONER)
        return await self.login(card, pin)

    async def login_ecps(
        self, cancel: asyncio.Event, *, owner_id_nat_ps: str | None = None
    ) -> LoginOutcome:
        """e-CPS through Pro Santé Connect; ``owner_id_nat_ps`` to unlock that
        practitioner's session (only theirs). ``LoginRefusedError`` when it fails."""
        ecps = self._ecps
        if ecps is None:
            raise LoginRefusedError(LoginRefusedReason.ECPS_UNAVAILABLE, "not configured")
        try:
            identity = await ecps.login(cancel, id_nat_ps=owner_id_nat_ps)
        except LoginRefusedError as exc:
            log.info("e-CPS login refused: %s", exc.reason.value)
            raise
        if owner_id_nat_ps is not None and identity.id_nat_ps != owner_id_nat_ps:
            ecps.forget()
            await self._audit_failure(identity, LoginRefusedReason.OTHER_PRACTITIONER.value)
            raise LoginRefusedError(LoginRefusedReason.OTHER_PRACTITIONER)
        # Nothing to remember for an offline login: without a card there is none.
        session = await self._session_of(identity, remember=False)
        log.info("e-CPS login of %s", session.practitioner_ref)
        return LoginOutcome(session=session, identity=identity, online=True, card=None)

    async def renew_online(self, outcome: LoginOutcome) -> bool:
        """After an offline login, or when the token nears expiry: sign a fresh server
        challenge with the still-open card (no PIN), or renew an e-CPS session's token.
        False when the server is still unreachable; ``CardError``/``LoginRefusedError``
        otherwise."""
        if outcome.card is None:
            if self._ecps is None:  # pragma: no cover - an e-CPS outcome came from it
                raise LoginRefusedError(LoginRefusedReason.ECPS_UNAVAILABLE)
            return await self._ecps.renew()
        identity = outcome.card.identity
        try:
            online = await self._prove_online(outcome.card, identity)
        except LoginRefusedError as exc:
            await self._audit_failure(identity, exc.reason.value)
            raise
        if online:
            await self._remember(identity, outcome.session.practitioner_ref)
            await self._store.commit(
                [], [self._record(outcome.session.practitioner_ref, OUTCOME_SUCCESS)]
            )
        return online

    # -- proofs ----------------------------------------------------------------------

    async def _prove_online(self, card: CpsCard, identity: CpsIdentity) -> bool:
        """True once the server took the card's signature; False when it is unreachable."""
        gateway = self._gateway
        if gateway is None:
            return False
        try:
            nonce = await gateway.challenge()
            signature = await card.sign(gateway.signed_message(nonce))
            id_nat_ps = await gateway.login(identity.certificate, nonce, signature)
        except ConnectionError as exc:
            log.info("server unreachable for the card login (%s)", type(exc).__name__)
            return False
        except PermissionError as exc:
            raise LoginRefusedError(LoginRefusedReason.SERVER_REFUSED, str(exc)) from None
        if id_nat_ps != identity.id_nat_ps:
            # The server read another practitioner out of the same certificate: its idea
            # of who is logged in would not be the session's.
            raise LoginRefusedError(LoginRefusedReason.SERVER_REFUSED, "identity mismatch")
        return True

    async def _prove_offline(self, card: CpsCard, identity: CpsIdentity) -> None:
        """The card signs a local challenge, checked with the certificate remembered at
        its last online login; LoginRefusedError when that cannot be done or fails."""
        known = await self._store.known_card(identity.id_nat_ps)
        if known is None:
            raise LoginRefusedError(LoginRefusedReason.UNKNOWN_OFFLINE)
        if known.certificate != identity.certificate:
            # A renewed card (or another one claiming the idNatPs): the server has not
            # vouched for this certificate yet, so it has to be seen online first.
            raise LoginRefusedError(LoginRefusedReason.UNKNOWN_OFFLINE, "certificate differs")
        message = OFFLINE_PREFIX + secrets.token_bytes(OFFLINE_NONCE_BYTES)
        signature = await card.sign(message)
        if not self._signature_matches(known.certificate, message, signature):
            raise LoginRefusedError(LoginRefusedReason.BAD_SIGNATURE)

    @staticmethod
    def _signature_matches(certificate_der: bytes, message: bytes, signature: bytes) -> bool:
        try:
            key = x509.load_der_x509_certificate(certificate_der).public_key()
            if isinstance(key, rsa.RSAPublicKey):
                key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
                return True
            if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
                key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
                return True
        except (InvalidSignature, ValueError):
            return False
        return False  # a key of a kind no CPS has

    # -- session, practitioner, audit ------------------------------------------------

    async def _session_of(self, identity: CpsIdentity, *, remember: bool) -> Session:
        """The session under the store's Practitioner for this card, created if need be;
        the login's audit entry commits with it."""
        ref = await self._practitioner_ref(identity)
        if ref is None:
            practitioner = self._new_practitioner(identity)
            ref = f"Practitioner/{practitioner['id']}"
            session = Session(ref, identity.display_name, self._workstation)
            await self._store.commit(
                [ResourceWrite("Practitioner", str(practitioner["id"]), practitioner)],
                [session.record_create(ref), self._record(ref, OUTCOME_SUCCESS)],
            )
        else:
            session = Session(ref, identity.display_name, self._workstation)
            await self._store.commit([], [self._record(ref, OUTCOME_SUCCESS)])
        if remember:
            await self._remember(identity, ref)
        return session

    async def _remember(self, identity: CpsIdentity, practitioner_ref: str) -> None:
        await self._store.remember_card(identity.id_nat_ps, identity.certificate, practitioner_ref)

    async def _practitioner_ref(self, identity: CpsIdentity) -> str | None:
        found = await self._store.with_identifier(
            "Practitioner", IdentifierSystem.IDNATPS.value, identity.id_nat_ps
        )
        if not found and identity.rpps is not None:
            found = await self._store.with_identifier(
                "Practitioner", IdentifierSystem.RPPS.value, identity.rpps
            )
        return f"Practitioner/{found[0]['id']}" if found else None

    @staticmethod
    def _new_practitioner(identity: CpsIdentity) -> FhirJson:
        """FR Core identifiers (idNatPs, and RPPS when it is one) and the card's names."""
        identifiers = [_identifier(IdentifierSystem.IDNATPS, identity.id_nat_ps)]
        if identity.rpps is not None:
            identifiers.append(_identifier(IdentifierSystem.RPPS, identity.rpps))
        name: FhirJson = {"use": "official", "family": identity.family_name}
        if identity.given_name:
            name["given"] = identity.given_name.split()
        return {
            "resourceType": "Practitioner",
            "id": str(uuid.uuid4()),
            "identifier": identifiers,
            "active": True,
            "name": [name],
        }

    def _record(self, who: str, outcome: str) -> AuditRecord:
        # The entity is the practitioner whose card it was: a login acts on their access.
        return AuditRecord(
            who=who,
            action=AuditAction.EXECUTE,
            entity=who,
            workstation=self._workstation,
            outcome=outcome,
        )

    async def _audit_failure(self, identity: CpsIdentity, why: str) -> None:
        ref = await self._practitioner_ref(identity)
        if ref is None:
            # No Practitioner yet: name them the FHIR way, by their public identifier.
            ref = f"Practitioner?identifier={IdentifierSystem.IDNATPS.value}|{identity.id_nat_ps}"
        log.info("card login refused for %s: %s", ref, why)
        await self._store.commit([], [self._record(ref, OUTCOME_FAILURE)])


def _identifier(system: IdentifierSystem, value: str) -> FhirJson:
    return {
        "use": "official",
        "type": {"coding": [{"system": FR_CORE_IDENTIFIER_TYPE, "code": system.type_code}]},
        "system": system.value,
        "value": value,
    }
