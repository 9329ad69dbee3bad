"""The conflict inbox: conflicts in plain words, a choice per field, Apply, the next one.

Against the in-memory FakeConflictService; a scenario runs on the qasync loop as the
workstation does. Local time is Paris, so that instants read as a GP in France reads them.
"""

import gc
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.change_set import ChangeSet
from app.domain.conflict_side import ConflictSide
from app.domain.field_conflict import FieldConflict
from app.domain.identifier_system import IdentifierSystem
from app.domain.sync_conflict import ConflictKind, SyncConflict
from app.domain.sync_status import SyncPhase, SyncStatus
from app.services.conflict_service import ConflictService
from tests.fakes.fake_conflict_service import FakeConflictService
from tests.fakes.fake_sync_control import FakeSyncControl
from tests.gui.conftest import AsyncRunner, screenshot, until
from ui.conflicts.conflict_inbox import ConflictInbox
from ui.conflicts.conflict_inbox_view import ConflictInboxView
from ui.conflicts.conflict_list_model import SUBTITLE_ROLE, WHEN_ROLE, ConflictListModel
from ui.conflicts.element_labels import ElementLabels
from ui.conflicts.element_value_text import ElementValueText
from ui.resource_paths import ResourcePaths
from ui.shell.main_window import INBOX, MainWindow
from ui.ui_language import UiLanguage

PATIENT_ID = "0b7d6c1e-4f1a-4c1e-9d43-2f6f1f0c9a11"
MOBILE = ("telecom", "[phone|mobile]", "value")
CITY = ("address", "[home]", "city")


def _real_service_fits(service: ConflictService) -> ConflictInbox:
    """Checked by mypy: the real service is what the views are written against."""
    return service


@pytest.fixture(autouse=True)
def collected_here() -> Iterator[None]:
    """Free this test's widgets now, on the Qt thread.

    A view and its TaskRunner refer to each other; left to the cyclic garbage collector,
    they could be freed during a later test, in whichever thread it runs then (an
    executor's), and Qt objects must be destroyed in their own thread.
    """
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def in_france(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Paris time and French number forms, as the workstation set to French has them."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    yield
    QLocale.setDefault(previous)
    monkeypatch.undo()
    time.tzset()


def _ago(**delta: float) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat()


def _patient(phone: str, city: str) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": PATIENT_ID,
        "identifier": [{"system": IdentifierSystem.INS_NIR.value, "value": "284127645108993"}],
        "name": [{"use": "official", "family": "Dupont", "given": ["Marie", "Claire"]}],
        "telecom": [
            {"system": "phone", "use": "mobile", "value": phone},
            {"system": "email", "value": "marie.dupont@example.fr"},
        ],
        "gender": "female",
        "birthDate": "1984-12-12",
        "address": [
            {"use": "home", "line": ["12 rue des Lilas"], "postalCode": "69003", "city": city}
        ],
    }


def patient_conflict(seq: int = 1) -> SyncConflict:
    """The mobile number and the town changed here and at the front desk."""
    return SyncConflict(
        seq=seq,
        type="Patient",
        id=PATIENT_ID,
        kind=ConflictKind.EDITED_BOTH,
        fields=(
            FieldConflict(MOBILE, "0611223344", "0612345678", "07 98 76 54 32"),
            FieldConflict(CITY, "Lyon", "Villeurbanne", "Lyon 3e"),
        ),
        mine=_patient("0612345678", "Villeurbanne"),
        theirs=_patient("07 98 76 54 32", "Lyon 3e"),
        theirs_by="secrétariat",
        created_at=_ago(minutes=12),
    )


def _appointment(start: str, end: str) -> dict[str, Any]:
    return {
        "resourceType": "Appointment",
        "id": "5a0e1c7e-3b5f-4f43-a7a4-0c8c0d4e2b77",
        "status": "booked",
        "description": "Renouvellement d'ordonnance",
        "start": start,
        "end": end,
        "participant": [
            {
                "actor": {"reference": f"Patient/{PATIENT_ID}", "display": "DUPONT Marie"},
                "status": "accepted",
            }
        ],
    }


