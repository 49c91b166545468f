# Bulletin's commands. `make help` lists them.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
export DJANGO_SETTINGS_MODULE ?= settings.dev

.PHONY: help install run test e2e bench loadtest faults lint format check audit observatory backup restore restore-drill

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# The virtual environment is rebuilt from the hashed lock file whenever it changes;
# --require-hashes makes pip refuse any package whose hash differs from the lock.
$(VENV)/.installed: requirements-dev.lock | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-dev.lock
	touch $@

node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund --ignore-scripts

static_build/govuk/govuk-frontend.min.css: node_modules/.package-lock.json frontend/build.mjs
	npm run --silent build

install: $(VENV)/.installed static_build/govuk/govuk-frontend.min.css ## Create .venv from the lock file and build the front end

run: install ## Migrate SQLite, load the demo content and serve http://127.0.0.1:8000/
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) create_demo_accounts
	$(MANAGE) runserver 127.0.0.1:8000

# The suite in TEST_WORKERS processes (pytest-xdist), each with a database of its own; a
# file's tests stay together in one (tests/conftest.py). TEST_WORKERS=0: one process.
TEST_WORKERS ?= 2
test: install ## Run the whole test suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
	DJANGO_SETTINGS_MODULE=settings.test $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

e2e: install ## Browser tests in Chromium: axe-core, Nu Html Checker, keyboard (needs apt chromium)
	DJANGO_SETTINGS_MODULE=settings.test $(BIN)/pytest -m browser tests/browser

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bulletin_bench
BENCH_POSTS ?= 5000
# The cache as in production: Redis (its own database number, emptied before the run).
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/2
bench: install ## Benchmarks on a PostgreSQL database of $(BENCH_POSTS) posts (built once)
	psql "$(dir $(BENCH_DATABASE_URL))postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$(notdir $(BENCH_DATABASE_URL))'" | grep -q 1 \
		|| psql "$(dir $(BENCH_DATABASE_URL))postgres" -c "CREATE DATABASE $(notdir $(BENCH_DATABASE_URL))"
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_SETTINGS_MODULE=settings.bench $(MANAGE) migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_SETTINGS_MODULE=settings.bench $(MANAGE) load_demo -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_SETTINGS_MODULE=settings.bench $(BIN)/python -c \
		"import django; django.setup(); from posts.models import PostPage; print(max(0, $(BENCH_POSTS) - PostPage.objects.filter(slug__startswith='bench-post-').count()))" \
		| xargs -I{} sh -c 'test {} -eq 0 || DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_SETTINGS_MODULE=settings.bench $(MANAGE) make_bench_data --posts {}'
	# As a deploy does: the bodies this code renders differently (none if up to date).
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_SETTINGS_MODULE=settings.bench $(MANAGE) render_bodies
	redis-cli -u $(BENCH_REDIS_URL) flushdb >/dev/null
	REDIS_URL=$(BENCH_REDIS_URL) DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_SETTINGS_MODULE=settings.bench $(BIN)/python -m benchmarks.run
	# The importer in databases of its own (importer_bench*), never in $(BENCH_DATABASE_URL).
	$(BIN)/python -m benchmarks.importer --server $(dir $(BENCH_DATABASE_URL))

# wrk (Debian's) on settings.production under gunicorn; the database as make bench's (built
# once, plus a yardstick page). LOADTEST_POSTS, LOADTEST_SECONDS: see benchmarks/loadtest.py.
LOADTEST_DATABASE_URL ?= $(BENCH_DATABASE_URL)
loadtest: install ## wrk on the production stack, page/content/no cache (needs apt wrk)
	command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
	LOADTEST_DATABASE_URL=$(LOADTEST_DATABASE_URL) $(BIN)/python -m benchmarks.loadtest

# Its own redis-server and PostgreSQL cluster (never the machine's), nginx in front.
faults: install ## Redis, then PostgreSQL (its own), stopped and restarted under load
	command -v nginx >/dev/null || apt-get install -y -q nginx-light >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q nginx-light >/dev/null; }
	$(BIN)/python -m benchmarks.faults

lint: install ## ruff check, ruff format --check and djhtml --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	find . -path ./node_modules -prune -o -path ./.venv -prune -o -name '*.html' -path '*/templates/*' -print0 | xargs -0 $(BIN)/djhtml --check

format: install ## Format Python and templates in place
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	find . -path ./node_modules -prune -o -path ./.venv -prune -o -name '*.html' -path '*/templates/*' -print0 | xargs -0 $(BIN)/djhtml

check: install ## Django system checks and missing migrations
	DJANGO_SETTINGS_MODULE=settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=settings.test $(MANAGE) makemigrations --check --dry-run

# semgrep lives in its own virtual environment, from its own hashed lock (see README).
AUDIT_VENV := .venv-audit
$(AUDIT_VENV)/.installed: requirements-audit.lock
	$(PYTHON) -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-audit.lock
	touch $@

# Files the scanners read: tracked and new ones, not what .gitignore leaves out.
SOURCE_FILES = $(shell git ls-files --cached --others --exclude-standard)
RULES_COPY := $(or $(TMPDIR),/tmp)/bulletin-semgrep-rules
SEMGREP := SEMGREP_ENABLE_VERSION_CHECK=0 SEMGREP_SEND_METRICS=off $(AUDIT_VENV)/bin/semgrep
audit: install $(AUDIT_VENV)/.installed ## Security gates: ruff S, bandit, semgrep, detect-secrets, lock hashes, SBOM
	$(BIN)/ruff check --select S --quiet .
	$(BIN)/bandit -c pyproject.toml -r . --quiet --severity-level high
	@# semgrep --test skips hidden folders: the rules' examples are checked from a copy.
	rm -rf $(RULES_COPY) && cp -r .semgrep $(RULES_COPY)
	$(SEMGREP) --test --metrics=off --quiet $(RULES_COPY)
	$(SEMGREP) scan --config .semgrep/ --metrics=off --error --quiet \
		--exclude .semgrep --exclude tools --exclude node_modules --exclude static_build .
	@$(BIN)/python tools/audit/check_secrets.py $(SOURCE_FILES)
	$(BIN)/python tools/audit/check_locks.py
	$(BIN)/cyclonedx-py requirements --pyproject pyproject.toml --of JSON --output-reproducible \
		-o sbom.json requirements.lock
	@echo "SBOM written to sbom.json"

observatory: install ## MDN HTTP Observatory against settings.production behind nginx (TLS); needs root
	.ci/observatory

# Backups (README, "Backups and restore"): the database of DATABASE_URL and the media.
BACKUP_DIR ?= backups
backup: install ## Back up the database (pg_dump) and the media, with checksums, into BACKUP_DIR (./backups)
	$(MANAGE) backup --dir "$(BACKUP_DIR)"

restore: install ## Restore FILE=backups/bulletin-... into an empty database (FORCE=1: a non-empty one)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=$(BACKUP_DIR)/bulletin-YYYYMMDDTHHMMSSZ [FORCE=1]" >&2; exit 2; }
	$(MANAGE) restore "$(FILE)" $(if $(FORCE),--force)

restore-drill: install ## Demo into a fresh PostgreSQL database, back up, restore, compare
	.ci/restore-drill
