"""Helpers shared by the tests and the benchmarks: child processes, fixtures, keyrings."""
