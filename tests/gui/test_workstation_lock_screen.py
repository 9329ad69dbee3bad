"""The main window under the workstation lock: nothing of a patient shows, nothing is lost.

The login view itself is tested in test_login_view.py; here any widget stands for it.
"""

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.domain.patient import Patient
from ui.shell.activity_filter import ActivityFilter
from ui.shell.main_window import MainWindow


def _window(qtbot: QtBot) -> MainWindow:
    window = MainWindow(demo=False, language="fr")
    qtbot.addWidget(window)
    window.register_section("patients", lambda: QLabel("Liste des patients : DUPONT Marie"))
    window.show()
    window.activateWindow()  # shortcuts go to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def _visible_text(window: MainWindow) -> str:
    texts = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    texts += [w.text() for w in window.findChildren(QLineEdit) if w.isVisible()]
    return "\n".join(texts)


def test_the_lock_covers_sections_patient_and_dialogs_and_gives_them_back(
    qtbot: QtBot,
) -> None:
    window = _window(qtbot)
    patient = Patient(id="p1", family="DUPONT", given="Marie", birth_date=None, gender="female")
    window.set_patient(patient)
    dialog = QDialog(window)
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    dialog.show()
    field.insert("allergie pénicilline")  # keyClicks types ASCII only
    assert "DUPONT" in _visible_text(window)

    screen = QLabel("Insérez votre carte CPS")
    window.show_workstation_lock(screen)
    assert window.stack.currentWidget() is screen
    assert not dialog.isVisible()
    assert not window.context.isVisible()
    assert not window.navigation.isEnabled()
    assert "DUPONT" not in _visible_text(window)
    assert "pénicilline" not in _visible_text(window)
    # Shortcuts to sections do nothing while locked.
    window.select_section("agenda")
    assert window.stack.currentWidget() is screen

    window.hide_workstation_lock()
    assert not window.workstation_locked
    assert dialog.isVisible()
    assert field.text() == "allergie pénicilline"  # the edit in progress survived
    assert window.context.isVisible()
    assert window.navigation.isEnabled()
    assert window.stack.currentWidget() is not screen


def test_ctrl_l_asks_for_the_lock(qtbot: QtBot) -> None:
    window = _window(qtbot)
    with qtbot.waitSignal(window.lock_requested, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def test_f8_needs_a_front_desk_service_and_no_lock(qtbot: QtBot) -> None:
    window = _window(qtbot)
    with qtbot.assertNotEmitted(window.front_desk_requested):
        qtbot.keyClick(window, Qt.Key.Key_F8)
    window.set_front_desk_available(True)
    with qtbot.waitSignal(window.front_desk_requested, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_F8)
    window.show_workstation_lock(QLabel("verrouillé"))
    with qtbot.assertNotEmitted(window.front_desk_requested):
        qtbot.keyClick(window, Qt.Key.Key_F8)


def test_activity_is_reported_at_most_once_a_second(qtbot: QtBot) -> None:
    target = QWidget()
    qtbot.addWidget(target)
    activity = ActivityFilter()
    target.installEventFilter(activity)
    seen: list[int] = []
    activity.activity.connect(lambda: seen.append(1))
    press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(5, 5),
        QPointF(5, 5),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    for event in (press, move, press):
        QApplication.sendEvent(target, event)
    assert seen == [1]
    paint = QEvent(QEvent.Type.Paint)
    QApplication.sendEvent(target, paint)
    assert seen == [1]
