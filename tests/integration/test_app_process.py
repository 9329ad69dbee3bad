"""The workstation as a process: ``python -m app`` starts, paints, and loads no heavy module.

Runs the real entry point offscreen on a demo profile in a temporary data folder, with
the start-up probe ``bench/startup.py`` uses.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run_app(data_dir: Path, *args: str) -> list[dict[str, object]]:
    probe = data_dir / "probe.jsonl"
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        CABINET_STARTUP_PROBE=str(probe),
        CABINET_QUIT_WHEN_INTERACTIVE="1",
        PYTHONPATH=str(ROOT),
    )
    done = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in probe.read_text().splitlines()]


def test_first_window_before_heavy_modules_and_clean_exit(tmp_path: Path) -> None:
    marks = _run_app(tmp_path, "--demo")
    events = [m["event"] for m in marks]
    assert events == ["first_window", "interactive"]
    # pyqtgraph, aiortc, av, fhirclient load with their views, none of which is open.
    assert marks[0]["heavy"] == []
    assert marks[1]["heavy"] == []
    db = tmp_path / "profiles" / "demo" / "store.db"
    assert db.exists()
    # A clean exit checkpoints the WAL into the database.
    assert not Path(str(db) + "-wal").exists() or Path(str(db) + "-wal").stat().st_size == 0
    # Second start: the demo profile is reused, not regenerated over the first.
    before = db.stat().st_size
    _run_app(tmp_path, "--demo")
    assert db.stat().st_size == before


def test_audit_verify_command_on_the_demo_profile(tmp_path: Path) -> None:
    _run_app(tmp_path, "--demo")
    done = subprocess.run(
        [sys.executable, "-m", "app", "audit", "verify", "--demo", "--data-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Chaîne d'audit intègre" in done.stdout
    count = int(done.stdout.split(":")[1].split()[0])
    assert count > 1000  # one entry per demo resource created
