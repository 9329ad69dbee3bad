"""PC/SC monitoring, CPS and Carte Vitale reading, APDU/TLV parsing, card simulator.

Built by the card-login issue; nothing here yet.
"""
