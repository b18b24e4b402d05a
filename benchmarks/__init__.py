"""Benchmark harness: time, CPU and peak memory of each pipeline stage at a given demo-data scale.

Performance is reported from here and never asserted in timed tests.
"""
