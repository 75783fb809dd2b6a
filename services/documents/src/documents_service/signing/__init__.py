"""Digital signatures on letters: keys in a PKCS#11 token, certificates from the deployment CA, PAdES signing and checks."""

from . import hex_strings

hex_strings.install()  # every PDF this package reads or verifies carries a signature's long hex string
