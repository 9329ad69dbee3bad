"""Log files of a profile: technical events only.

By rule, nothing logs names, identifiers, clinical content, PINs, keys or tokens:
log lines speak of resource types, counts, durations and error classes. The file is
owner-only.
"""

import logging
import logging.handlers
import os
from pathlib import Path

MAX_BYTES = 2_000_000
BACKUPS = 5


class LogSetup:
    """Configures the root logger to write the profile's rotating log file."""

    @staticmethod
    def install(log_dir: Path, level: int = logging.INFO) -> Path:
        log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = log_dir / "cabinet.log"
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root = logging.getLogger()
        root.setLevel(level)
        root.addHandler(handler)
        return path
