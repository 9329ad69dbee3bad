"""Qt widgets, views, item models and dialogs of the workstation.

Views receive their services in ``__init__``; nothing here reaches into ``sync/``,
``media/`` or ``cardreader/``.
"""
