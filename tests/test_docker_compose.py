"""docker-compose.yml stays valid and consistent with the services, checked without a Docker engine."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
# deploy/ is plain source, not an installed package.
sys.path.insert(0, str(REPO_ROOT))

from deploy.devstack.paths import Context, StackPaths, get_profile  # noqa: E402
from deploy.devstack.services import SERVICES, service_env  # noqa: E402

COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
# The official Compose Specification schema, vendored from the PyPI wheel docker-compose==1.29.2
# (file compose/config/compose_spec.json inside docker_compose-1.29.2-py2.py3-none-any.whl,
# sha256 of the JSON 0dc04bd346dcfee1b1419628fff79937bbf076925f298f272a2b490e2b112bac).
SCHEMA_FILE = REPO_ROOT / "deploy" / "compose-spec.schema.json"
INFRA = ("kafka", "postgres", "minio")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text())
    # The file names draft 2019-09 as "http://…/schema#", a spelling jsonschema does not look up itself.
    jsonschema.Draft201909Validator.check_schema(schema)
    return jsonschema.Draft201909Validator(schema)


def test_compose_file_matches_the_compose_spec_schema(compose, validator):
    errors = sorted(validator.iter_errors(compose), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_schema_rejects_an_unknown_service_key(compose, validator):
    # Proves the schema really constrains the file, so the test above is not vacuous.
    broken = copy.deepcopy(compose)
    broken["services"]["documents"]["enviroment"] = {"TYPO": "1"}
    assert list(validator.iter_errors(broken))


def test_every_service_package_has_a_compose_service(compose):
    packages = {path.name for path in (REPO_ROOT / "services").iterdir() if (path / "pyproject.toml").exists()}
    assert packages, "no services/ packages found"
    assert packages <= set(compose["services"])
    assert packages == set(SERVICES)


def test_every_image_is_pinned_to_a_tag_other_than_latest(compose):
    for name, service in compose["services"].items():
        image = service.get("image")
        assert image, f"{name} has no image"
        repository, _, tag = image.rpartition(":")
        assert repository and "/" not in tag, f"{name}: image {image!r} has no tag"
        assert tag != "latest", f"{name}: image {image!r} uses 'latest'"


def test_app_services_are_built_from_the_project_dockerfile(compose):
    for name in SERVICES:
        build = compose["services"][name]["build"]
        assert (REPO_ROOT / build["context"] / build["dockerfile"]).exists()
        assert compose["services"][name]["command"] == ["python", "-m", SERVICES[name].module]


def test_every_app_service_env_var_carries_its_own_prefix(compose):
    for name, service in SERVICES.items():
        keys = set(compose["services"][name]["environment"])
        assert all(key.startswith(service.env_prefix) for key in keys), f"{name}: {sorted(keys)}"


def test_app_services_get_the_same_settings_as_the_devstack_gives_them(compose, tmp_path):
    ctx = Context(get_profile("dev"), StackPaths(tmp_path / "var" / "dev"), tmp_path / "cache")
    for name, service in SERVICES.items():
        expected = set(service_env(ctx, service))
        assert set(compose["services"][name]["environment"]) == expected, name


def test_app_services_wait_for_healthy_infrastructure(compose):
    for name in SERVICES:
        depends_on = compose["services"][name]["depends_on"]
        assert {dep: depends_on[dep]["condition"] for dep in INFRA} == dict.fromkeys(INFRA, "service_healthy")


def test_every_container_has_a_healthcheck(compose):
    for name, service in compose["services"].items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_data_lives_in_named_volumes(compose):
    declared = set(compose.get("volumes") or {})
    for name in INFRA:
        mounts = compose["services"][name]["volumes"]
        sources = {mount.split(":", 1)[0] for mount in mounts}
        assert sources and sources <= declared, f"{name}: {mounts}"


def test_published_ports_bind_to_loopback_only(compose):
    for name, service in compose["services"].items():
        for mapping in service.get("ports", []):
            assert str(mapping).startswith("127.0.0.1:"), f"{name}: {mapping}"
