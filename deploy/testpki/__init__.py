"""The development and test PKI (root and issuing CA, CRL, OCSP, time stamping, certificate enrollment), started by deploy/devstack."""
