"""A smart-card simulator speaking vpcd's socket protocol, for tests and the demo.

It plays a CPS, a Carte Vitale 2, a Vitale 1 and an unknown card behind pcscd's
``vsmartcard-vpcd`` virtual reader (see ../shared/reference/cards.md, "PC/SC in practice").
``test_pki`` makes the TEST certificates and keys the simulated CPS carries.
"""
