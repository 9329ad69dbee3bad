"""Services the views call: each operation returns what changed (a ChangeSet)."""
