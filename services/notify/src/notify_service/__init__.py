"""Notify service: tells people what needs them, by the channels they use."""
