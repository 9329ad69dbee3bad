"""Cabinet workstation core: domain types, services, ports, encrypted store, audit, config.

Nothing in ``app/`` imports Qt or an adapter package, except the composition root
(``app/composition.py``) and the entry point (``app/__main__.py``).
"""

__version__ = "0.1.0"
