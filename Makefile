# OpenSaraban: the commands a newcomer needs. Everything else is in deploy/devstack (python3 -m deploy.devstack --help).
SHELL := /bin/bash
UV_VERSION := 0.9.30
TOOLS := .tools
UV := $(TOOLS)/bin/uv
DEVSTACK := python3 -m deploy.devstack

.PHONY: setup up down status unit test bench clean

## setup: Python environment (uv, pinned, in .tools/; packages from uv.lock in .venv/), the Debian packages
## for PDF typesetting, PDF checks, browser tests and the signing token, SoftHSM2 (deploy/devstack/debian.py;
## apt-get, only when missing), veraPDF, the PDF/A validator the tests run (deploy/devstack/verapdf.py; from Maven
## Central into the cache, once), and axe-core, the accessibility checker the browser tests inject
## (deploy/devstack/axe.py; from npm, once)
setup: $(UV)
	$(UV) sync --locked
	python3 -m deploy.devstack.debian
	python3 -m deploy.devstack.verapdf
	python3 -m deploy.devstack.axe

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

## up: Kafka, PostgreSQL, MinIO, the four services and demo data; prints the URLs
up: setup
	$(DEVSTACK) up --profile dev

## down: stop everything of `make up` (data is kept)
down:
	$(DEVSTACK) down --profile dev

status:
	$(DEVSTACK) status --profile dev

## unit: every test that needs no server (services/*/tests, shared/tests and the pure tests under tests/), in
## well under a minute; starts nothing. Tests that use the servers are marked `integration` (tests/conftest.py
## refuses an unmarked one).
unit: setup
	$(UV) run --locked pytest -m "not integration" $(PYTEST_ARGS)

## test: unit + integration tests against real Kafka/PostgreSQL/MinIO (profile `test`), then stop them
test: setup
	$(UV) run --locked ruff check .
	$(DEVSTACK) infra-up --profile test
	status=0; $(UV) run --locked pytest $(PYTEST_ARGS) || status=$$?; \
	  $(DEVSTACK) down --profile test; exit $$status

## bench: benchmark workloads on the real stack (profile `bench`); writes bench/report.json and bench/report.png,
## prints the summary table (`.venv/bin/python -m bench letters_sweep` runs one workload against a running stack)
bench: setup
	$(DEVSTACK) up --profile bench
	status=0; $(UV) run --locked python -m bench || status=$$?; \
	  $(DEVSTACK) down --profile bench; exit $$status

clean:
	rm -rf $(TOOLS) .venv var
