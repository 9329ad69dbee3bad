"""The media objects' background tasks: failures said, everything stopped on close."""

import asyncio

import pytest

from media.background_tasks import BackgroundTasks

pytestmark = pytest.mark.asyncio


async def test_a_failure_is_handed_over_and_the_others_go_on() -> None:
    failures: list[Exception] = []
    tasks = BackgroundTasks(failures.append)
    done: list[str] = []

    async def fails() -> None:
        raise ValueError("broken")

    async def works() -> None:
        await asyncio.sleep(0.01)
        done.append("work")

    tasks.spawn(fails())
    finished = tasks.spawn(works())
    await finished
    assert [type(f) for f in failures] == [ValueError] and done == ["work"]


async def test_cancel_all_stops_and_waits_even_tasks_that_never_started() -> None:
    failures: list[Exception] = []
    tasks = BackgroundTasks(failures.append)
    started = asyncio.Event()
    stopped: list[bool] = []

    async def forever() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        finally:
            stopped.append(True)

    running = tasks.spawn(forever())
    await started.wait()
    never_started = tasks.spawn(forever())  # cancelled before its first step
    await tasks.cancel_all()
    assert running.cancelled() and never_started.cancelled()
    assert stopped == [True] and failures == []  # and no "never awaited" warning


async def test_cancel_waits_for_one_task_and_accepts_none() -> None:
    async def forever() -> None:
        await asyncio.Event().wait()

    task = asyncio.get_running_loop().create_task(forever())
    await asyncio.sleep(0)
    await BackgroundTasks.cancel(task)
    assert task.cancelled()
    await BackgroundTasks.cancel(None)
