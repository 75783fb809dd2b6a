"""Metrics service: counts paper-free adoption (letters by channel) and exposes runtime counters."""
