"""What a folder holds, byte for byte: to prove that an operation changed nothing."""

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class FileSnapshot:
    """sha256, inode and size of every file under a folder, by relative path."""

    files: dict[str, tuple[str, int, int]]

    @classmethod
    def of(cls, folder: Path) -> "FileSnapshot":
        files: dict[str, tuple[str, int, int]] = {}
        if folder.exists():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    st = os.stat(path)
                    files[str(path.relative_to(folder))] = (
                        FileSnapshot.sha256(path),
                        st.st_ino,
                        st.st_size,
                    )
        return cls(files)

    @staticmethod
    def sha256(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    def added_since(self, before: "FileSnapshot") -> set[str]:
        return set(self.files) - set(before.files)

    def changed_since(self, before: "FileSnapshot") -> set[str]:
        """Files present in both whose bytes or inode differ, and files that vanished."""
        return {
            name
            for name, entry in before.files.items()
            if self.files.get(name) is None or self.files[name][:2] != entry[:2]
        }
