"""GUI fixtures: a qasync loop on pytest-qt's QApplication, a test keyring, screenshots."""

import asyncio
import gc
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import pytest
import qasync
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QWidget

from tests.fakes.file_keyring import FileKeyring

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


class AsyncRunner:
    """Runs a test scenario on a qasync loop, as the workstation does."""

    def __init__(self, loop: qasync.QEventLoop) -> None:
        self.loop = loop

    def __call__(self, coro: Coroutine[Any, Any, Any], timeout: float = 30.0) -> Any:
        return self.loop.run_until_complete(asyncio.wait_for(coro, timeout))


async def until(condition: Callable[[], bool], within: float = 10.0) -> None:
    """Let the loop (Qt and asyncio) run until ``condition`` holds."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


def screenshot(widget: QWidget, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert widget.grab().save(str(path)), "screenshot not written"
    return path


@pytest.fixture
def arun(qapp: QApplication) -> Iterator[AsyncRunner]:
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    try:
        yield AsyncRunner(loop)
    finally:
        asyncio.set_event_loop(None)
        loop.close()


@pytest.fixture
def test_keyring(tmp_path: Path) -> Iterator[FileKeyring]:
    previous = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def french_locale() -> Iterator[None]:
    """Qt's default locale French (France), as on a workstation set to French: day
    names, dates and numbers as a GP reads them. A module asks for it with
    ``pytestmark = pytest.mark.usefixtures("french_locale")``."""
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    yield
    QLocale.setDefault(previous)


@pytest.fixture(autouse=True)
def qt_objects_freed_on_the_qt_thread() -> Iterator[None]:
    """Free each test's widgets at its end, on the Qt thread: left to the cyclic garbage
    collector, a view and its task runner could be freed in whichever thread runs then
    (the card I/O thread, an executor's), and Qt warns "Timers cannot be stopped from
    another thread". The collector is off during the test for the same reason."""
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()
