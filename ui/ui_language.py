"""Switches the interface language at run time through Qt translations.

French is the source language of Cabinet's own strings; English comes from
``resources/translations/cabinet_en.qm`` (compiled from the ``.ts`` by the setup).
Qt's own strings (standard buttons, context menus) come from the ``qtbase_<lang>``
catalogue shipped with PySide6. Widgets retranslate themselves on
``QEvent.LanguageChange``.
"""

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ui.resource_paths import ResourcePaths

log = logging.getLogger(__name__)

_LOCALES = {
    "fr": QLocale(QLocale.Language.French, QLocale.Country.France),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
}


class UiLanguage:
    """Holds the installed translators; ``apply`` swaps them."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translators: list[QTranslator] = []
        self.current = "fr"

    def apply(self, language: str) -> bool:
        """Install ``language``; False (and French kept) when its catalogue is missing."""
        ours: QTranslator | None = None
        if language != "fr":
            ours = QTranslator(self._app)
            if not ours.load(str(ResourcePaths.translation(language))):
                log.warning("translation %s not found; run the setup to compile it", language)
                language = "fr"
                ours = None
        for old in self._translators:
            self._app.removeTranslator(old)
        self._translators = []
        qt = QTranslator(self._app)
        if qt.load(
            f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            self._translators.append(qt)
        if ours is not None:
            self._translators.append(ours)
        for translator in self._translators:
            self._app.installTranslator(translator)
        self.current = language
        QLocale.setDefault(_LOCALES.get(language, _LOCALES["fr"]))
        return language != "fr" or ours is None
