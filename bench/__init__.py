"""Benchmarks: each script prints one JSON line of figures as its last line."""