def appointment_conflict(seq: int = 2) -> SyncConflict:
    """Moved to 09:30 here, to 10:15 by a colleague."""
    mine = _appointment("2026-03-12T09:30:00+01:00", "2026-03-12T09:45:00+01:00")
    theirs = _appointment("2026-03-12T10:15:00+01:00", "2026-03-12T10:30:00+01:00")
    return SyncConflict(
        seq=seq,
        type="Appointment",
        id=mine["id"],
        kind=ConflictKind.EDITED_BOTH,
        fields=(
            FieldConflict(("start",), "2026-03-12T09:00:00+01:00", mine["start"], theirs["start"]),
            FieldConflict(("end",), "2026-03-12T09:15:00+01:00", mine["end"], theirs["end"]),
        ),
        mine=mine,
        theirs=theirs,
        theirs_by="Dr Claire Martin",
        created_at=_ago(minutes=5),
    )


def _weight(value: float, rid: str = "9c3f5c2a-7d0e-4b7e-8a57-3c1d2b6e4f10") -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "code": {
            "coding": [{"system": "http://loinc.org", "code": "29463-7", "display": "Body weight"}],
            "text": "Poids",
        },
        "subject": {"reference": f"Patient/{PATIENT_ID}", "display": "DUPONT Marie"},
        "effectiveDateTime": "2026-03-12T09:40:00+01:00",
        "valueQuantity": {"value": value, "unit": "kg", "system": "http://unitsofmeasure.org"},
    }


def deletion_conflict(
    seq: int = 3, kind: ConflictKind = ConflictKind.DELETED_THERE
) -> SyncConflict:
    """A weight corrected (72 → 72,5 kg) on one side and deleted on the other."""
    rid = f"9c3f5c2a-7d0e-4b7e-8a57-3c1d2b6e4f1{seq}"
    base, edited = _weight(72, rid), _weight(72.5, rid)
    mine, theirs = (edited, None) if kind is ConflictKind.DELETED_THERE else (None, edited)
    return SyncConflict(
        seq=seq,
        type="Observation",
        id=rid,
        kind=kind,
        fields=(FieldConflict((), base, mine, theirs),),
        mine=mine,
        theirs=theirs,
        theirs_by="Dr Claire Martin" if kind is ConflictKind.DELETED_HERE else None,
        created_at=_ago(days=2),
    )


def three_conflicts() -> list[SyncConflict]:
    return [patient_conflict(), appointment_conflict(), deletion_conflict()]


def _texts(widget: Any) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


async def _inbox(qtbot: QtBot, service: FakeConflictService) -> ConflictInboxView:
    view = ConflictInboxView(service)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    await until(lambda: not view.busy and view.model.rowCount() == len(service.conflicts))
    return view


# -- words ---------------------------------------------------------------------------


