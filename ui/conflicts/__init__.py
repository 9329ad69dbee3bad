"""The conflict inbox: what sync could not merge alone, shown in plain words."""
