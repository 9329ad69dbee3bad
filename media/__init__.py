"""Video teleconsultation: aiortc calls, signalling client, device discovery.

Hands decoded frames to ``ui/`` as arrays; never imports Qt widgets. Built by the
teleconsultation issue; nothing here yet.
"""
