"""The front desk's Carte Vitale dialog: reading, holders, match, creation, card errors.

Against the in-memory FakeVitaleDesk (the licensed SESAM-Vitale module and a physical
card cannot run here; FrontDeskService itself is tested over the real store); each
scenario runs on the qasync loop as the workstation does.
"""

import asyncio
import dataclasses
import gc
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLibraryInfo, Qt, QTranslator
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.domain.card_error import CardError
from app.domain.card_error_reason import CardErrorReason
from app.domain.card_kind import CardKind
from app.domain.card_reader_state import CardReaderState
from app.domain.card_slot import CardSlot
from app.domain.identifier_system import IdentifierSystem
from app.domain.nir import Nir, NirError, NirProblem
from app.domain.patient import Patient
from app.domain.vitale_beneficiary import VitaleBeneficiary
from app.services.field_error import FieldError, FieldProblem, PatientInvalidError
from app.services.front_desk_service import FrontDeskService
from tests.fakes.fake_vitale_desk import READER, FakeVitaleDesk
from tests.gui.conftest import AsyncRunner, screenshot, until
from ui.front_desk.beneficiary_list_model import ERROR_COLOUR, BeneficiaryListModel
from ui.front_desk.vitale_desk import VitaleDesk
from ui.front_desk.vitale_dialog import VitaleDialog
from ui.front_desk.vitale_phase import VitalePhase
from ui.resource_paths import ResourcePaths

pytestmark = pytest.mark.usefixtures("french_locale")

SYSTEM = IdentifierSystem.INS_NIR_DEMO


def _real_service_fits(service: FrontDeskService) -> VitaleDesk:
    """Checked by mypy: the real service is what the dialog is written against."""
    return service


def _nir(body: str) -> str:
    return body + Nir.key_for(body)


def _wrong_key(body: str) -> str:
    return body + f"{int(Nir.key_for(body)) % 97 + 1:02d}"


MARIE = VitaleBeneficiary(1, "DUPONT", "MARIE CLAIRE", "19841212", _nir("2841276451089"), True)
PAUL = VitaleBeneficiary(2, "DUPONT", "PAUL", "20100315", _nir("1100375123456"), True)
LEA = VitaleBeneficiary(3, "DUPONT", "LEA", "20140507", _nir("2140575123789"), True)
FAMILY = (MARIE, PAUL, LEA)
# A lunar birth date: born in May 1962, day unknown.
THI = VitaleBeneficiary(1, "NGUYEN", "THI HOA", "19620500", _nir("2620599123456"), True)
# A NIR whose key does not match its 13 digits (a damaged or badly written card).
BAD_KEY = VitaleBeneficiary(2, "DUPONT", "JULES", "20160920", _wrong_key("1160975123111"), False)


def _patient(b: VitaleBeneficiary, pid: str, **changes: Any) -> Patient:
    fields: dict[str, Any] = {
        "id": pid,
        "family": b.surname.title(),
        "given": b.first_name.title(),
        "birth_date": b.birth_date,
        "gender": "female" if b.nir[0] == "2" else "male",
        "ins": Nir.parse(b.nir),
        "ins_system": SYSTEM,
    }
    fields.update(changes)
    return Patient(**fields)


# The windows under this test's dialogs. Held until the test ends: a window freed with
# the last Python reference to it would delete, behind Qt's back, a dialog being deleted.
_WINDOWS: list[QWidget] = []


@pytest.fixture(autouse=True)
def collected_here() -> Iterator[None]:
    """Free this test's widgets now, on the Qt thread (see test_conflict_inbox.py)."""
    yield
    _WINDOWS.clear()
    gc.collect()


class Signals:
    """What the dialog emitted, in order."""

    def __init__(self, dialog: VitaleDialog) -> None:
        self.events: list[tuple[str, tuple[Any, ...]]] = []
        dialog.patient_chosen.connect(lambda p: self.events.append(("chosen", (p,))))
        dialog.patient_created.connect(lambda p, c: self.events.append(("created", (p, c))))

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.events]


def _window(qtbot: QtBot) -> QWidget:
    """The main window the dialog sits on: closing the dialog does not end the app."""
    window = QWidget()
    window.resize(900, 700)
    qtbot.addWidget(window)
    _WINDOWS.append(window)
    window.show()
    return window


