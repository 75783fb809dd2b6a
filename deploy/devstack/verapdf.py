"""veraPDF, the reference PDF/A validator, for the tests that check our PDFs are archival (PDF/A-2b): its command-line
build (one self-contained jar, org.verapdf.apps:greenfield-apps) from Maven Central into the cache, as the Kafka jars.

Run as `python3 -m deploy.devstack.verapdf` (`make setup` does): downloads once, then only checks the cached jar.
Maven checks the download against Central's checksums (--strict-checksums); the jar's SHA-256 is also pinned here.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from .errors import DevstackError
from .kafka import DEPENDENCY_PLUGIN, MAVEN_HINT, require_java
from .paths import cache_dir
from .progress import require_tool, run_streamed, say

VERAPDF_VERSION = "1.28.2"  # latest greenfield-apps on Maven Central when pinned
ARTIFACT = f"greenfield-apps-{VERAPDF_VERSION}.jar"
SHA256 = "687d4d8bcfec48c9f7e931cf78ed061f1eeccfba55d4cdc000ba9b4d8aa46ce6"
CLI_CLASS = "org.verapdf.apps.GreenfieldCliWrapper"

POM = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by deploy/devstack/verapdf.py: only collects the veraPDF command-line jar into lib/. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.opensaraban.devstack</groupId>
  <artifactId>verapdf-runtime</artifactId>
  <version>{VERAPDF_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.verapdf.apps</groupId>
      <artifactId>greenfield-apps</artifactId>
      <version>{VERAPDF_VERSION}</version>
    </dependency>
  </dependencies>
</project>
"""


def jar_path(cache: Path | None = None) -> Path:
    return (cache or cache_dir()) / "verapdf" / VERAPDF_VERSION / "lib" / ARTIFACT


def fetch(cache: Path | None = None) -> Path:
    """The cached jar, downloaded with Maven when missing; refused if its SHA-256 is not the pinned one."""
    jar = jar_path(cache)
    if not jar.is_file():
        _download(jar)
    digest = hashlib.sha256(jar.read_bytes()).hexdigest()
    if digest != SHA256:
        raise DevstackError(f"{jar} has SHA-256 {digest}, not the pinned {SHA256}.",
                            hint=f"delete {jar.parent} and run 'make setup' again.")
    say(f"veraPDF {VERAPDF_VERSION}: {jar}")
    return jar


def _download(jar: Path) -> None:
    mvn = require_tool("mvn", purpose="to download veraPDF from Maven Central", hint=MAVEN_HINT)
    require_java()
    version_dir = jar.parent.parent
    version_dir.mkdir(parents=True, exist_ok=True)
    (version_dir / "pom.xml").write_text(POM)
    partial = version_dir / "lib.partial"
    shutil.rmtree(partial, ignore_errors=True)
    say(f"veraPDF {VERAPDF_VERSION}: downloading from Maven Central into {jar.parent} …")
    # The jar carries its dependencies inside: the others are for building it, not for running it.
    run_streamed([mvn, "-q", "-B", "-Dstyle.color=never", "--strict-checksums",
                  f"-Dmaven.repo.local={cache_dir() / 'm2'}", DEPENDENCY_PLUGIN, f"-DoutputDirectory={partial}",
                  "-DexcludeTransitive=true"],
                 label="downloading veraPDF", registry="Maven Central", cwd=version_dir)
    partial.rename(jar.parent)  # renamed only when complete: an interrupted download is never taken for a good one


if __name__ == "__main__":
    try:
        fetch()
    except DevstackError as exc:
        print(exc.render(), file=sys.stderr)
        sys.exit(1)
