"""axe-core's download is refused unless it is the pinned tarball (deploy/devstack/axe.py)."""

from __future__ import annotations

import io
import tarfile

import pytest

from deploy.devstack import axe
from deploy.devstack.errors import DevstackError


def test_a_cached_tarball_that_is_not_the_pinned_one_is_refused_and_nothing_is_unpacked(tmp_path):
    script = axe.script_path(tmp_path)
    script.parent.mkdir(parents=True)
    forged = io.BytesIO()
    with tarfile.open(fileobj=forged, mode="w:gz") as archive:
        body = b"window.axe = {run: async () => ({violations: []})};"
        entry = tarfile.TarInfo(axe.SCRIPT_IN_TARBALL)
        entry.size = len(body)
        archive.addfile(entry, io.BytesIO(body))
    (script.parent / f"axe-core-{axe.AXE_VERSION}.tgz").write_bytes(forged.getvalue())

    with pytest.raises(DevstackError, match="pinned"):
        axe.fetch(tmp_path)
    assert not script.exists()
