"""Command-line and environment settings of one workstation run."""

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

DEMO_PROFILE = "demo"
DEFAULT_PROFILE = "cabinet"
LANGUAGES = ("fr", "en")
DEFAULT_IDLE_LOCK_MINUTES = 30
# pcscd's vpcd driver (Debian's /etc/reader.conf.d/vpcd): where the demo's simulated
# cards connect. Tests point it at their private pcscd.
VPCD_DEFAULT_PORT = 35963


@dataclass(frozen=True, slots=True)
class Config:
    """Where the profile lives, which language, which server."""

    profile: str
    demo: bool
    data_root: Path
    language: str | None = None
    server_url: str | None = None
    # The CAs whose CPS certificates the embedded backend accepts (PEM). Real IGC-Santé
    # anchors are configured per practice, never trusted by default; the demo makes and
    # trusts its own TEST CA.
    cps_trust_anchors: Path | None = None
    idle_lock_s: float = DEFAULT_IDLE_LOCK_MINUTES * 60
    # Pro Santé Connect for e-CPS login: its discovery URL (PSC's is at a non-standard
    # path) and the client id the ANS registered for this software; None: card only.
    psc_discovery: str | None = None
    psc_client_id: str | None = None
    vpcd_port: int = VPCD_DEFAULT_PORT

    @property
    def profile_dir(self) -> Path:
        return self.data_root / "profiles" / self.profile

    @property
    def db_path(self) -> Path:
        return self.profile_dir / "store.db"

    @property
    def demo_key_path(self) -> Path:
        return self.profile_dir / "demo.key"

    @property
    def log_dir(self) -> Path:
        return self.profile_dir / "logs"

    @property
    def settings_path(self) -> Path:
        return self.profile_dir / "settings.ini"

    @staticmethod
    def default_data_root() -> Path:
        # CABINET_DATA_DIR lets tests and several installs keep separate data.
        override = os.environ.get("CABINET_DATA_DIR")
        return Path(override) if override else Path(platformdirs.user_data_dir("Cabinet"))

    @classmethod
    def parser(cls) -> argparse.ArgumentParser:
        p = argparse.ArgumentParser(
            prog="python -m app",
            description="Cabinet, poste de travail médical.",
        )
        group = p.add_mutually_exclusive_group()
        group.add_argument("--profile", default=None, help="nom du profil (dossier de données)")
        group.add_argument(
            "--demo", action="store_true", help="profil de démonstration (patients fictifs)"
        )
        p.add_argument("--lang", choices=LANGUAGES, default=None, help="langue de l'interface")
        p.add_argument(
            "--server",
            default=os.environ.get("CABINET_FHIR_SERVER"),
            help="URL d'un serveur FHIR R4 (sinon le serveur intégré)",
        )
        p.add_argument(
            "--cps-trust-anchors",
            type=Path,
            default=os.environ.get("CABINET_CPS_TRUST_ANCHORS"),
            help="certificats (PEM) des autorités CPS acceptées par le serveur intégré",
        )
        p.add_argument(
            "--idle-lock-minutes",
            type=float,
            default=DEFAULT_IDLE_LOCK_MINUTES,
            help="verrouillage après ce nombre de minutes sans activité",
        )
        p.add_argument(
            "--psc-discovery",
            default=os.environ.get("CABINET_PSC_DISCOVERY"),
            help="URL du document de découverte de Pro Santé Connect (connexion e-CPS)",
        )
        p.add_argument(
            "--psc-client-id",
            default=os.environ.get("CABINET_PSC_CLIENT_ID"),
            help="identifiant client de ce logiciel auprès de Pro Santé Connect",
        )
        p.add_argument("--data-dir", type=Path, default=None, help=argparse.SUPPRESS)
        return p

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> "Config":
        profile = DEMO_PROFILE if args.demo else (args.profile or DEFAULT_PROFILE)
        if not profile.replace("-", "").replace("_", "").isalnum():
            raise SystemExit("Nom de profil invalide : lettres, chiffres, - et _ seulement.")
        if (args.psc_discovery is None) != (args.psc_client_id is None):
            raise SystemExit("--psc-discovery et --psc-client-id vont ensemble.")
        return cls(
            profile=profile,
            demo=profile == DEMO_PROFILE,
            data_root=args.data_dir or cls.default_data_root(),
            language=args.lang,
            server_url=args.server,
            cps_trust_anchors=Path(args.cps_trust_anchors) if args.cps_trust_anchors else None,
            idle_lock_s=max(1.0, float(args.idle_lock_minutes) * 60),
            psc_discovery=args.psc_discovery,
            psc_client_id=args.psc_client_id,
            vpcd_port=int(os.environ.get("CABINET_VPCD_PORT", VPCD_DEFAULT_PORT)),
        )