async def _open(
    qtbot: QtBot, desk: FakeVitaleDesk, *, styled: bool = False
) -> tuple[VitaleDialog, Signals]:
    window = _window(qtbot)
    dialog = VitaleDialog(desk, SYSTEM, window)
    if styled:
        # The workstation's stylesheet, so that screenshots show what the front desk sees.
        dialog.setStyleSheet(ResourcePaths.stylesheet().read_text(encoding="utf-8"))
    signals = Signals(dialog)
    dialog.show()
    dialog.activateWindow()
    await until(lambda: QApplication.activeWindow() is dialog)
    return dialog, signals


async def _holders_shown(dialog: VitaleDialog, n: int) -> None:
    await until(lambda: dialog.phase is VitalePhase.HOLDERS and dialog.model.rowCount() == n)


def _row(dialog: VitaleDialog, row: int) -> dict[str, str]:
    model = dialog.model
    return {c: model.data(model.index(row, i)) for i, c in enumerate(BeneficiaryListModel.columns)}


def _chosen(dialog: VitaleDialog) -> VitaleBeneficiary | None:
    """The holder chosen now (a call, so that mypy does not carry a narrowing over)."""
    return dialog.beneficiary


def _texts(widget: Any) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


# -- reading -------------------------------------------------------------------------


