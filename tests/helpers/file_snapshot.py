"""What a folder holds, byte for byte: to prove that an operation changed nothing."""

import hashlib
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
                    st = path.stat()
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

    def changes_beyond_sqlite_side_files(self, before: "FileSnapshot") -> list[str]:
        """Every change except the empty ``-wal`` and the ``-shm`` index that a read-only
        SQLite connection to a WAL database creates and cannot delete."""
        problems = [f"changed: {name}" for name in sorted(self.changed_since(before))]
        for name in sorted(self.added_since(before)):
            size = self.files[name][2]
            if name.endswith("-shm") or (name.endswith("-wal") and size == 0):
                continue
            problems.append(f"added: {name} ({size} bytes)")
        return problems
