"""axe-core, the accessibility rules engine the browser tests inject into each page they visit: its npm package's
tarball from the npm registry into the cache, once, as veraPDF comes from Maven Central.

Run as `python3 -m deploy.devstack.axe` (`make setup` does): downloads once, then only checks the cached tarball.
The tarball is checked against the registry's own integrity (SHA-512) and the SHA-256 pinned here, every time,
before `axe.min.js` is taken from it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

from .errors import DevstackError
from .paths import cache_dir
from .progress import say

AXE_VERSION = "4.14.1"  # latest axe-core on the npm registry when pinned
TARBALL_URL = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
SHA256 = "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745"
# The registry's `dist.integrity` for this version (npm checks the same value when it installs the package).
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
SCRIPT_IN_TARBALL = "package/axe.min.js"
TIMEOUT_SECONDS = 120


def script_path(cache: Path | None = None) -> Path:
    """axe.min.js as the browser tests inject it (written by `fetch` from the checked tarball)."""
    return (cache or cache_dir()) / "axe-core" / AXE_VERSION / "axe.min.js"


def fetch(cache: Path | None = None) -> Path:
    """The cached axe.min.js, from the cached tarball (downloaded when missing), refused if a checksum differs."""
    script = script_path(cache)
    tarball_path = script.parent / f"axe-core-{AXE_VERSION}.tgz"
    if not tarball_path.is_file():
        _download(tarball_path)
    tarball = tarball_path.read_bytes()
    _check(tarball, tarball_path)
    content = _script_in(tarball)
    if not script.is_file() or script.read_bytes() != content:
        _write_whole(script, content)
    say(f"axe-core {AXE_VERSION}: {script}")
    return script


def _download(tarball_path: Path) -> None:
    say(f"axe-core {AXE_VERSION}: downloading from the npm registry into {tarball_path.parent} …")
    try:
        with urllib.request.urlopen(TARBALL_URL, timeout=TIMEOUT_SECONDS) as response:
            tarball = response.read()
    except (urllib.error.URLError, TimeoutError) as exc:
        raise DevstackError(f"Could not download {TARBALL_URL}: {exc}.",
                            hint="check that registry.npmjs.org is reachable (proxy settings) and run "
                                 "'make setup' again.") from None
    _check(tarball, tarball_path)
    _write_whole(tarball_path, tarball)


def _check(tarball: bytes, where: Path) -> None:
    """Refused unless both the registry's SHA-512 integrity and our pinned SHA-256 match."""
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    digest = hashlib.sha256(tarball).hexdigest()
    if integrity != INTEGRITY or digest != SHA256:
        raise DevstackError(f"The axe-core {AXE_VERSION} tarball ({where}, from {TARBALL_URL}) has SHA-256 {digest} "
                            f"(pinned {SHA256}) and integrity {integrity} (pinned {INTEGRITY}).",
                            hint=f"delete {where.parent} and run 'make setup' again; if it persists, the network "
                                 "alters the download: do not use it.")


def _script_in(tarball: bytes) -> bytes:
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile(SCRIPT_IN_TARBALL)
        if member is None:
            raise DevstackError(f"{TARBALL_URL} holds no {SCRIPT_IN_TARBALL}.", hint="check the pinned version.")
        return member.read()


def _write_whole(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(content)
    partial.rename(path)  # renamed only when complete: an interrupted write is never taken for a good one


if __name__ == "__main__":
    try:
        fetch()
    except DevstackError as exc:
        print(exc.render(), file=sys.stderr)
        sys.exit(1)
