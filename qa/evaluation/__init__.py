"""Offline evaluation and benchmarks: gold files, metrics, qa eval, qa bench."""
