"""A teleconsultation call's figures: time to first picture, glass-to-glass, CPU.

Run from the repository root: ``python -m bench.call [--seconds S] [--runs N]``.

Two aiortc peers in this process, host candidates only (aioice leaves 127.0.0.1 out:
the machine's own address), each sending the synthetic camera at 640x480 and 30 fps
(and silence) to the other, as a call does both ways. The synthetic camera paints its
frame number into the picture; the receiver reads it back from each decoded frame
(:class:`FrameCounter`), so glass-to-glass is the time from the camera's capture of a
frame to the receiver's decoded picture, with no clock but this process's monotonic one.

- ``connect_to_first_frame_ms``: from the offer being made to the first decoded
  picture at the other side, median of ``--runs`` calls; ``connect_with_stun_ms`` the
  same with a STUN server to ask (coturn on loopback, started here when installed):
  aiortc gathers its candidates, STUN's included, before the offer is complete;
- ``g2g_p50_ms``, ``g2g_p95_ms``: glass-to-glass over ``--seconds`` of call;
- ``cpu_core_fraction_480p30``: this process's CPU time over wall time during that
  call, halved: one side's share of sending and receiving 480p at 30 fps (both sides
  run here, the two halves doing the same work);
- ``browser_g2g_p50_ms`` (the baseline, same run): two RTCPeerConnections in headless
  Chromium (Debian's), a canvas stream carrying the same kind of counter, read back
  from the received video with ``requestVideoFrameCallback``. None when Chromium is not
  installed (``browser`` says why).

Goals: connect ≤ 100 ms host-only on loopback, glass-to-glass p50 ≤ 100 ms and p95 ≤
150 ms, ≤ 25 % of one core. Progress goes to stderr; the last line of stdout is JSON.
"""

import argparse
import asyncio
import contextlib
import json
import shutil
import statistics
import sys
import time
from typing import Any

from aiortc import RTCConfiguration, RTCIceServer, RTCPeerConnection
from aiortc.mediastreams import AudioStreamTrack, MediaStreamTrack

from media.frame_counter import FrameCounter
from media.synthetic_camera import SyntheticCamera

