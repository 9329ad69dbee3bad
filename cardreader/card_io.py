"""The one thread every card command of the workstation runs on.

PC/SC calls block for as long as the card takes (a signature: a few hundred
milliseconds), so they never run on the asyncio loop; and one card must never get two
commands at once, so there is exactly one such thread. The reader watch has its own.
"""

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor


class CardIo:
    """Runs blocking card work in order, awaited from the loop."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cabinet-card-io")

    async def run[T](self, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, work)

    def shutdown(self) -> None:
        """Let work already queued finish; accept no more."""
        self._executor.shutdown(wait=True)
