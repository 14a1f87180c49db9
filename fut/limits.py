"""Bounds on what a person can enter, so nothing overflows a column or a calendar."""

MAX_KRONOR = 100_000_000
"""No single amount in a FUT case comes near 100 million kronor."""

MAX_INSTALLMENTS = 240
"""An installment plan of at most twenty years."""
