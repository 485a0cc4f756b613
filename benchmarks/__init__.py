"""Benchmark and quality gate: cleaner against peer extractors on the shared corpora."""
