"""OpenSaraban shared library: contracts and primitives every service uses."""
