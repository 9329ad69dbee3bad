"""Video teleconsultation: aiortc calls, signalling client, device discovery.

Hands decoded frames to ``ui/`` as arrays; never imports Qt widgets. Holds so far the
signalling client, a synthetic camera (a test pattern carrying its frame number) and
the frame counter that paints and reads that number, for tests and call measurements.
"""
