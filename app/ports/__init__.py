"""Protocols that ``app/`` defines and the adapter packages implement.

The composition root picks the implementation; services and views only see these.
"""
