"""The practitioner's login and lock screen: the CPS card, its PIN, the session."""
