"""A private PulseAudio server for the test session: a loudspeaker and a microphone that
are real to Qt Multimedia and to aiortc's side of a call, on a machine with no sound card.

Two null sinks stand for the loudspeaker and for the room the microphone hears; each
one's monitor is remapped into a proper source, which Qt lists as a microphone. What
is played to « Cabinet haut-parleur » can be heard on « Cabinet haut-parleur (écoute) »;
what is played to « Cabinet pièce » is what « Cabinet micro » captures. Started once per
session, before Qt Multimedia first looks for devices (it asks the server once), on a
socket in a temporary folder, with no authentication cookie and no D-Bus; stopped at
the end. The suite then never depends on the machine's own sound setup.
"""

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PULSEAUDIO = shutil.which("pulseaudio") or "/usr/bin/pulseaudio"
SPEAKER = "Cabinet haut-parleur"
SPEAKER_MONITOR = "Cabinet haut-parleur (écoute)"
ROOM = "Cabinet pièce"
MICROPHONE = "Cabinet micro"


def _described(name: str) -> str:
    return f'device.description="{name}"'


class PulseServer:
    """:meth:`running` starts it and points this process at it (``PULSE_SERVER``);
    :meth:`plug_headset` and :meth:`unplug` add and remove a device while it runs."""

    @staticmethod
    def plug_headset(name: str) -> list[int]:
        """A headset called ``name``: its loudspeaker, and its microphone « ``name``
        micro », which hears what is played to that loudspeaker (so that a test can hear
        the one and speak into the other). Returns the modules, for :meth:`unplug`."""
        slug = _slug(name)
        sink = _pactl(
            "load-module",
            "module-null-sink",
            f"sink_name={slug}",
            f"sink_properties='{_described(name)}'",
        )
        source = _pactl(
            "load-module",
            "module-remap-source",
            f"master={slug}.monitor",
            f"source_name={slug}_micro",
            f"source_properties='{_described(name + ' micro')}'",
        )
        return [int(source), int(sink)]

    @staticmethod
    def device_id(name: str) -> str:
        """The id Qt gives a device :meth:`plug_headset` makes (the server's name for
        it, hex-encoded as ``DeviceCatalog`` writes ids), known before it is plugged."""
        slug = _slug(name.removesuffix(" micro"))
        return (f"{slug}_micro" if name.endswith(" micro") else slug).encode().hex()

    @staticmethod
    def unplug(modules: list[int]) -> None:
        for module in modules:
            _pactl("unload-module", str(module))

    @staticmethod
    @contextmanager
    def running() -> Iterator[Path]:
        folder = Path(tempfile.mkdtemp(prefix="cabinet-pulse-"))
        socket = folder / "native"
        modules = [
            f"module-native-protocol-unix socket={socket} auth-anonymous=1",
            f"module-null-sink sink_name=speaker sink_properties='{_described(SPEAKER)}'",
            f"module-null-sink sink_name=room sink_properties='{_described(ROOM)}'",
            "module-remap-source master=speaker.monitor source_name=speaker_listen"
            f" source_properties='{_described(SPEAKER_MONITOR)}'",
            "module-remap-source master=room.monitor source_name=microphone"
            f" source_properties='{_described(MICROPHONE)}'",
        ]
        env = {
            **os.environ,
            "HOME": str(folder),
            "XDG_RUNTIME_DIR": str(folder),
            "XDG_CONFIG_HOME": str(folder),
        }
        args = [
            PULSEAUDIO,
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--use-pid-file=no",
            "--log-target=stderr",
            *[f"--load={m}" for m in modules],
        ]
        log = (folder / "pulseaudio.log").open("wb")
        process = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
        previous = os.environ.get("PULSE_SERVER")
        os.environ["PULSE_SERVER"] = f"unix:{socket}"
        try:
            deadline = time.monotonic() + 10
            while not socket.exists():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"pulseaudio did not start: see {folder}")
                time.sleep(0.05)
            yield folder
        finally:
            if previous is None:
                os.environ.pop("PULSE_SERVER", None)
            else:
                os.environ["PULSE_SERVER"] = previous
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
            shutil.rmtree(folder, ignore_errors=True)


def _pactl(*args: str) -> str:
    """pactl on this process's server (``PULSE_SERVER``); its output."""
    done = subprocess.run(
        [shutil.which("pactl") or "/usr/bin/pactl", *args],
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    )
    return done.stdout.strip()


def _slug(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())
