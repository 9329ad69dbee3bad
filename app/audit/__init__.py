"""The hash-chained audit trail of every chart opening and every write."""
