"""PC/SC monitoring, CPS and Carte Vitale reading, APDU/TLV parsing, card simulator.

Parsers (each raises only ``CardDataError``): ``Atr`` and ``AtrCatalogue`` (card kind
from the ATR), ``ApduCommand``, ``ApduResponse`` and ``StatusWord``, ``BerTlv``.
Card layouts: ``CpsLayout`` (from ANS's Cryptolib sources, plus values of our own where
they are not published) and ``VitaleLayout`` (reverse-engineered, see its docstring).
``simulator/`` plays those cards behind pcscd's vsmartcard-vpcd driver.
"""
