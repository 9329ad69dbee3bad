"""Start-up time of the workstation against a bare PySide6 window, from process start.

Prints one JSON line: {"first_window_ms", "interactive_ms", "bare_qt_window_ms",
"first_window_ratio_vs_bare", "runs", "heavy_modules_at_interactive"}. Each figure is
the median of ``--runs`` processes (at least 5), all measured in this run, offscreen,
on the demo profile (created once beforehand, not timed). Goals: first window
≤ 300 ms, interactive ≤ 700 ms; the ratio to the bare window is what to compare
between machines.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1280, 800)
w.show()
def done():
    print(json.dumps({"t": time.time()}))
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}, **extra)
    return env


def bare_window_ms() -> float:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", BARE], env=_env({}), capture_output=True, text=True, check=True
    )
    painted = float(json.loads(out.stdout.strip().splitlines()[-1])["t"])
    return (painted - start) * 1000


def app_run(data_dir: Path) -> tuple[float, float, list[str]]:
    probe = data_dir / "probe.jsonl"
    probe.unlink(missing_ok=True)
    start = time.time()
    subprocess.run(
        [sys.executable, "-m", "app", "--demo", "--data-dir", str(data_dir)],
        env=_env({"CABINET_STARTUP_PROBE": str(probe), "CABINET_QUIT_WHEN_INTERACTIVE": "1"}),
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=120,
    )
    marks = {m["event"]: m for m in map(json.loads, probe.read_text().splitlines())}
    return (
        (marks["first_window"]["t"] - start) * 1000,
        (marks["interactive"]["t"] - start) * 1000,
        marks["interactive"]["heavy"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 runs, for a smoke test")
    args = parser.parse_args()
    runs = 3 if args.quick else max(5, args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        app_run(data)  # creates the demo profile; also warms the OS file cache
        bare_window_ms()
        first, inter, bare = [], [], []
        heavy: list[str] = []
        for _ in range(runs):
            # Interleaved, so that a noisy neighbour hits both alike.
            bare.append(bare_window_ms())
            f, i, heavy = app_run(data)
            first.append(f)
            inter.append(i)
    result = {
        "first_window_ms": round(statistics.median(first), 1),
        "interactive_ms": round(statistics.median(inter), 1),
        "bare_qt_window_ms": round(statistics.median(bare), 1),
        "first_window_ratio_vs_bare": round(statistics.median(first) / statistics.median(bare), 2),
        "runs": runs,
        "heavy_modules_at_interactive": heavy,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
