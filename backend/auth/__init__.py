"""Who is calling: authenticators that vouch for a practitioner, and the tokens they earn."""
