# Two commands on a fresh machine: `make run` serves the app, `make test` passes the whole suite.
# Both set up what they need (venv, packages, Chromium) and are quick when it is already there.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: run test test-fast lint format check-data bench chromium clean messages compile-messages haproxy cluster bench-cluster

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(RUNTIME_STAMP) $@

# $(call debian_package,PACKAGE,NAME,FOUND,FEDORA,MACOS): nothing when the shell test FOUND passes; else, as root on
# Debian, installs Debian's PACKAGE; else says how to install it (Fedora's and Homebrew's package names).
define debian_package
	@if $(3); then \
		exit 0; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's $(1)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	else \
		echo "$(2) is missing. Install it: Debian/Ubuntu 'sudo apt-get install $(1)'," \
		     "Fedora 'sudo dnf install $(4)', macOS 'brew install $(5)'."; \
		exit 1; \
	fi
endef

# Chromium renders PNG/SVG downloads (kaleido) and runs the browser tests (Playwright).
# Debian's package is used; `playwright install` would download a browser from outside the package registries.
chromium:
	$(call debian_package,chromium,Chromium,command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1,chromium,--cask chromium)

# HAProxy balances `make cluster`'s replicas (and its tests run it). Debian's package, installed like Chromium.
haproxy:
	$(call debian_package,haproxy,HAProxy,command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ],haproxy,haproxy)

run: $(RUNTIME_STAMP)
	@$(MAKE) --no-print-directory chromium || echo "Continuing without Chromium: PNG and SVG downloads are off."
	@# A deployment's own data folder is checked before serving: a broken folder stops here with its problems.
	$(BIN)/python -m exchange_tracker.check_data $${EXCHANGE_TRACKER_DATA:-data}
	$(BIN)/streamlit run app.py --server.port $(PORT)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-data: $(RUNTIME_STAMP)
	$(BIN)/python -m exchange_tracker.check_data $(or $(DATA),data)

test: $(DEV_STAMP) chromium haproxy lint
	$(BIN)/python -m pytest

# Everything but the browser tests (no Chromium needed): the quick loop while working.
test-fast: $(DEV_STAMP) lint
	$(BIN)/python -m pytest -m "not browser"

# Languages (gettext catalogs under locales/, Babel's workflow). After changing a message in the code:
# `make messages` (extract the ids, update each language's .po), translate the new entries, `make compile-messages`.
# The compiled .mo files are committed, so `make run` and `make test` need no extra step; tests/test_i18n.py fails
# when a .mo does not match its .po or the code has a message the catalogs lack.
BABEL_EXTRACT := -F babel.cfg -k N_ -k ngettext:1,2 --no-wrap --no-location --sort-output --omit-header

messages: $(DEV_STAMP)
	$(BIN)/pybabel extract $(BABEL_EXTRACT) -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-wrap --ignore-obsolete

compile-messages: $(DEV_STAMP)
	$(BIN)/pybabel compile -d locales -D messages --statistics

bench: $(DEV_STAMP) chromium
	$(BIN)/python -m bench.run

# REPLICAS replicas of the app behind HAProxy at PORT (8500 unless PORT is given), the replicas on the ports after it.
# See docs/deploy.md. The data folder (EXCHANGE_TRACKER_DATA, default data/) is checked once before anything starts.
REPLICAS ?= 3
CLUSTER_PORT = $(if $(filter command line environment,$(origin PORT)),$(PORT),8500)

cluster: $(RUNTIME_STAMP) haproxy
	@$(MAKE) --no-print-directory chromium || echo "Continuing without Chromium: PNG and SVG downloads are off."
	$(BIN)/python -m deploy.cluster --replicas $(REPLICAS) --port $(CLUSTER_PORT)

bench-cluster: $(DEV_STAMP) chromium haproxy
	$(BIN)/python -m bench.cluster

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .cluster
