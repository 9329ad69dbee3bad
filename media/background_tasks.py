"""The tasks a media object starts on the event loop and ends with itself.

A call, its device checks, its signalling socket, its quality reports and its
loudspeaker each run work in the background; each must stop it before letting go of
what that work uses, and a failure in it must be said (the call goes on) rather than
lost in an unretrieved task. Written once here: :meth:`spawn`, :meth:`cancel_all`, and
:meth:`cancel` for a single task.
"""

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from typing import Any


class BackgroundTasks:
    """``on_failure`` hears each exception a task ends with (not a cancellation)."""

    def __init__(self, on_failure: Callable[[Exception], None]) -> None:
        self._on_failure = on_failure
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        async def run() -> None:
            try:
                await work
            except Exception as exc:  # noqa: BLE001 - handed to on_failure, never lost
                self._on_failure(exc)

        task = asyncio.get_running_loop().create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        # Cancelled before it ever ran: ``work`` was never awaited, and must be closed
        # (closing one that ran is a no-op).
        task.add_done_callback(lambda _task: work.close())
        return task

    async def cancel_all(self) -> None:
        """Every task still running cancelled, and waited for."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    @staticmethod
    async def cancel(task: "asyncio.Task[Any] | None") -> None:
        """``task`` cancelled and waited for (None: nothing to do)."""
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
