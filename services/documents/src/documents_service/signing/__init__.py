"""Digital signatures on letters: keys in a PKCS#11 token, certificates from the deployment CA, PAdES signing and checks."""
