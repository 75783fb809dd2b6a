"""`make setup` installs Debian's chromium for the dashboard test only when missing, and says why it cannot."""

import pytest

from deploy.devstack import browser
from deploy.devstack.errors import DevstackError


def test_an_installed_chromium_is_used_as_is(monkeypatch):
    monkeypatch.setattr(browser, "find", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(browser.subprocess, "run", lambda *a, **k: pytest.fail("must not install"))

    assert browser.ensure() == "/usr/bin/chromium"


def test_without_root_it_says_how_to_install_instead_of_failing_in_apt(monkeypatch):
    monkeypatch.setattr(browser, "find", lambda: None)
    monkeypatch.setattr(browser.shutil, "which", lambda name: "/usr/bin/apt-get")
    monkeypatch.setattr(browser.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(browser.subprocess, "run", lambda *a, **k: pytest.fail("must not run apt-get"))

    with pytest.raises(DevstackError) as raised:
        browser.ensure()

    assert "needs root" in raised.value.problem and "sudo apt-get install -y chromium" in raised.value.hint
