"""Sound in and out through Qt Multimedia, on the session's own sound server.

A 440 Hz tone is played by :class:`AudioPlayer` (as the patient's voice would be) into
the « room » loudspeaker; :class:`MicrophoneTrack` captures the microphone that hears
that room and must hear the tone, then silence once the player stops. Real Qt audio,
real PulseAudio (null devices: tests/helpers/pulse_server.py), on the qasync loop that
delivers Qt's audio as the workstation's does.
"""

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtMultimedia import QAudioDevice
from PySide6.QtWidgets import QApplication

from media.audio_player import AudioPlayer
from media.call_session import CallSession
from media.device_catalog import DeviceCatalog
from media.microphone_track import MicrophoneTrack
from media.synthetic_camera import SyntheticCamera
from media.tone_track import ToneTrack
from tests.gui.conftest import AsyncRunner, until
from tests.helpers.aiortc_patient import AiortcPatient
from tests.helpers.pulse_server import MICROPHONE, ROOM, SPEAKER, SPEAKER_MONITOR
from tests.helpers.teleconsultation_server import backend, teleconsultation

RATE = 48_000
SAMPLES = 960


def qt_device(catalog: DeviceCatalog, kind: str, name: str) -> QAudioDevice:
    """Qt's device for the session sound server's ``name`` (microphone or speaker)."""
    chosen = next(d for d in catalog.devices(kind) if d.name == name)
    device = catalog.audio_device(kind, chosen.device_id)
    assert device is not None
    return device


async def loudest(track: MicrophoneTrack, frames: int, enough: float = 1.0) -> float:
    """The highest level ``track`` hears over ``frames`` 20 ms frames (sooner past
    ``enough``)."""
    peak = 0.0
    for _ in range(frames):
        await asyncio.wait_for(track.recv(), 5)
        peak = max(peak, track.level)
        if peak > enough:
            break
    return peak


def test_a_tone_played_is_heard_by_the_microphone_then_silence(
    qapp: QApplication, arun: AsyncRunner
) -> None:
    async def scenario() -> None:
        catalog = DeviceCatalog()
        speaker_device = qt_device(catalog, "speaker", ROOM)
        mic_device = qt_device(catalog, "microphone", MICROPHONE)
        microphone = MicrophoneTrack(mic_device)
        player = AudioPlayer(speaker_device)
        try:
            player.play(ToneTrack())
            heard = []
            for _ in range(100):  # 2 s of 20 ms frames
                frame: Any = await asyncio.wait_for(microphone.recv(), 5)
                assert frame.samples == SAMPLES and frame.sample_rate == RATE
                heard.append(microphone.level)
            assert max(heard) > 0.2, f"the tone was not heard (peak {max(heard):.3f})"
            assert player.frames > 50 and player.level > 0.4
            await player.stop()
            quiet = []
            for _ in range(50):
                await asyncio.wait_for(microphone.recv(), 5)
                quiet.append(microphone.level)
            assert max(quiet[-20:]) < 0.01, "still hearing something after the stop"
        finally:
            await player.stop()
            microphone.stop()

    arun(scenario(), timeout=60)


def test_a_call_carries_each_voice_from_microphone_to_loudspeaker(
    qapp: QApplication, arun: AsyncRunner, tmp_path: Path
) -> None:
    """The practitioner speaks (a tone in the room their microphone hears): the patient
    receives it. The patient speaks (a tone from their side): the practitioner's
    loudspeaker plays it, heard on that loudspeaker's monitor."""

    async def scenario() -> None:
        catalog = DeviceCatalog()

        async with backend(tmp_path) as server:
            room, token = await teleconsultation(server)
            assert server.base_url is not None
            player = AudioPlayer(qt_device(catalog, "speaker", SPEAKER))
            call = CallSession(
                server.base_url,
                room,
                server.token,
                video=SyntheticCamera(320, 240, 15),
                audio=MicrophoneTrack(qt_device(catalog, "microphone", MICROPHONE)),
                play_audio=player.play,
            )
            in_the_room = AudioPlayer(qt_device(catalog, "speaker", ROOM))
            listening = MicrophoneTrack(qt_device(catalog, "microphone", SPEAKER_MONITOR))
            patient = AiortcPatient(server.base_url, room, token, audio=ToneTrack)
            try:
                await call.open()
                # The loudspeaker test, before the call: a tone on the chosen loudspeaker.
                assert await call.test_speaker()
                tested = await loudest(listening, 100, enough=0.2)
                assert tested > 0.2, "the loudspeaker test was not heard"
                await patient.join()
                await until(lambda: call.patient_state == "waiting", within=15)
                await call.admit()
                await until(lambda: call.connection_state == "connected", within=20)
                in_the_room.play(ToneTrack())
                await until(lambda: patient.audio_peak > 0.2, within=15)
                assert call.microphone_level > 0.05  # the pre-call meter moves too
                heard = await loudest(listening, 150, enough=0.2)
                assert heard > 0.2, f"the patient's voice was not played (peak {heard:.3f})"
                assert player.frames > 0
            finally:
                await in_the_room.stop()
                listening.stop()
                await patient.close()
                await call.close()
                await player.stop()

    arun(scenario(), timeout=90)


def test_a_microphone_works_when_it_hears_something(qapp: QApplication, arun: AsyncRunner) -> None:
    async def scenario() -> None:
        catalog = DeviceCatalog()
        speaker_device = qt_device(catalog, "speaker", ROOM)
        mic_device = qt_device(catalog, "microphone", MICROPHONE)
        # A null device hears exact silence, as a muted or broken microphone does.
        assert not await MicrophoneTrack.works(mic_device, within_s=1.0)
        player = AudioPlayer(speaker_device)
        try:
            player.play(ToneTrack())
            assert await MicrophoneTrack.works(mic_device, within_s=3.0)
        finally:
            await player.stop()

    arun(scenario(), timeout=30)
