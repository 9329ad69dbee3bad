"""Entry point: ``python -m app [--demo | --profile NAME] [--lang en]``.

``python -m app audit verify`` checks the audit chain without starting Qt. Heavy
modules are imported only once their part of the workstation is needed, so the first
window appears quickly.
"""

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["audit"]:
        from app.audit_command import AuditCommand

        return AuditCommand.main(args[1:])
    from app.composition import Composition
    from app.config import Config

    config = Config.from_args(Config.parser().parse_args(args))
    return Composition(config).run()


if __name__ == "__main__":
    sys.exit(main())
