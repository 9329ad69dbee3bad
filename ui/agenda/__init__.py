"""The agenda: the time grid of appointments, the waiting room, booking."""