def test_element_labels_speak_french(qapp: QApplication) -> None:
    label = ElementLabels.label
    assert label("Patient", ("name", "[official]", "family")) == "Nom de naissance"
    assert label("Patient", ("name", "[usual]", "family")) == "Nom d'usage"
    assert label("Patient", ("name", "[official]", "given")) == "Prénom(s)"
    assert label("Patient", ("birthDate",)) == "Date de naissance"
    assert label("Patient", ("gender",)) == "Sexe"
    assert label("Patient", MOBILE) == "Téléphone mobile"
    assert label("Patient", ("telecom", "[phone|home]", "value")) == "Téléphone fixe"
    assert label("Patient", ("telecom", "[phone|null]", "value")) == "Téléphone"
    assert label("Patient", ("telecom", "[email|null]", "value")) == "Courriel"
    assert label("Patient", ("telecom", "[phone|mobile]", "rank")) == (
        "Téléphone mobile — ordre de préférence"
    )
    assert label("Patient", CITY) == "Adresse — ville"
    assert label("Patient", ("address", "[home]", "line")) == "Adresse — rue"
    ins = ("identifier", f"[{IdentifierSystem.INS_NIR.value}]", "value")
    assert label("Patient", ins) == "INS (NIR)"
    assert label("Appointment", ("start",)) == "Début du rendez-vous"
    assert label("Appointment", ("end",)) == "Fin du rendez-vous"
    assert label("Appointment", ("status",)) == "Statut du rendez-vous"
    assert label("Appointment", ("description",)) == "Motif"
    assert label("Appointment", ("comment",)) == "Commentaire"
    assert label("Observation", ("valueQuantity", "value")) == "Valeur"
    assert label("Observation", ("valueString",)) == "Valeur"
    assert label("Observation", ("effectiveDateTime",)) == "Date de la mesure"
    # Nothing known: the element's own name, made readable.
    assert label("Patient", ("multipleBirthFoo",)) == "Multiple birth foo"
    assert label("Encounter", ("hospitalization", "dischargeDisposition")) == (
        "Hospitalization — discharge disposition"
    )
    assert label("Patient", ()) == "Fiche entière"


def test_values_read_as_on_a_form(qapp: QApplication) -> None:
    text = ElementValueText.text
    assert text("Patient", ("birthDate",), "1984-12-12") == "12/12/1984"
    assert text("Patient", ("birthDate",), "1984-12") == "12/1984"
    assert text("Appointment", ("start",), "2026-03-12T09:30:00+01:00") == "12/03/2026 09:30"
    # Instants are shown in local time, whatever offset they were written with.
    assert text("Appointment", ("start",), "2026-07-01T07:30:00Z") == "01/07/2026 09:30"
    assert text("Patient", ("gender",), "female") == "Femme"
    assert text("Patient", ("gender",), "male") == "Homme"
    assert text("Patient", ("gender",), "other") == "Autre"
    assert text("Patient", MOBILE, None) == "(vide)"
    assert text("Patient", MOBILE, "0612345678") == "06 12 34 56 78"
    assert text("Patient", MOBILE, "+33612345678") == "+33 6 12 34 56 78"
    assert text("Patient", MOBILE, "+41791234567") == "+41 79 123 45 67"
    assert text("Patient", ("name", "[official]", "given"), ["Marie", "Claire"]) == "Marie Claire"
    assert text("Patient", ("address", "[home]", "line"), ["Bât. B", "12 rue des Lilas"]) == (
        "Bât. B, 12 rue des Lilas"
    )
    ins = ("identifier", f"[{IdentifierSystem.INS_NIR.value}]", "value")
    assert text("Patient", ins, "284127645108993") == "2 84 12 76 451 089 93"
    assert text("Appointment", ("status",), "cancelled") == "Annulé"
    assert text("Observation", ("valueQuantity", "value"), 72.5, _weight(72.5)) == "72,5 kg"
    assert text("Patient", ("active",), True) == "Oui"
    concept = {"coding": [{"system": "http://loinc.org", "code": "8867-4"}], "text": "Pouls"}
    assert text("Observation", ("code",), concept) == "Pouls"
    assert text("Patient", ("telecom",), [{"system": "phone", "value": "0612345678"}]) == (
        "0612345678"
    )
    assert text("X", ("x",), {"alpha": 1, "beta": "b", "gamma": 2.5, "delta": 4}) == (
        "Alpha : 1, Beta : b, Gamma : 2,5…"
    )


# -- the list ------------------------------------------------------------------------


def test_model_passes_the_tester(qapp: QApplication, qtmodeltester: ModelTester) -> None:
    model = ConflictListModel()
    qtmodeltester.check(model)
    model.set_conflicts(three_conflicts())
    qtmodeltester.check(model)
    model.set_conflicts([])
    qtmodeltester.check(model)


