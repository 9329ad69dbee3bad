"""The audio track a call sends: its microphone can change under it, and muting sends silence.

The sender keeps this one track for the whole connection (see
:class:`media.source_switch.SourceSwitch`); a new microphone is swapped in behind it,
and muting sends silent frames at the microphone's pace, so the patient's side hears
silence rather than a stream that stopped.
"""

from typing import Any

import numpy as np
from aiortc.mediastreams import MediaStreamTrack
from av import AudioFrame

from media.source_switch import SourceSwitch


class SwitchableAudio(SourceSwitch):
    """``muted`` may be set at any time; :meth:`replace_source` changes the microphone."""

    kind = "audio"

    def __init__(self, source: MediaStreamTrack) -> None:
        super().__init__(source)
        self.muted = False

    async def recv(self) -> Any:
        frame = await self.next_frame()
        return _silent(frame) if self.muted else frame


def _silent(frame: Any) -> AudioFrame:
    """A frame like ``frame`` (format, layout, rate, time stamp), all zero."""
    zeros = np.zeros_like(frame.to_ndarray())
    silent = AudioFrame.from_ndarray(zeros, format=frame.format.name, layout=frame.layout.name)
    silent.sample_rate, silent.pts, silent.time_base = frame.sample_rate, frame.pts, frame.time_base
    return silent
