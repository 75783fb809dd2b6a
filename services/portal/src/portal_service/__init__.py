"""OpenSaraban web portal."""