def test_rows_name_the_record_what_and_when(qapp: QApplication) -> None:
    model = ConflictListModel()
    model.set_conflicts(three_conflicts())
    titles = [model.data(model.index(r, 0)) for r in range(3)]
    assert titles == [
        "Patient DUPONT Marie Claire",
        "Rendez-vous du 12/03/2026 à 09:30 — DUPONT Marie",
        "Observation : Poids du 12/03/2026 — DUPONT Marie",
    ]
    assert model.data(model.index(0, 0), SUBTITLE_ROLE) == "Téléphone mobile, Adresse"
    assert model.data(model.index(1, 0), SUBTITLE_ROLE) == "Horaire du rendez-vous"
    assert model.data(model.index(2, 0), SUBTITLE_ROLE) == "Supprimée ailleurs, modifiée ici"
    # Found today: the time; before: the date.
    assert re.fullmatch(r"\d\d:\d\d", model.data(model.index(0, 0), WHEN_ROLE))
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", model.data(model.index(2, 0), WHEN_ROLE))
    tooltip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "Téléphone mobile, Adresse · détecté aujourd'hui à " in tooltip
    assert model.row_of(appointment_conflict().ref) == 1
    assert model.conflict_at(7) is None


# -- the view ------------------------------------------------------------------------


def test_conflict_shown_field_by_field_in_plain_words(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        view = await _inbox(qtbot, FakeConflictService(three_conflicts()))
        assert view.current_conflict is not None and view.current_conflict.seq == 1
        detail = view.detail
        assert detail.title.text() == "Patient DUPONT Marie Claire"
        assert "secrétariat" in detail.intro.text()
        phone, city = detail.fields
        assert phone.summary() == (
            "Téléphone mobile : 06 12 34 56 78 (vous) / 07 98 76 54 32 (secrétariat)"
        )
        assert phone.base.text() == "Avant les deux modifications : 06 11 22 33 44"
        # The parts of an address are one choice, shown whole.
        assert city.summary() == (
            "Adresse : 12 rue des Lilas, 69003 Villeurbanne (vous) / "
            "12 rue des Lilas, 69003 Lyon 3e (secrétariat)"
        )
        assert phone.buttons[ConflictSide.MINE].text() == "Garder la mienne"
        assert phone.buttons[ConflictSide.THEIRS].text() == "Garder l'autre"
        # Nothing is chosen for the GP.
        assert phone.choice is None and not detail.apply_button.isEnabled()
        assert "encore 2" in detail.hint.text()

        view.list.setCurrentIndex(view.model.index(1, 0))
        assert detail.title.text() == "Rendez-vous du 12/03/2026 à 09:30 — DUPONT Marie"
        # Start and end are one choice: a mix could end before it begins.
        (when,) = detail.fields
        assert when.summary() == (
            "Horaire du rendez-vous : 12/03/2026 de 09:30 à 09:45 (vous) / "
            "12/03/2026 de 10:15 à 10:30 (Dr Claire Martin)"
        )
        assert when.base.text() == "Avant les deux modifications : 12/03/2026 de 09:00 à 09:15"
        when.choose(ConflictSide.THEIRS)
        assert detail.choices() == {("start",): ConflictSide.THEIRS, ("end",): ConflictSide.THEIRS}

    arun(scenario())


def test_choices_per_field_then_apply_resolves_and_moves_on(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        service = FakeConflictService(three_conflicts())
        view = await _inbox(qtbot, service)
        resolved: list[object] = []
        view.changes_did_happen.connect(resolved.append)
        phone, city = view.detail.fields
        # By keyboard: focus the first choice, Space picks it.
        phone.buttons[ConflictSide.MINE].setFocus()
        qtbot.keyClick(phone.buttons[ConflictSide.MINE], Qt.Key.Key_Space)
        assert phone.choice is ConflictSide.MINE
        assert not view.detail.apply_button.isEnabled()
        # A click on the other side's value picks it too.
        qtbot.mouseClick(city.values[ConflictSide.THEIRS], Qt.MouseButton.LeftButton)
        assert city.choice is ConflictSide.THEIRS
        assert view.detail.apply_button.isEnabled()
        qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: len(service.resolutions) == 1)
        conflict, choices = service.resolutions[0]
        assert conflict.ref == f"Patient/{PATIENT_ID}"
        assert choices == {MOBILE: ConflictSide.MINE, CITY: ConflictSide.THEIRS}
        # The next one is shown, and the view says what was done.
        await until(lambda: view.model.rowCount() == 2 and not view.busy)
        assert view.current_conflict is not None
        assert view.current_conflict.type == "Appointment"
        assert view.list.currentIndex().row() == 0
        assert "Conflit résolu : Patient DUPONT Marie Claire" in view.message.text()
        assert resolved == [ChangeSet.of(f"Patient/{PATIENT_ID}")]
        assert view.detail.fields[0].choice is None

    arun(scenario())


def test_deletion_conflicts_explained_in_a_sentence(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        there = deletion_conflict(1, ConflictKind.DELETED_THERE)
        here = deletion_conflict(2, ConflictKind.DELETED_HERE)
        service = FakeConflictService([there, here])
        view = await _inbox(qtbot, service)
        (field,) = view.detail.fields
        assert field.sentence.text() == (
            "Cette fiche a été supprimée sur un autre poste alors que vous l'aviez modifiée."
        )
        assert field.buttons[ConflictSide.MINE].text() == "Garder ma version"
        assert field.buttons[ConflictSide.THEIRS].text() == "Accepter la suppression"
        assert "Vos modifications :" in field.base.text()
        assert "Valeur : 72 kg → 72,5 kg" in field.base.text()

        view.list.setCurrentIndex(view.model.index(1, 0))
        (field,) = view.detail.fields
        assert field.sentence.text() == (
            "Vous avez supprimé cette fiche alors qu'elle a été modifiée sur un autre poste "
            "(Dr Claire Martin)."
        )
        assert field.buttons[ConflictSide.MINE].text() == "Confirmer la suppression"
        assert field.buttons[ConflictSide.THEIRS].text() == "Garder la fiche modifiée"
        assert "Modifications faites sur l'autre poste :" in field.base.text()
        field.choose(ConflictSide.THEIRS)
        view.apply()
        await until(lambda: len(service.resolutions) == 1)
        assert service.resolutions[0][1] == {(): ConflictSide.THEIRS}
        await until(lambda: view.model.rowCount() == 1 and not view.busy)
        assert view.message.text() == (
            "Conflit résolu : Observation : Poids du 12/03/2026 — DUPONT Marie. Voici le suivant."
        )
        (field,) = view.detail.fields
        field.choose(ConflictSide.MINE)
        view.apply()
        await until(lambda: view.model.rowCount() == 0 and not view.busy)
        assert view.message.text().endswith("Il n'en reste aucun.")
        assert view.pages.currentWidget() is view.empty

    arun(scenario())


def _fields_of(conflict: SyncConflict) -> dict[str, Any]:
    return {name: getattr(conflict, name) for name in SyncConflict.__dataclass_fields__}


def test_conflict_changed_meanwhile_is_read_again(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        old = patient_conflict()
        service = FakeConflictService([old, appointment_conflict()])
        view = await _inbox(qtbot, service)
        for field in view.detail.fields:
            field.choose(ConflictSide.THEIRS)
        # The front desk changes the number again before Apply.
        newer = SyncConflict(
            **{
                **_fields_of(old),
                "fields": (FieldConflict(MOBILE, "0611223344", "0612345678", "0655443322"),),
                "theirs": _patient("0655443322", "Lyon"),
            }
        )
        service.replace(old, newer)
        reads = service.reads
        view.apply()
        await until(lambda: service.reads > reads and not view.busy)
        assert service.resolutions == []
        assert "a changé entre-temps" in view.message.text()
        assert view.message.isVisible()
        assert view.current_conflict == newer
        (phone,) = view.detail.fields
        assert "06 55 44 33 22 (secrétariat)" in phone.summary()
        assert phone.choice is None

        # Apply on the fresh version goes through.
        phone.choose(ConflictSide.MINE)
        view.apply()
        await until(lambda: len(service.resolutions) == 1)
        assert service.resolutions[0][0] == newer

        # Resolved on another workstation while shown here: the view says so, moves on.
        (when,) = view.detail.fields
        when.choose(ConflictSide.MINE)
        service.conflicts.clear()
        view.apply()
        await until(lambda: view.model.rowCount() == 0 and not view.busy)
        assert "résolu entre-temps sur un autre poste" in view.message.text()
        assert view.pages.currentWidget() is view.empty

    arun(scenario())


def test_a_failed_resolution_says_so_and_keeps_the_choices(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        service = FakeConflictService([appointment_conflict()])
        view = await _inbox(qtbot, service)
        for field in view.detail.fields:
            field.choose(ConflictSide.MINE)
        service.fail_with = OSError("disk full")
        view.apply()
        await until(lambda: "n'a pas pu être enregistré" in view.message.text())
        assert "OSError" in view.message.text()
        assert all(f.choice is ConflictSide.MINE for f in view.detail.fields)
        assert view.detail.apply_button.isEnabled()

    arun(scenario())


def test_empty_inbox_and_new_conflicts_arriving(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        service = FakeConflictService([])
        view = await _inbox(qtbot, service)
        assert view.pages.currentWidget() is view.empty
        assert "Aucun conflit à résoudre" in _texts(view)
        service.add(appointment_conflict())
        view.refresh()
        await until(lambda: view.model.rowCount() == 1)
        assert view.pages.currentWidget() is view.splitter
        # A choice in progress survives a refresh brought by another new conflict.
        view.detail.fields[0].choose(ConflictSide.THEIRS)
        service.add(deletion_conflict())
        view.refresh()
        await until(lambda: view.model.rowCount() == 2 and not view.busy)
        assert view.detail.fields[0].choice is ConflictSide.THEIRS
        assert not view.message.isVisible()

    arun(scenario())


# -- in the window -------------------------------------------------------------------


async def open_window(qtbot: QtBot, *, styled: bool = False) -> MainWindow:
    window = MainWindow(demo=False, language="fr")
    if styled:
        # The workstation's stylesheet, so that screenshots show what a GP sees. On the
        # window, not the application: clearing an application stylesheet while this
        # test's windows await deletion made a later test crash in Qt.
        window.setStyleSheet(ResourcePaths.stylesheet().read_text(encoding="utf-8"))
    qtbot.addWidget(window)
    window.show()
    # Shortcuts go to the active window.
    window.activateWindow()
    await until(lambda: QApplication.activeWindow() is window)
    return window


def test_inbox_in_the_window_and_in_english(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        window = await open_window(qtbot, styled=True)
        inbox_row = window.navigation.item(window.navigation.count() - 1)
        assert inbox_row.isHidden()
        service = FakeConflictService(three_conflicts())
        control = FakeSyncControl(
            SyncStatus(SyncPhase.IDLE, conflicts=3, last_sync=datetime.now(UTC))
        )
        window.attach_sync(control, service)
        await until(lambda: not inbox_row.isHidden())
        assert inbox_row.text() == "Conflits (3)"
        assert window.status.conflicts_button.text() == "3 conflits à résoudre"
        qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
        assert window.current_section == INBOX
        view = window.section_view(INBOX)
        assert isinstance(view, ConflictInboxView)
        await until(lambda: view.model.rowCount() == 3 and not view.busy)
        for row, name in enumerate(("patient", "appointment", "deletion")):
            view.list.setCurrentIndex(view.model.index(row, 0))
            # New fields are shown on the loop's next turn.
            await until(lambda: all(f.isVisible() for f in view.detail.fields))
            path = screenshot(window, f"conflict_inbox_{name}")
            assert path.stat().st_size > 10_000

        language = UiLanguage(qapp)
        assert language.apply("en")
        try:
            await until(lambda: view.detail.fields[0].buttons[ConflictSide.MINE].text() != "")
            await until(lambda: inbox_row.text() == "Conflicts (3)")
            (field,) = view.detail.fields
            assert field.sentence.text() == (
                "This record was deleted on another workstation while you had changed it."
            )
            assert field.buttons[ConflictSide.MINE].text() == "Keep my version"
            assert field.buttons[ConflictSide.THEIRS].text() == "Accept the deletion"
            view.list.setCurrentIndex(view.model.index(0, 0))
            phone = view.detail.fields[0]
            assert phone.summary() == (
                "Mobile phone: 06 12 34 56 78 (you) / 07 98 76 54 32 (secrétariat)"
            )
            assert phone.buttons[ConflictSide.MINE].text() == "Keep mine"
            assert view.model.data(view.model.index(1, 0)).startswith(
                "Appointment on 12/03/2026 at 09:30"
            )
            assert window.status.conflicts_button.text() == "3 conflicts to resolve"
            await until(lambda: all(f.isVisible() for f in view.detail.fields))
            screenshot(window, "conflict_inbox_english")
        finally:
            language.apply("fr")
        await until(lambda: inbox_row.text() == "Conflits (3)")

        # Resolving the last ones: the entry stays while the GP is in it, then goes.
        service.conflicts.clear()
        service.announce()
        await until(lambda: view.model.rowCount() == 0)
        assert not inbox_row.isHidden() and inbox_row.text() == "Conflits"
        assert not window.status.conflicts_button.isVisible()
        window.select_section("patients")
        assert inbox_row.isHidden()

    arun(scenario())


def test_resolving_with_the_keyboard_only(
    qapp: QApplication, qtbot: QtBot, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        window = await open_window(qtbot)
        service = FakeConflictService([appointment_conflict(), deletion_conflict()])
        window.attach_sync(FakeSyncControl(), service)
        await until(lambda: window.conflict_count == 2)
        qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
        view = window.section_view(INBOX)
        assert isinstance(view, ConflictInboxView)
        await until(lambda: view.model.rowCount() == 2 and view.list.hasFocus())
        # Enter on the conflict goes to its choices; the arrows pick one (Space too), Tab
        # goes on to the next field, then to Apply.
        qtbot.keyClick(view.list, Qt.Key.Key_Return)
        (when,) = view.detail.fields
        assert when.buttons[ConflictSide.MINE].hasFocus()
        qtbot.keyClick(qapp.focusWidget(), Qt.Key.Key_Down)
        assert when.buttons[ConflictSide.THEIRS].hasFocus()
        qtbot.keyClick(qapp.focusWidget(), Qt.Key.Key_Space)
        assert when.choice is ConflictSide.THEIRS
        qtbot.keyClick(qapp.focusWidget(), Qt.Key.Key_Tab)
        assert view.detail.apply_button.hasFocus()
        qtbot.keyClick(qapp.focusWidget(), Qt.Key.Key_Space)
        await until(lambda: len(service.resolutions) == 1)
        assert service.resolutions[0][1] == {
            ("start",): ConflictSide.THEIRS,
            ("end",): ConflictSide.THEIRS,
        }
        # The next conflict, its first choice ready for the keyboard.
        await until(lambda: view.current_conflict is not None and not view.busy)
        assert view.current_conflict is not None
        assert view.current_conflict.kind is ConflictKind.DELETED_THERE
        await until(view.detail.fields[0].buttons[ConflictSide.MINE].hasFocus)

    arun(scenario())
