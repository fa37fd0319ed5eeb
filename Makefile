# Basisbaan — the two commands: `make demo` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_DB := var/demo.sqlite3
# Django 6.1 needs Python 3.12+; scripts/find-python finds one (or set PYTHON=...).
PYTHON ?= $(shell scripts/find-python)

.PHONY: demo test test-fast test-clock bench lint format messages venv browser faketime oidc-provider clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12+ is needed (Django 6.1)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

# Debian's chromium for the browser tests, installed where it is missing and we can.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) \
	      && echo "installed Debian's chromium"; \
	  else echo "chromium is missing: browser tests will be skipped (apt-get install chromium)"; fi; }

# Debian's faketime for the suite at awkward moments (make test-clock), installed likewise.
faketime:
	@command -v faketime >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -q faketime >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q faketime >/dev/null)) \
	      && echo "installed Debian's faketime"; \
	  else echo "faketime is missing (apt-get install faketime)"; exit 1; fi; }

# The real OpenID Connect provider (Node.js oidc-provider, exact versions from its
# package-lock.json) that tests/oidc signs in against.
OIDC_PROVIDER := tests/oidc/provider
oidc-provider: $(OIDC_PROVIDER)/node_modules/.package-lock.json

$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "npm (Node.js 18+) is missing: the single sign-on tests (tests/oidc) cannot run."; \
	  if [ -n "$$CI" ]; then exit 1; fi; \
	else \
	  npm ci --prefix $(OIDC_PROVIDER) --no-audit --no-fund --loglevel=error && touch $@; \
	fi

demo: venv
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	DATABASE_URL=sqlite:///$(CURDIR)/$(DEMO_DB) DEBUG=1 BASISBAAN_REQUIRE_2FA=0 $(VENV)/bin/basisbaan migrate --no-input -v0
	$(VENV)/bin/basisbaan-planner warm-up
	DATABASE_URL=sqlite:///$(CURDIR)/$(DEMO_DB) DEBUG=1 BASISBAAN_REQUIRE_2FA=0 BASISBAAN_BASE_URL=http://127.0.0.1:$(PORT) $(VENV)/bin/basisbaan seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ — log in with the accounts above, password 'demo'."
	DATABASE_URL=sqlite:///$(CURDIR)/$(DEMO_DB) DEBUG=1 BASISBAAN_REQUIRE_2FA=0 BASISBAAN_BASE_URL=http://127.0.0.1:$(PORT) $(VENV)/bin/basisbaan runserver 127.0.0.1:$(PORT)

test: venv browser oidc-provider
	BASISBAAN_ALLOW_INSECURE_KEY=1 $(VENV)/bin/basisbaan makemigrations --check --dry-run -v0 || { echo "Model changes without migrations."; exit 1; }
	$(VENV)/bin/basisbaan-planner warm-up
	$(VENV)/bin/pytest -n 2 --dist loadgroup

test-fast: venv
	$(VENV)/bin/pytest -m "not browser" --ignore=tests/browser -x

# The suite (browser tests aside) with the system clock at awkward moments in
# Europe/Amsterdam: the night of the switch to summer time, a leap day and New Year's Eve,
# each shortly before midnight or the switch. See docs/developing.md, "One clock".
CLOCK_MOMENTS := "2027-03-28 01:30:00" "2028-02-29 23:30:00" "2027-12-31 23:40:00"
test-clock: venv faketime oidc-provider
	@for moment in $(CLOCK_MOMENTS); do \
	  echo "== the suite at $$moment (Europe/Amsterdam)"; \
	  TZ=Europe/Amsterdam faketime "$$moment" \
	    $(VENV)/bin/pytest -m "not browser" --ignore=tests/browser -x -q -n 2 --dist loadgroup -p no:cacheprovider || exit $$?; \
	done

bench: venv
	$(PY) bench/engine_fingerprint.py --check
	$(PY) bench/bench_planner.py --floor-time 300
	$(PY) bench/bench_import.py

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	cd src && ../$(VENV)/bin/lint-imports --no-cache ../pyproject.toml

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Update the Dutch catalogues after changing UI strings (then fill in every msgstr):
# the foundation's lives in core/locale, every other app keeps its own.
APPS_WITH_OWN_CATALOGUE := privacy participants werkprogramma communitytasks planning guidance evaluation finance messaging
messages: venv
	cd src/basisbaan && DEBUG=1 ../../$(VENV)/bin/basisbaan makemessages -l nl --no-obsolete \
	  --ignore 'static/*' $(foreach app,$(APPS_WITH_OWN_CATALOGUE),--ignore '$(app)/*')
	for app in $(APPS_WITH_OWN_CATALOGUE); do \
	  (cd src/basisbaan/$$app && mkdir -p locale && DEBUG=1 ../../../$(VENV)/bin/basisbaan makemessages -l nl --no-obsolete); done
	cd src/basisbaan && DEBUG=1 ../../$(VENV)/bin/basisbaan compilemessages -l nl

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
