"""Benchmark workloads run by `make bench` against the real stack of profile `bench`."""
