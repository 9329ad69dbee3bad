"""Where the shipped resources (icons, stylesheet, translations) are found."""

from pathlib import Path


class ResourcePaths:
    """Paths under the top-level ``resources/`` folder of the checkout or bundle."""

    root = Path(__file__).resolve().parent.parent / "resources"

    @classmethod
    def icon(cls, name: str) -> Path:
        return cls.root / "icons" / f"{name}.svg"

    @classmethod
    def stylesheet(cls) -> Path:
        return cls.root / "styles" / "cabinet.qss"

    @classmethod
    def translation(cls, language: str) -> Path:
        return cls.root / "translations" / f"cabinet_{language}.qm"
