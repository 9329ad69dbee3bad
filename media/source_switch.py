"""A track whose source can be replaced under a reader, without losing the reader.

aiortc's sender ends for good when the track it reads ends, and a relayed track
(``MediaRelay``) that is stopped does not wake a read already waiting on it. So a
sender keeps one track for its whole connection, and the source behind it changes: a
read in flight on the old source is left to finish (the old source's last frame is
dropped, or its end ignored), and only then is the old source stopped. A source
replaced while nothing reads it is stopped at once.
"""

from typing import Any

from aiortc.mediastreams import MediaStreamError, MediaStreamTrack


class SourceSwitch(MediaStreamTrack):
    """Base of the call's sent tracks: :meth:`replace_source`, :meth:`next_frame`."""

    def __init__(self, source: MediaStreamTrack) -> None:
        super().__init__()
        self._source = source
        self._reading: MediaStreamTrack | None = None

    def replace_source(self, source: MediaStreamTrack) -> bool:
        """``source`` from the next frame on; False if it was already the source."""
        old, self._source = self._source, source
        if old is source:
            return False
        if old is not self._reading:
            old.stop()
        return True

    async def next_frame(self) -> Any:
        """The next frame of the current source; MediaStreamError when *it* ends."""
        while True:
            source = self._reading = self._source
            try:
                frame: Any = await source.recv()
            except MediaStreamError:
                if self._source is source:
                    raise
                continue  # replaced while we waited on it: its end is not ours
            finally:
                self._reading = None
            if self._source is source:
                return frame
            source.stop()  # replaced while we waited: its last frame is not sent

    def stop(self) -> None:
        super().stop()
        self._source.stop()
