"""The command line of ``python -m backend``, and the checks that refuse to start.

Secrets never come from here: the command line of a process is readable by every local
user. The bootstrap secret and the SQLCipher key come over standard input instead
(``--bootstrap-stdin``).
"""

import argparse
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.x509 import ObjectIdentifier
from cryptography.x509.oid import NameOID

from backend.auth.cps_identity import DEFAULT_ATTRIBUTE, CpsIdentity
from backend.auth.cps_trust_anchors import CpsTrustAnchors
from backend.auth.psc_provider import PscProvider
from backend.auth.session_authenticator import DEFAULT_MAX_SESSION_S
from backend.auth.token_issuer import DEFAULT_LIFETIME_S
from backend.http.http_limits import HttpLimits
from backend.http.storage_opener import StorageOpener

EXIT_USAGE = 2


@dataclass(frozen=True, slots=True)
class ServerOptions:
    """What to serve, where, and how."""

    db: str
    host: str
    port: int
    tls_cert: Path | None
    tls_key: Path | None
    behind_tls_proxy: bool
    bootstrap_stdin: bool
    token_lifetime_s: int
    max_session_s: int
    limits: HttpLimits
    log_level: str
    # None: CPS card login is off (nothing is trusted by default).
    cps_trust_anchors: CpsTrustAnchors | None = None
    cps_id_attribute: ObjectIdentifier = NameOID.SERIAL_NUMBER
    # None: Pro Santé Connect login is off.
    psc_discovery: str | None = None
    psc_client_id: str | None = None
    psc_acr: str = "eidas1"
    # Teleconsultations: the STUN and TURN servers handed to both sides of a call.
    stun: tuple[str, ...] = ()
    turn: tuple[str, ...] = ()

    @property
    def tls(self) -> bool:
        return self.tls_cert is not None

    @property
    def url(self) -> str:
        """The address announced once listening (the port filled in by the caller)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.tls else 'http'}://{host}"

    @staticmethod
    def parse(argv: Sequence[str]) -> "ServerOptions":
        """Exits 2 with a message on a usage error, as argparse does."""
        defaults = HttpLimits()
        parser = argparse.ArgumentParser(
            prog="python -m backend",
            description="Cabinet's FHIR R4 server. Once listening it prints one JSON line "
            'on standard output: {"listening": "http(s)://HOST:PORT"}.',
        )
        parser.add_argument("--db", required=True, help="sqlite:PATH or postgresql://…")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
        parser.add_argument("--tls-cert", type=Path, help="PEM certificate (chain)")
        parser.add_argument("--tls-key", type=Path, help="PEM private key")
        parser.add_argument(
            "--behind-tls-proxy",
            action="store_true",
            help="plain HTTP on a non-loopback address is allowed: a TLS proxy is in front "
            "(its X-Forwarded-Proto/-Host/-For are then trusted)",
        )
        parser.add_argument(
            "--bootstrap-stdin",
            action="store_true",
            help='read {"bootstrap_secret": HEX, "db_key": HEX|null} as one line on '
            "standard input; the server stops when standard input closes",
        )
        parser.add_argument("--token-lifetime", type=int, default=DEFAULT_LIFETIME_S)
        parser.add_argument(
            "--max-session-hours",
            type=float,
            default=DEFAULT_MAX_SESSION_S / 3600,
            help="how long tokens may be renewed (POST /auth/session) after a login",
        )
        parser.add_argument("--max-body-bytes", type=int, default=defaults.max_body_bytes)
        parser.add_argument("--max-depth", type=int, default=defaults.max_depth)
        parser.add_argument("--max-bundle-entries", type=int, default=defaults.max_bundle_entries)
        parser.add_argument("--max-count", type=int, default=defaults.max_count)
        parser.add_argument("--default-count", type=int, default=defaults.default_count)
        parser.add_argument("--request-timeout", type=float, default=defaults.request_timeout_s)
        parser.add_argument("--max-header-bytes", type=int, default=defaults.max_field_size)
        parser.add_argument(
            "--log-level", default="warning", choices=["debug", "info", "warning", "error"]
        )
        parser.add_argument(
            "--cps-trust-anchors",
            type=Path,
            metavar="PEM",
            help="a PEM bundle of the certification authorities whose CPS card certificates "
            "are trusted for login; without it CPS login is off",
        )
        parser.add_argument(
            "--cps-id-attribute",
            default=DEFAULT_ATTRIBUTE,
            metavar="NAME",
            help="the certificate subject attribute holding the idNatPs (8 + RPPS): "
            "serialNumber, CN, UID, OU or a dotted OID (default: %(default)s)",
        )
        parser.add_argument(
            "--psc-discovery",
            metavar="URL",
            help="Pro Santé Connect's discovery URL, in full (PSC's is "
            "<issuer>/.well-known/wallet-openid-configuration); with --psc-client-id it "
            "turns e-CPS login on",
        )
        parser.add_argument(
            "--psc-client-id",
            metavar="ID",
            help="the client id the ANS registered for this software: the audience the "
            "id_tokens must name",
        )
        parser.add_argument(
            "--stun",
            action="append",
            default=[],
            metavar="URL",
            help="a STUN server for teleconsultations (stun:host:port); repeatable",
        )
        parser.add_argument(
            "--turn",
            action="append",
            default=[],
            metavar="URL",
            help="a TURN server for teleconsultations (turn:host:port?transport=udp), with "
            "coturn's use-auth-secret: its shared secret in CABINET_TURN_SECRET; repeatable",
        )
        parser.add_argument(
            "--psc-acr",
            default="eidas1",
            metavar="LEVEL",
            help="the authentication level the id_tokens must carry (default: %(default)s)",
        )
        args = parser.parse_args(argv)
        try:
            StorageOpener.check(args.db)
        except ValueError as exc:
            parser.error(str(exc))
        anchors = None
        if args.cps_trust_anchors is not None:
            try:
                anchors = CpsTrustAnchors.load(args.cps_trust_anchors)
            except (OSError, ValueError) as exc:
                parser.error(f"--cps-trust-anchors: {exc}")
        try:
            id_attribute = CpsIdentity.attribute_named(args.cps_id_attribute)
        except ValueError as exc:
            parser.error(f"--cps-id-attribute: {exc}")
        if (args.psc_discovery is None) != (args.psc_client_id is None):
            parser.error("--psc-discovery and --psc-client-id go together")
        if args.psc_discovery is not None and not PscProvider.is_acceptable(args.psc_discovery):
            parser.error("--psc-discovery must be an HTTPS URL (HTTP only on loopback)")
        if (args.tls_cert is None) != (args.tls_key is None):
            parser.error("--tls-cert and --tls-key go together")
        if not 0 <= args.port <= 65535:
            parser.error("--port must be from 0 to 65535")
        numbers = (
            args.max_body_bytes,
            args.max_depth,
            args.max_bundle_entries,
            args.max_count,
            args.default_count,
            args.max_header_bytes,
            args.token_lifetime,
            args.max_session_hours,
        )
        if min(numbers) < 1 or args.request_timeout <= 0:
            parser.error("limits and the token lifetime must be positive")
        limits = HttpLimits(
            max_body_bytes=args.max_body_bytes,
            max_depth=args.max_depth,
            max_bundle_entries=args.max_bundle_entries,
            default_count=min(args.default_count, args.max_count),
            max_count=args.max_count,
            request_timeout_s=args.request_timeout,
            max_line_size=args.max_header_bytes,
            max_field_size=args.max_header_bytes,
        )
        return ServerOptions(
            db=args.db,
            host=args.host,
            port=args.port,
            tls_cert=args.tls_cert,
            tls_key=args.tls_key,
            behind_tls_proxy=args.behind_tls_proxy,
            bootstrap_stdin=args.bootstrap_stdin,
            token_lifetime_s=args.token_lifetime,
            max_session_s=max(1, round(args.max_session_hours * 3600)),
            limits=limits,
            log_level=args.log_level,
            cps_trust_anchors=anchors,
            cps_id_attribute=id_attribute,
            psc_discovery=args.psc_discovery,
            psc_client_id=args.psc_client_id,
            psc_acr=args.psc_acr,
            stun=tuple(args.stun),
            turn=tuple(args.turn),
        )

    def refusal(self) -> str | None:
        """Why the server must not start as asked (plain HTTP off loopback), or None."""
        if self.tls or self.behind_tls_proxy or _is_loopback(self.host):
            return None
        return (
            f"refusing to serve plain HTTP on {self.host}, which is not a loopback "
            "address: health data would cross the network unencrypted. Give --tls-cert "
            "and --tls-key, or --behind-tls-proxy if a TLS proxy stands in front."
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        # A host name other than localhost may resolve anywhere: not trusted as loopback.
        return False
