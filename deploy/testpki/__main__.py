"""python -m deploy.testpki --state-dir var/<profile>/pki --port N: serves the development and test PKI until stopped."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from werkzeug.serving import run_simple

from . import backend
from .app import PkiApp
from .architecture import PkiChanged, load
from .store import CertificateStore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.testpki", description=__doc__)
    parser.add_argument("--state-dir", type=Path, required=True,
                        help="keys, certificates and the issued-certificate database (var/<profile>/pki)")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    url = f"http://{args.host}:{args.port}"
    backend.install()
    try:
        pki = load(args.state_dir.resolve(), url)
    except PkiChanged as exc:
        print(f"testpki: {exc}", file=sys.stderr)
        return 1
    app = PkiApp(pki, CertificateStore(args.state_dir / "issued.sqlite3"))
    logging.getLogger("testpki").info("test PKI for %s serving at %s", args.state_dir, url)
    run_simple(args.host, args.port, app, threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
