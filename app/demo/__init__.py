"""The synthetic demo profile: made-up practitioners, patients, agenda, vitals and photos.

Everything here is generated from a fixed seed, in pure Python, so that the demo opens
the same way on every machine and tests can compare it byte for byte. Nothing in it is
real: patients carry the INS-NIR-DEMO identifier system, never the real INS one.
"""