def test_reads_on_open_showing_that_it_reads(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk((MARIE,))
        desk.hold = hold = asyncio.Event()
        dialog, _ = await _open(qtbot, desk)
        assert dialog.windowTitle() == "Carte Vitale"
        assert dialog.isModal()
        await until(lambda: desk.reads == 1)
        assert dialog.phase is VitalePhase.READING
        assert dialog.status_title.text() == "Lecture de la carte…"
        assert dialog.progress.isVisible()
        assert not dialog.retry_button.isVisible()
        hold.set()
        await _holders_shown(dialog, 1)
        assert not dialog.progress.isVisible()
        assert dialog.holders_label.text() == "Bénéficiaire de la carte"

    arun(scenario())


def test_no_card_invites_one_and_reads_it_when_inserted(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk(FAMILY, kind=None)
        dialog, _ = await _open(qtbot, desk)
        await until(lambda: dialog.phase is VitalePhase.WAITING)
        assert dialog.status_title.text() == "Insérez la Carte Vitale du patient"
        assert "dès que la carte est insérée" in dialog.status_advice.text()
        assert not dialog.retry_button.isVisible()
        assert desk.reads == 1
        # A CPS is not it; the dialog says so, and keeps watching.
        desk.insert(CardKind.CPS3_CONTACT)
        await until(lambda: dialog.phase is VitalePhase.ERROR)
        assert dialog.status_title.text() == "Ceci n'est pas une Carte Vitale"
        desk.remove()
        await until(lambda: dialog.phase is VitalePhase.WAITING)
        desk.insert()
        await _holders_shown(dialog, 3)
        assert desk.reads == 4
        # News of the same card (a reader elsewhere) does not read it again...
        desk.publish(
            CardReaderState(
                service=True,
                slots=(*desk.reader_state.slots, CardSlot("Lecteur 2", CardKind.CPS4, 1)),
            )
        )
        # ...nor does the patient taking it back: the holders stay.
        desk.remove()
        await until(lambda: desk.reader_state.first(lambda k: k.is_vitale) is None)
        assert dialog.phase is VitalePhase.HOLDERS and desk.reads == 4
        # The next patient's card is read as it goes in.
        desk.holders = (THI,)
        desk.insert()
        await _holders_shown(dialog, 1)
        assert desk.reads == 5
        assert _row(dialog, 0)["name"] == "NGUYEN Thi Hoa"

    arun(scenario())


def test_a_dialog_hidden_under_the_lock_reads_nothing_until_shown_again(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk(FAMILY, kind=None)
        dialog, _ = await _open(qtbot, desk)
        await until(lambda: dialog.phase is VitalePhase.WAITING)
        dialog.hide()
        desk.insert()
        assert desk.reads == 1
        dialog.show()
        await _holders_shown(dialog, 3)
        assert desk.reads == 2

    arun(scenario())


# -- one holder, a family ------------------------------------------------------------


def test_one_holder_found_enter_opens_the_chart(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk((MARIE,))
        marie = _patient(MARIE, "p-marie")
        desk.matches[MARIE.nir] = (marie, ())
        dialog, signals = await _open(qtbot, desk)
        await _holders_shown(dialog, 1)
        # The only holder is chosen and looked up at once.
        await until(lambda: dialog.match_panel.match is not None)
        assert desk.matched == [MARIE]
        panel = dialog.match_panel
        assert panel.heading.text() == "✓ Patient trouvé : DUPONT Marie Claire"
        assert panel.details.text() == (
            "Naissance : 12/12/1984 · INS de démonstration (fictif) : 2 84 12 76 451 089 "
            + MARIE.nir[-2:]
        )
        assert panel.open_button.isVisible() and panel.open_button.text() == "Ouvrir le dossier"
        assert not panel.create_button.isVisible()
        assert not panel.candidates_notice.isVisible()
        assert dialog.table.hasFocus()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        assert signals.events == [("chosen", (marie,))]
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert not dialog.isVisible()
        # Closed, it no longer follows the reader.
        desk.insert()
        assert desk.reads == 1

    arun(scenario())


def test_family_card_lists_the_holders_and_the_second_is_picked(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk(FAMILY)
        paul = _patient(PAUL, "p-paul")
        desk.matches[MARIE.nir] = (_patient(MARIE, "p-marie"), ())
        desk.matches[PAUL.nir] = (paul, ())
        dialog, signals = await _open(qtbot, desk)
        await _holders_shown(dialog, 3)
        assert dialog.holders_label.text() == (
            "3 bénéficiaires sur cette carte : lequel se présente ?"
        )
        assert [_row(dialog, r)["rank"] for r in range(3)] == ["1", "2", "3"]
        assert _row(dialog, 0) == {
            "rank": "1",
            "name": "DUPONT Marie Claire",
            "birth": "12/12/1984",
            "nir": Nir.parse(MARIE.nir).formatted(),
            "check": "",
        }
        assert _row(dialog, 1)["name"] == "DUPONT Paul"
        assert _row(dialog, 2)["birth"] == "07/05/2014"
        # Nobody is looked up for the front desk: it says who is here.
        assert desk.matched == []
        assert _chosen(dialog) is None
        assert dialog.match_panel.heading.text() == "Choisissez le bénéficiaire qui se présente"
        assert dialog.table.hasFocus()
        # The first arrow chooses the first holder, the next one the second.
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
        assert _chosen(dialog) == MARIE
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
        assert _chosen(dialog) == PAUL
        # Enter before the lookup ends opens once it has.
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        await until(lambda: bool(signals.events))
        assert signals.events == [("chosen", (paul,))]
        assert desk.matched[-1] == PAUL

    arun(scenario())


def test_a_wrong_nir_key_is_flagged_and_creates_nothing(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk((MARIE, BAD_KEY))
        dialog, signals = await _open(qtbot, desk)
        await _holders_shown(dialog, 2)
        row = _row(dialog, 1)
        assert row["check"] == "✗ Clé NIR incorrecte : vérifiez la carte"
        # Grouped as printed, so the front desk can compare it with the card.
        assert row["nir"] == "1 16 09 75 123 111 " + BAD_KEY.nir[-2:]
        model = dialog.model
        nir_column, check_column = (
            BeneficiaryListModel.columns.index("nir"),
            BeneficiaryListModel.columns.index("check"),
        )
        for column in (nir_column, check_column):
            colour = model.data(model.index(1, column), Qt.ItemDataRole.ForegroundRole)
            assert isinstance(colour, QColor) and colour == ERROR_COLOUR
        assert model.data(model.index(0, nir_column), Qt.ItemDataRole.ForegroundRole) is None
        assert _row(dialog, 0)["check"] == ""

        dialog.table.selectRow(1)
        await until(lambda: dialog.match_panel.match is not None)
        panel = dialog.match_panel
        assert panel.heading.text() == "Aucun patient avec ce NIR"
        assert panel.create_button.isVisible()
        assert not panel.create_button.isEnabled()
        assert panel.key_warning.isVisible()
        assert "Clé NIR incorrecte : vérifiez la carte" in panel.key_warning.text()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        panel.create_button.click()  # disabled: nothing happens
        await until(lambda: True)
        assert desk.created == [] and signals.events == []
        assert dialog.isVisible()
        # The good holder beside it can be created.
        dialog.table.selectRow(0)
        await until(lambda: panel.match is not None and panel.beneficiary == MARIE)
        assert panel.create_button.isEnabled() and not panel.key_warning.isVisible()

    arun(scenario())


def test_a_lunar_birth_date_is_shown_as_on_the_card(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk((THI, PAUL))
        dialog, _ = await _open(qtbot, desk)
        await _holders_shown(dialog, 2)
        assert _row(dialog, 0)["birth"] == "00/05/1962 (date lunaire)"
        assert _row(dialog, 1)["birth"] == "15/03/2010"
        dialog.table.selectRow(0)
        await until(lambda: dialog.match_panel.match is not None)
        assert "né(e) le 00/05/1962 (date lunaire)" in dialog.match_panel.details.text()

    arun(scenario())


# -- creating ------------------------------------------------------------------------


def test_nobody_with_this_nir_create_emits_created_then_chosen(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk(FAMILY)
        dialog, signals = await _open(qtbot, desk)
        await _holders_shown(dialog, 3)
        dialog.table.selectRow(2)
        await until(lambda: dialog.match_panel.match is not None)
        panel = dialog.match_panel
        assert panel.heading.text() == "Aucun patient avec ce NIR"
        assert panel.details.text() == (
            "« Créer le patient » enregistre l'identité lue sur la carte : DUPONT Lea, "
            "né(e) le 07/05/2014."
        )
        assert not panel.open_button.isVisible()
        assert panel.create_button.isVisible() and panel.create_button.isEnabled()
        assert panel.create_button.text() == "Créer le patient"
        dialog.table.setFocus()
        desk.hold_create = hold = asyncio.Event()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Enter)
        await until(lambda: panel.creating)
        assert panel.heading.text() == "Création du patient…"
        assert not panel.create_button.isEnabled() and not dialog.table.isEnabled()
        # Esc waits for the write: closed mid-way, the views would not hear of the patient.
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible()
        hold.set()
        await until(lambda: len(signals.events) == 2)
        assert desk.created == [(LEA, SYSTEM)]
        assert signals.names == ["created", "chosen"]
        created, changes = signals.events[0][1]
        assert isinstance(created, Patient) and created.family == "DUPONT"
        assert created.ins is not None and created.ins.value == LEA.nir
        assert changes.refs == frozenset({created.reference})
        assert signals.events[1][1] == (created,)
        assert dialog.result() == QDialog.DialogCode.Accepted

    arun(scenario())


@pytest.mark.parametrize(
    ("failure", "system", "expected"),
    [
        (
            PatientInvalidError([FieldError("nir", FieldProblem.NIR_BIRTH_MISMATCH)]),
            SYSTEM,
            "Le NIR ne correspond pas à l'année ou au mois de naissance saisis.",
        ),
        (NirError(NirProblem.FORMAT), SYSTEM, "Le patient n'a pas été créé : NIR refusé."),
        (
            ValueError("a Carte Vitale NIR is an INS-NIR (or its TEST/DEMO systems)"),
            IdentifierSystem.INS_NIA,
            "ce poste n'est pas réglé pour enregistrer un NIR lu sur une Carte Vitale",
        ),
        (
            ValueError("something else"),
            SYSTEM,
            "Le patient n'a pas été créé à partir de la carte.",
        ),
        (OSError("disk full"), SYSTEM, "n'a pas pu être enregistré (OSError)"),
    ],
)
def test_a_refused_creation_is_said_in_french(
    qapp: QApplication,
    qtbot: QtBot,
    arun: AsyncRunner,
    failure: Exception,
    system: IdentifierSystem,
    expected: str,
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk((PAUL,))
        desk.create_failure = failure
        window = _window(qtbot)
        dialog = VitaleDialog(desk, system, window)
        signals = Signals(dialog)
        dialog.show()
        await until(lambda: dialog.match_panel.can_create)
        dialog.match_panel.create_button.click()
        panel = dialog.match_panel
        await until(panel.error.isVisible)
        assert expected in panel.error.text()
        assert str(failure) not in panel.error.text()
        assert signals.events == [] and dialog.isVisible()
        # Nothing is lost: the holder is still chosen and creation can be tried again.
        assert dialog.table.isEnabled() and panel.create_button.isEnabled()

    arun(scenario())


# -- candidates ----------------------------------------------------------------------


def test_possible_homonyms_are_listed_under_a_warning_and_openable(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk((PAUL,))
        # Same name and birth date, no NIR; and the same name and birth with another NIR.
        no_nir = _patient(PAUL, "p-sans-nir", ins=None)
        other = _patient(PAUL, "p-autre", ins=Nir.parse(_nir("1100375999888")))
        desk.matches[PAUL.nir] = (None, (no_nir, other))
        dialog, signals = await _open(qtbot, desk)
        await until(lambda: dialog.match_panel.match is not None)
        panel = dialog.match_panel
        assert panel.heading.text() == "Aucun patient avec ce NIR"
        assert panel.candidates_notice.isVisible()
        assert panel.candidates_notice.text().startswith("⚠ Identitovigilance : 2 dossiers")
        assert [c.reason.text() for c in panel.candidates] == [
            "— Même nom et même date de naissance, dossier sans NIR",
            "— Même nom et même date de naissance, mais autre NIR",
        ]
        assert panel.candidates[0].details.text() == "Naissance : 15/03/2010 · sans INS"
        # Widgets added to a shown layout are shown at the next turn of the event loop.
        await until(lambda: all(c.isVisible() for c in panel.candidates))
        # Creating stays possible (they may be other people), but Enter goes to the
        # candidates first, so that the choice is made knowingly.
        assert panel.create_button.isEnabled()
        assert panel.create_button.objectName() != "primary"  # not the obvious way on
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        assert panel.candidates[0].open_button.hasFocus()
        assert signals.events == []
        qtbot.keyClick(panel.candidates[0].open_button, Qt.Key.Key_Tab)
        assert panel.candidates[1].open_button.hasFocus()
        qtbot.keyClick(panel.candidates[1].open_button, Qt.Key.Key_Return)
        assert signals.events == [("chosen", (other,))]
        assert not dialog.isVisible()

    arun(scenario())


def test_a_nir_held_by_a_patient_born_another_day_is_not_created_again(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk((MARIE,))
        # The NIR matches a chart whose birth date differs: a typo there, or another
        # person's card. Identity vigilance decides, not the software.
        typo = _patient(MARIE, "p-typo", birth_date=date(1984, 12, 21))
        desk.matches[MARIE.nir] = (None, (typo,))
        dialog, _ = await _open(qtbot, desk)
        await until(lambda: dialog.match_panel.match is not None)
        panel = dialog.match_panel
        assert panel.heading.text() == (
            "Ce NIR est déjà enregistré dans un dossier dont l'identité diffère"
        )
        assert panel.candidates[0].reason.text() == "— Même NIR, mais date de naissance différente"
        assert not panel.create_button.isVisible() and not panel.can_create
        assert "Identitovigilance" in panel.candidates_notice.text()

    arun(scenario())


def test_found_with_homonyms_beside_it(qapp: QApplication, qtbot: QtBot, arun: AsyncRunner) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk((MARIE,))
        marie = _patient(MARIE, "p-marie")
        homonym = _patient(MARIE, "p-homonyme", ins=None)
        desk.matches[MARIE.nir] = (marie, (homonym,))
        dialog, signals = await _open(qtbot, desk)
        await until(lambda: dialog.match_panel.match is not None)
        panel = dialog.match_panel
        assert panel.heading.text() == "✓ Patient trouvé : DUPONT Marie Claire"
        assert "homonymes possibles" in panel.candidates_notice.text()
        panel.candidates[0].open_button.click()
        assert signals.events == [("chosen", (homonym,))]

    arun(scenario())


# -- card errors ---------------------------------------------------------------------


def _state(service: bool = True, kind: CardKind | None = None, reader: bool = True) -> Any:
    slots = (CardSlot(READER, kind, 1),) if reader else ()
    return CardReaderState(service=service, slots=slots)


# (reason, how the desk gets there, the title shown)
ERRORS: list[tuple[CardErrorReason, dict[str, Any], str]] = [
    (
        CardErrorReason.VITALE_1,
        {"state": _state(kind=CardKind.VITALE_1)},
        "Carte Vitale 1 : lecture possible uniquement avec le module SESAM-Vitale agréé, "
        "non installé sur ce poste",
    ),
    (
        CardErrorReason.REMOVED,
        {"failure": CardError(CardErrorReason.REMOVED)},
        "Carte retirée pendant la lecture : réinsérez-la",
    ),
    (
        CardErrorReason.UNREADABLE,
        {"failure": CardError(CardErrorReason.UNREADABLE)},
        "La Carte Vitale n'a pas pu être lue",
    ),
    (
        CardErrorReason.NOT_VITALE,
        {"state": _state(kind=CardKind.CPS3_CONTACT)},
        "Ceci n'est pas une Carte Vitale",
    ),
    (
        CardErrorReason.NO_READER,
        {"state": _state(reader=False)},
        "Aucun lecteur de cartes n'est branché",
    ),
    (
        CardErrorReason.NO_SERVICE,
        {"state": _state(service=False, reader=False)},
        "Le service de lecture des cartes ne répond pas",
    ),
    (CardErrorReason.UNKNOWN_CARD, {"state": _state(kind=CardKind.UNKNOWN)}, "Carte non reconnue"),
]


@pytest.mark.parametrize(("reason", "setup", "title"), ERRORS, ids=[e[0].value for e in ERRORS])
def test_each_card_error_has_its_sentence_and_relire_reads_again(
    qapp: QApplication,
    qtbot: QtBot,
    arun: AsyncRunner,
    reason: CardErrorReason,
    setup: dict[str, Any],
    title: str,
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk((MARIE,))
        if "state" in setup:
            desk._state = setup["state"]  # as the watch saw it before the dialog opened
        desk.read_failure = setup.get("failure")
        dialog, _ = await _open(qtbot, desk)
        await until(lambda: dialog.phase is VitalePhase.ERROR)
        assert dialog.error_reason is reason
        assert dialog.status_title.text() == title
        assert dialog.status_advice.text()  # and what to do about it
        assert dialog.retry_button.isVisible() and dialog.retry_button.text() == "Relire"
        assert "Relire" not in dialog.keys_hint.text() or "relire" in dialog.keys_hint.text()
        # Relire reads again: the same card, the same sentence...
        reads = desk.reads
        dialog.retry_button.click()
        await until(lambda: desk.reads == reads + 1 and dialog.phase is VitalePhase.ERROR)
        assert dialog.status_title.text() == title
        # ...and, the card put right, the holders (Enter on the button reads too).
        desk._state = _state(kind=CardKind.VITALE_2)
        desk.read_failure = None
        assert dialog.retry_button.hasFocus()
        qtbot.keyClick(dialog.retry_button, Qt.Key.Key_Return)
        await _holders_shown(dialog, 1)
        assert desk.reads == reads + 2

    arun(scenario())


def test_every_reason_has_its_own_sentence() -> None:
    titles = [title for _, _, title in ERRORS]
    assert len(set(titles)) == len(titles)


def test_a_card_pulled_out_mid_read_says_so_until_it_is_back(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk(FAMILY)
        desk.hold = hold = asyncio.Event()
        dialog, _ = await _open(qtbot, desk)
        await until(lambda: desk.reads == 1)
        # The watch sees the card go before the read fails: the read says what happened.
        desk.remove()
        assert dialog.phase is VitalePhase.READING
        desk.read_failure = CardError(CardErrorReason.REMOVED)
        hold.set()
        await until(lambda: dialog.phase is VitalePhase.ERROR)
        assert dialog.status_title.text() == "Carte retirée pendant la lecture : réinsérez-la"
        # Other reader news does not turn it into a bare « Insérez… ».
        desk.publish(_state(kind=None))
        await until(lambda: desk.reads == 2)
        assert dialog.status_title.text() == "Carte retirée pendant la lecture : réinsérez-la"
        desk.read_failure = None
        desk.insert()
        await _holders_shown(dialog, 3)

    arun(scenario())


def test_a_failure_other_than_the_card_is_said_with_relire(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk((MARIE,))
        desk.read_failure = OSError("disk full")
        dialog, _ = await _open(qtbot, desk)
        await until(lambda: dialog.phase is VitalePhase.ERROR)
        assert dialog.status_title.text() == "La carte n'a pas pu être lue"
        assert "(OSError)" in dialog.status_advice.text()
        assert "disk full" not in _texts(dialog)
        desk.read_failure = None
        dialog.retry_button.click()
        await _holders_shown(dialog, 1)

    arun(scenario())


def test_a_failed_lookup_is_said_and_choosing_again_retries(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk(FAMILY)
        desk.match_failure = OSError("database is locked")
        dialog, _ = await _open(qtbot, desk)
        await _holders_shown(dialog, 3)
        dialog.table.selectRow(0)
        panel = dialog.match_panel
        await until(panel.error.isVisible)
        assert "La recherche du patient n'a pas abouti (OSError)" in panel.error.text()
        assert not panel.create_button.isVisible() and not panel.open_button.isVisible()
        desk.match_failure = None
        dialog.table.selectRow(1)
        await until(lambda: panel.match is not None)
        assert not panel.error.isVisible() and panel.can_create

    arun(scenario())


# -- keyboard ------------------------------------------------------------------------


def test_escape_closes_and_the_closed_dialog_is_left_alone(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk(FAMILY)
        dialog, signals = await _open(qtbot, desk)
        await _holders_shown(dialog, 3)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
        assert dialog.result() == QDialog.DialogCode.Rejected
        assert not dialog.isVisible()
        assert signals.events == []
        # The service keeps the listener; a deleted dialog behind it must not be reached.
        dialog.deleteLater()
        await until(lambda: True)
        desk.insert()
        desk.remove()
        assert desk.reads == 1

    arun(scenario())


# -- screenshots ---------------------------------------------------------------------


SHOTS = Path("/tmp/vitale_shots")  # noqa: S108 — where the reviewer looks


def _shot(dialog: VitaleDialog, name: str) -> Path:
    path = screenshot(dialog, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SHOTS / f"{name}.png"))
    return path


@pytest.fixture
def qt_in_french(qapp: QApplication) -> Iterator[None]:
    """Qt's own words (the standard « Fermer » button) in French, as UiLanguage installs
    them on the workstation."""
    translator = QTranslator()
    assert translator.load(
        "qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    )
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def test_screenshots_family_card_found_and_vitale_1(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner, qt_in_french: None
) -> None:
    async def scenario() -> None:
        desk = FakeVitaleDesk((MARIE, PAUL, LEA))
        paul = _patient(PAUL, "p-paul", phone="06 12 34 56 78")
        desk.matches[PAUL.nir] = (paul, ())
        dialog, _ = await _open(qtbot, desk, styled=True)
        await _holders_shown(dialog, 3)
        assert dialog.buttons.buttons()[0].text() == "Fermer"
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
        await until(lambda: dialog.match_panel.match is not None)
        # Every holder in sight, none cut off by the panel under the list.
        last = dialog.table.visualRect(dialog.model.index(2, 0))
        assert dialog.table.viewport().rect().contains(last)
        assert _shot(dialog, "vitale_family_found").stat().st_size > 10_000

        desk.matches[PAUL.nir] = (
            None,
            (
                _patient(PAUL, "p-sans-nir", ins=None),
                _patient(PAUL, "p-autre", ins=Nir.parse(_nir("1100375999888"))),
            ),
        )
        desk.holders = (MARIE, PAUL, dataclasses.replace(BAD_KEY, rank=3))
        desk.insert()
        await _holders_shown(dialog, 3)
        dialog.table.selectRow(1)
        await until(lambda: dialog.match_panel.match is not None)
        await until(lambda: all(c.isVisible() for c in dialog.match_panel.candidates))
        last = dialog.table.visualRect(dialog.model.index(2, 0))
        assert dialog.table.viewport().rect().contains(last)
        _shot(dialog, "vitale_candidates_bad_key")

        desk.insert(CardKind.VITALE_1)
        await until(lambda: dialog.phase is VitalePhase.ERROR)
        assert _shot(dialog, "vitale_error_vitale1").stat().st_size > 5_000
        desk.remove()
        await until(lambda: dialog.phase is VitalePhase.WAITING)
        _shot(dialog, "vitale_waiting")

    arun(scenario())
