"""The English catalogue covers every French string of the interface."""

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "cabinet_en.ts"
LUPDATE = Path(sys.executable).parent / "pyside6-lupdate"
LANGUAGES = ("-source-language", "fr_FR", "-target-language", "en_GB")


def _messages(path: Path) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(context, source) → (translation, its type: None when finished)."""
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            text = (translation.text or "") if translation is not None else ""
            kind = translation.get("type") if translation is not None else "missing"
            found[(name, message.findtext("source") or "")] = (text, kind)
    return found


def test_every_message_is_translated() -> None:
    messages = _messages(TS)
    assert len(messages) > 100
    unfinished = [key for key, (text, kind) in messages.items() if not text.strip() or kind]
    assert unfinished == []


def test_catalogue_matches_the_code(tmp_path: Path) -> None:
    """A string added to ui/ without running lupdate would show in French only."""
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run(
        [str(LUPDATE), *sources, *LANGUAGES, "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    assert set(_messages(fresh)) == set(_messages(TS))
