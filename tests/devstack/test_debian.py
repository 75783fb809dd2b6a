"""`make setup` installs the Debian packages the project needs only when missing, and says why it cannot."""

import pytest

from deploy.devstack import debian
from deploy.devstack.errors import DevstackError


def test_installed_packages_are_left_alone(monkeypatch):
    monkeypatch.setattr(debian, "missing", lambda packages=debian.PACKAGES: [])
    monkeypatch.setattr(debian.subprocess, "run", lambda *a, **k: pytest.fail("must not install"))

    debian.ensure()


def test_dpkg_reports_what_is_missing():
    assert debian.missing(("dpkg", "no-such-package-opensaraban")) == ["no-such-package-opensaraban"]


def test_without_root_it_says_how_to_install_instead_of_failing_in_apt(monkeypatch):
    monkeypatch.setattr(debian, "missing", lambda packages=debian.PACKAGES: ["chromium", "poppler-utils"])
    monkeypatch.setattr(debian.shutil, "which", lambda name: "/usr/bin/apt-get")
    monkeypatch.setattr(debian.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(debian.subprocess, "run", lambda *a, **k: pytest.fail("must not run apt-get"))

    with pytest.raises(DevstackError) as raised:
        debian.ensure()

    assert "needs root" in raised.value.problem
    assert "sudo apt-get install -y chromium poppler-utils" in raised.value.hint
