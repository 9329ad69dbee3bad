"""The sent audio track: a microphone swapped under aiortc's read, muting, the end.

The race this guards against is real (it froze the patient's sound in a test of the
headset switch): aiortc reads the track through ``MediaRelay``, a stopped relay track
does not wake a read already waiting on it, and aiortc's sender ends for good when its
track ends. Here aiortc's own silence track stands for the old microphone and a 440 Hz
tone for the new one, through a real relay, read as the sender reads.
"""

import asyncio

import numpy as np
import pytest
from aiortc.contrib.media import MediaRelay
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError

from media.switchable_audio import SwitchableAudio
from media.tone_track import ToneTrack


def _peak(frame: object) -> int:
    return int(np.abs(frame.to_ndarray()).max())  # type: ignore[attr-defined]


@pytest.mark.asyncio
async def test_a_microphone_swapped_during_a_read_takes_over_without_ending_the_track() -> None:
    relay = MediaRelay()
    old, new = AudioStreamTrack(), ToneTrack()
    sent = SwitchableAudio(relay.subscribe(old, buffered=False))
    assert _peak(await sent.recv()) == 0
    reading = asyncio.ensure_future(sent.recv())
    await asyncio.sleep(0.005)  # the read now waits on the old microphone's relay
    sent.replace_source(relay.subscribe(new, buffered=False))
    old.stop()  # the old microphone let go, as CallSession.switch_microphone does
    await asyncio.wait_for(reading, 2)
    peaks = [_peak(await asyncio.wait_for(sent.recv(), 2)) for _ in range(5)]
    assert min(peaks) > 10_000, "the new microphone is not what is sent"
    assert sent.readyState == "live"
    sent.stop()
    with pytest.raises(MediaStreamError):
        await sent.recv()
    new.stop()


@pytest.mark.asyncio
async def test_muted_frames_are_silent_at_the_same_pace_and_stamps_go_on() -> None:
    sent = SwitchableAudio(ToneTrack())
    loud = await sent.recv()
    sent.muted = True
    quiet = [await sent.recv() for _ in range(3)]
    sent.muted = False
    again = await sent.recv()
    assert _peak(loud) > 10_000 and _peak(again) > 10_000
    assert all(_peak(f) == 0 for f in quiet)
    stamps = [loud.pts, *(f.pts for f in quiet), again.pts]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert {(f.sample_rate, f.samples, f.format.name) for f in quiet} == {
        (loud.sample_rate, loud.samples, loud.format.name)
    }
    sent.stop()


@pytest.mark.asyncio
async def test_the_microphone_ending_by_itself_ends_the_track() -> None:
    sent = SwitchableAudio(ToneTrack(seconds=0.06))  # three 20 ms frames
    for _ in range(3):
        await asyncio.wait_for(sent.recv(), 2)
    with pytest.raises(MediaStreamError):
        await asyncio.wait_for(sent.recv(), 2)
