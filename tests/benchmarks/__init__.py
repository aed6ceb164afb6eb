"""Benchmarks on the reference data set; run with `python -m tests.benchmarks`, never by pytest."""
