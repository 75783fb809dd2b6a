"""Fixtures of the deploy/devstack unit tests: a test-profile context and var/ under tmp_path, the documented ports."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.devstack.paths import Context, StackPaths, get_profile


@pytest.fixture(autouse=True)
def unshifted_ports(monkeypatch):
    """These tests check the documented port table, so a shift set for a side-by-side stack is ignored."""
    monkeypatch.delenv("OPENSARABAN_PORT_SHIFT", raising=False)


@pytest.fixture
def ctx(tmp_path: Path) -> Context:
    return Context(get_profile("test"), StackPaths(tmp_path / "var" / "test"), tmp_path / "cache")


@pytest.fixture
def var_in_tmp(monkeypatch, tmp_path):
    """Commands run through main() keep their var/<profile>/ under tmp_path."""
    monkeypatch.setattr(StackPaths, "for_profile", classmethod(lambda cls, p, repo_root=None: cls(tmp_path / p.name)))
