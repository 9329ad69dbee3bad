"""Starts coroutines from Qt signal handlers on the qasync loop, and keeps them alive.

asyncio holds only weak references to tasks; a view that fires and forgets would see
its save vanish mid-way. Failures are logged (by class, never with patient data) and
handed to ``on_error`` so the view can say what happened.
"""

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)


class TaskRunner:
    """One per view; :meth:`cancel_all` when the view goes away."""

    def __init__(self, on_error: Callable[[BaseException], None] | None = None) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._on_error = on_error

    def start(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        # The loop set for this thread (qasync's), also when a handler runs while the
        # loop is between two iterations, as under pytest-qt.
        task = asyncio.get_event_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._on_task_done)
        return task

    def _on_task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("background task failed: %s", type(exc).__name__)
            if self._on_error is not None:
                self._on_error(exc)

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()