GOALS = {
    "connect_to_first_frame_ms": 100.0,
    "connect_with_stun_ms": 500.0,
    "g2g_p50_ms": 100.0,
    "g2g_p95_ms": 150.0,
    "cpu_core_fraction_480p30": 0.25,
}


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class _Receiver:
    def __init__(self, camera: SyntheticCamera) -> None:
        self.camera = camera
        self.first: float | None = None
        self.latencies: list[float] = []
        self.tasks: list[asyncio.Task[None]] = []
        self.measuring = False

    def track(self, track: MediaStreamTrack) -> None:
        if track.kind == "video":
            self.tasks.append(asyncio.create_task(self._read(track)))
        else:
            self.tasks.append(asyncio.create_task(self._discard(track)))

    async def _read(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(Exception):
            while True:
                frame: Any = await track.recv()
                now = time.monotonic()
                if self.first is None:
                    self.first = now
                if not self.measuring:
                    continue
                number = FrameCounter.read(frame)
                captured = self.camera.capture_time(number) if number is not None else None
                if captured is not None:
                    self.latencies.append((now - captured) * 1000)

    async def _discard(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(Exception):
            while True:
                await track.recv()

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


async def _call(seconds: float, stun: str | None = None) -> dict[str, Any]:
    """One call both ways; the figures of the first side's pictures at the second."""
    servers = [RTCIceServer(urls=[stun])] if stun else []
    a, b = (RTCPeerConnection(RTCConfiguration(iceServers=servers)) for _ in range(2))
    camera_a, camera_b = SyntheticCamera(640, 480, 30), SyntheticCamera(640, 480, 30)
    at_b, at_a = _Receiver(camera_a), _Receiver(camera_b)
    b.on("track", at_b.track)
    a.on("track", at_a.track)
    a.addTrack(camera_a)
    a.addTrack(AudioStreamTrack())
    b.addTrack(camera_b)
    b.addTrack(AudioStreamTrack())
    try:
        started = time.monotonic()
        await a.setLocalDescription(await a.createOffer())
        await b.setRemoteDescription(a.localDescription)
        await b.setLocalDescription(await b.createAnswer())
        await a.setRemoteDescription(b.localDescription)
        async with asyncio.timeout(20):
            while at_b.first is None:  # noqa: ASYNC110 - the receiving task sets it
                await asyncio.sleep(0.001)
        connect_ms = (at_b.first - started) * 1000
        figures: dict[str, Any] = {"connect_ms": connect_ms}
        if seconds > 0:
            await asyncio.sleep(1.0)  # past the first key frame and the encoder's start
            at_b.measuring = True
            wall, cpu = time.monotonic(), time.process_time()
            await asyncio.sleep(seconds)
            figures["cpu_fraction"] = (time.process_time() - cpu) / (time.monotonic() - wall) / 2
            figures["latencies"] = list(at_b.latencies)
        return figures
    finally:
        await a.close()
        await b.close()
        await at_a.close()
        await at_b.close()
        camera_a.stop()
        camera_b.stop()


_BROWSER_PAGE = r"""
(async () => {
  const W = 640, H = 480, BLOCK = 40, BITS = 16;
  const canvas = document.createElement("canvas"); canvas.width = W; canvas.height = H;
  const ctx = canvas.getContext("2d");
  const sent = new Map(); let n = 0;
  function paint() {
    ctx.fillStyle = "#808080"; ctx.fillRect(0, 0, W, H);
    ctx.fillStyle = "#ff8000"; ctx.fillRect((n * 7) % (W - 80), 200, 80, 80);
    for (let i = 0; i < BITS; i++) {
      ctx.fillStyle = (n >> (BITS - 1 - i)) & 1 ? "#ffffff" : "#000000";
      ctx.fillRect(i * BLOCK, 0, BLOCK, BLOCK);
    }
    sent.set(n, performance.now()); n = (n + 1) % 65536;
  }
  const timer = setInterval(paint, 1000 / 30); paint();
  const stream = canvas.captureStream(30);
  const a = new RTCPeerConnection(), b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  stream.getTracks().forEach((t) => a.addTrack(t, stream));
  const video = document.createElement("video"); video.muted = true; video.autoplay = true;
  b.ontrack = (e) => { video.srcObject = e.streams[0]; };
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  const read = document.createElement("canvas"); read.width = W; read.height = BLOCK;
  const rctx = read.getContext("2d", { willReadFrequently: true });
  const latencies = []; const start = performance.now();
  await new Promise((resolve) => {
    const onFrame = () => {
      const now = performance.now();
      if (now - start > 1000 && video.videoWidth === W) {
        rctx.drawImage(video, 0, 0, W, BLOCK, 0, 0, W, BLOCK);
        const px = rctx.getImageData(0, 0, W, BLOCK).data;
        let value = 0;
        for (let i = 0; i < BITS; i++) {
          const o = ((BLOCK >> 1) * W + i * BLOCK + (BLOCK >> 1)) * 4;
          value = (value << 1) | (px[o] > 128 ? 1 : 0);
        }
        if (sent.has(value)) latencies.push(now - sent.get(value));
      }
      if (now - start > SECONDS * 1000 + 1000) resolve();
      else video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  });
  clearInterval(timer); a.close(); b.close();
  latencies.sort((x, y) => x - y);
  return latencies.length ? latencies[Math.floor(latencies.length / 2)] : null;
})()
"""


async def _browser_g2g(seconds: float) -> tuple[float | None, str]:
    if shutil.which("chromium") is None:
        return None, "chromium is not installed"
    from tests.helpers.chromium_page import ChromiumPage

    async with ChromiumPage.open("about:blank") as page:
        value = await page.evaluate(_BROWSER_PAGE.replace("SECONDS", str(seconds)))
    return (float(value) if value is not None else None), "two peers in headless Chromium"


async def _stun_connects(runs: int) -> list[float]:
    if shutil.which("turnserver") is None:
        return []
    from tests.helpers.turn_server import TurnServer

    times = []
    with TurnServer.start() as turn:
        stun = turn.url.replace("turn:", "stun:").partition("?")[0]
        for run in range(runs):
            figures = await _call(0, stun)
            times.append(figures["connect_ms"])
            _say(f"call {run + 1} with STUN: first picture after {figures['connect_ms']:.0f} ms")
    return times


async def main(seconds: float, runs: int) -> dict[str, Any]:
    connects = []
    for run in range(runs):
        short = await _call(0)
        connects.append(short["connect_ms"])
        _say(f"call {run + 1}: first picture after {short['connect_ms']:.0f} ms")
    with_stun = await _stun_connects(runs)
    long_call = await _call(seconds)
    latencies = sorted(long_call["latencies"])
    _say(f"{len(latencies)} pictures read back over {seconds:g} s")
    p50 = statistics.median(latencies) if latencies else None
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] if latencies else None
    browser, how = await _browser_g2g(seconds)
    figures: dict[str, Any] = {
        "connect_to_first_frame_ms": round(statistics.median(connects), 1),
        "connect_with_stun_ms": round(statistics.median(with_stun), 1) if with_stun else None,
        "g2g_p50_ms": round(p50, 1) if p50 is not None else None,
        "g2g_p95_ms": round(p95, 1) if p95 is not None else None,
        "cpu_core_fraction_480p30": round(long_call["cpu_fraction"], 3),
        "browser_g2g_p50_ms": round(browser, 1) if browser is not None else None,
        "browser": how,
        "frames_read": len(latencies),
        "runs": runs,
        "seconds": seconds,
    }
    if p50 is not None and browser:
        figures["g2g_p50_vs_browser"] = round(p50 / browser, 2)
    figures["goals_met"] = {
        name: figures[name] is not None and figures[name] <= goal for name, goal in GOALS.items()
    }
    return figures


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.call")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(main(args.seconds, args.runs))))
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
