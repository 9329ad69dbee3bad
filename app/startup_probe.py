"""Start-up milestones for ``bench/startup.py``, written only when asked for.

The benchmark sets ``CABINET_STARTUP_PROBE`` to a file; each milestone appends one
JSON line with the wall-clock time, which the benchmark compares with the moment it
started the process.
"""

import json
import os
import sys
import time
from pathlib import Path

# Imported only when their view is first opened; never needed for the first window.
HEAVY_MODULES = ("pyqtgraph", "aiortc", "av", "fhirclient", "numpy")


class StartupProbe:
    """Records ``first_window`` and ``interactive``; does nothing when not asked."""

    def __init__(self, path: str | None) -> None:
        self._path = path
        self.quit_when_interactive = os.environ.get("CABINET_QUIT_WHEN_INTERACTIVE") == "1"

    @classmethod
    def from_env(cls) -> "StartupProbe":
        return cls(os.environ.get("CABINET_STARTUP_PROBE"))

    def mark(self, event: str) -> None:
        """Append the milestone, with the heavy modules already imported by then."""
        if self._path is None:
            return
        heavy = sorted(m for m in HEAVY_MODULES if m in sys.modules)
        with Path(self._path).open("a", encoding="ascii") as f:
            f.write(json.dumps({"event": event, "t": time.time(), "heavy": heavy}) + "\n")
