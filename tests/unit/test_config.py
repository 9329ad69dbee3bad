"""The workstation's command line: profiles, the idle delay, and Pro Santé Connect's pair."""

from pathlib import Path

import pytest

from app.config import DEFAULT_IDLE_LOCK_MINUTES, Config

DATA = "/nonexistent/cabinet"


def parse(*argv: str) -> Config:
    return Config.from_args(Config.parser().parse_args(["--data-dir", DATA, *argv]))


def test_defaults_card_only_and_the_default_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CABINET_PSC_DISCOVERY", "CABINET_PSC_CLIENT_ID", "CABINET_FHIR_SERVER"):
        monkeypatch.delenv(name, raising=False)
    config = parse()
    assert (config.profile, config.demo) == ("cabinet", False)
    assert config.idle_lock_s == DEFAULT_IDLE_LOCK_MINUTES * 60
    assert config.psc_discovery is None and config.psc_client_id is None
    assert config.profile_dir == Path("/nonexistent/cabinet/profiles/cabinet")


def test_psc_from_the_command_line_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "https://psc.example/auth/realms/x/.well-known/wallet-openid-configuration"
    config = parse("--psc-discovery", url, "--psc-client-id", "cabinet")
    assert (config.psc_discovery, config.psc_client_id) == (url, "cabinet")
    monkeypatch.setenv("CABINET_PSC_DISCOVERY", url)
    monkeypatch.setenv("CABINET_PSC_CLIENT_ID", "from-env")
    assert parse().psc_client_id == "from-env"


def test_psc_needs_both_the_discovery_url_and_the_client_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CABINET_PSC_CLIENT_ID", raising=False)
    monkeypatch.delenv("CABINET_PSC_DISCOVERY", raising=False)
    with pytest.raises(SystemExit, match="vont ensemble"):
        parse("--psc-discovery", "https://psc.example/.well-known/x")


def test_a_profile_name_with_a_path_in_it_is_refused() -> None:
    with pytest.raises(SystemExit, match="Nom de profil invalide"):
        parse("--profile", "../autre")
