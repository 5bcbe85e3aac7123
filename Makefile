# Vietnam Assistant. `make run` starts everything; `make test` runs the whole suite.
# Both set up whatever is missing first (virtual environments, Rasa model, index, browser).
SHELL := /bin/bash
export OMP_WAIT_POLICY ?= PASSIVE
# the first interpreter that really runs: pyenv shims exist for versions that are not active, and fail
find_python = $(firstword $(foreach p,$(wildcard $(HOME)/.pyenv/versions/$(1).*/bin/python$(1)) $(shell command -v python$(1) 2>/dev/null),$(shell $(p) -c 'print("$(p)")' 2>/dev/null)))
PY311 ?= $(call find_python,3.11)
PY310 ?= $(call find_python,3.10)
VENV := .venv
RASA_VENV := .venv-rasa
PY := $(VENV)/bin/python
SEEDS ?= ../shared/seeds
PYTEST_ARGS ?=

.PHONY: setup prepare run run-scaled test test-unit bench eval eval-real calibrate margin breakdown train build widget widget-test browser servers check clean

setup: $(VENV)/.installed $(RASA_VENV)/.installed

$(VENV)/.installed: requirements.txt constraints.txt
	@test -n "$(PY311)" || { echo "Python 3.11 is required (pyenv install 3.11)"; exit 1; }
	@echo "==> Python 3.11 environment in $(VENV) with $(PY311) (first time: a few minutes)"
	@test -x $(PY) || $(PY311) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --no-cache-dir --progress-bar off -r requirements.txt -c constraints.txt
	@touch $@

$(RASA_VENV)/.installed: bot/requirements.txt bot/constraints.txt
	@test -n "$(PY310)" || { echo "Python 3.10 is required for Rasa 3.6 (pyenv install 3.10)"; exit 1; }
	@echo "==> Python 3.10 environment for Rasa in $(RASA_VENV) with $(PY310) (first time: about 5 minutes, 1.8 GB)"
	@test -x $(RASA_VENV)/bin/python || $(PY310) -m venv $(RASA_VENV)
	@$(RASA_VENV)/bin/python -m pip install --quiet --upgrade pip
	@$(RASA_VENV)/bin/python -m pip install --no-cache-dir --progress-bar off -r bot/requirements.txt -c bot/constraints.txt
	@touch $@

train: setup
	@$(PY) -m stack train

# the index needs only the main environment, so it can be built while Rasa's environment installs and trains
build: $(VENV)/.installed
	@echo "==> Knowledge base: seeding the store and building the index"
	@$(PY) -m knowledge_base build $(if $(wildcard $(SEEDS)),--seeds $(SEEDS),)

node_modules/.installed: package.json
	@echo "==> npm packages for the widget build and accessibility checks"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

widget: node_modules/.installed
	@node scripts/build_widget.mjs

# the widget's unit tests (markdown, transport, queue, strings) on its ES modules as they are: node only, about 1 s
widget-test:
	@echo "==> Widget unit tests (node --test tests/widget/)"
	@node --test --test-reporter=spec tests/widget/*.test.mjs

browser:
	@command -v chromium >/dev/null || { echo "==> Installing Debian chromium for browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-color-emoji >/dev/null; }

# the scaled profile's servers, from Debian's packages (started by stack/services.py, never as system services)
servers:
	@missing=""; \
	  test -x /usr/lib/postgresql/15/bin/pg_ctl || missing="$$missing postgresql"; \
	  command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	  command -v nginx >/dev/null || test -x /usr/sbin/nginx || missing="$$missing nginx"; \
	  if [ -n "$$missing" ]; then echo "==> apt-get:$$missing (the scaled profile's servers)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

check: setup
	@$(PY) -m knowledge_base check

run: prepare
	@$(PY) -m stack run

# PostgreSQL, Redis, nginx, two gateways, two Rasa servers, two action servers; prints the nginx URL
run-scaled: prepare servers
	@$(PY) -m stack run-scaled

# The Rasa model and the index depend on nothing of each other: build them side by side. The index encodes while
# Rasa's environment installs (mostly disk) and while DIET trains (about one core); README, Performance.
prepare:
	@$(MAKE) --no-print-directory -j2 train build widget

# Tests that start no server run in TEST_WORKERS processes (pytest-xdist, one file per process, so a module's
# fixtures are made once), in the background at the lowest CPU priority: they take only the CPU time that the tests
# with servers leave idle (about 40% of two cores, waiting on servers). `nice` alone is not enough where the kernel
# groups processes by session (autogroup, Debian's default): the servers run in sessions of their own, and each
# session gets an equal share whatever its processes' nice. So the background group runs in a session of its own
# (setsid) whose autogroup is set to nice 19 too. Those that start the stack, Rasa, a browser or the scaled servers
# run one at a time at normal priority, since several of them measure timing and load. The background group's
# output is printed when it ends (PARALLEL_LOG keeps it); an interrupted `make test` stops it too. Both groups always
# run; make fails if either failed (pytest's exit code 5, nothing selected, is not a failure: PYTEST_ARGS="-k ..."
# may select tests from one group only).
TEST_WORKERS ?= 2
PARALLEL_TESTS := not e2e and not rasa and not browser and not scaled
PYTEST_PARALLEL = $(PY) -m pytest tests -n $(TEST_WORKERS) --dist loadfile
PARALLEL_LOG ?= var/log/tests-without-servers.log
KEEP_RC = || { r=$$?; [ $$r -eq 5 ] || rc=$$r; }
LOWEST_PRIORITY = setsid -w sh -c 'echo 19 > /proc/self/autogroup 2>/dev/null; echo $$$$ > $(PARALLEL_LOG).pid; \
  exec nice -n 19 "$$@"' background
test: prepare widget-test browser servers
	@mkdir -p $(dir $(PARALLEL_LOG))
	@echo "==> Tests without servers: unit, encoder, index ($(TEST_WORKERS) processes at the lowest CPU priority, in" \
	  "the background; output in $(PARALLEL_LOG), printed when they end)"
	@rc=0; rm -f $(PARALLEL_LOG).pid; \
	  ( $(LOWEST_PRIORITY) $(PYTEST_PARALLEL) -p no:cacheprovider -m "$(PARALLEL_TESTS)" $(PYTEST_ARGS) \
	      > $(PARALLEL_LOG) 2>&1; echo $$? > $(PARALLEL_LOG).rc ) & bg=$$!; \
	  trap 'kill -TERM -- -$$(cat $(PARALLEL_LOG).pid 2>/dev/null) 2>/dev/null; exit 130' INT TERM; \
	  echo "==> Tests with servers: Rasa, end-to-end, browser, scaled profile (one at a time)"; \
	  $(PY) -m pytest tests -m "not ($(PARALLEL_TESTS))" $(PYTEST_ARGS) $(KEEP_RC); \
	  echo "==> Waiting for the tests without servers"; wait $$bg; \
	  cat $(PARALLEL_LOG); r=$$(cat $(PARALLEL_LOG).rc 2>/dev/null || echo 1); \
	  [ $$r -eq 0 ] || [ $$r -eq 5 ] || rc=$$r; \
	  exit $$rc

# everything that needs neither a running stack, Rasa, a browser nor a built index (2.5 min on 2 cores)
test-unit: setup widget-test
	@VA_FUZZ_EXAMPLES=$${VA_FUZZ_EXAMPLES:-500} $(PYTEST_PARALLEL) -m "$(PARALLEL_TESTS) and not index" $(PYTEST_ARGS)

eval: build
	@$(PY) -m eval.run

# real questions through the whole pipeline (gateway, Rasa, actions); SPLIT=dev|cal|fresh|tune|test|fresh2|fresh3|fresh4|fresh5|fresh6|fresh7|fresh8|fresh9|fresh10|fresh11|fresh12|fresh13|fresh14|fresh15|fresh16|tune2|tune3|tune4|tune5|tune6|all, or several joined by +
SPLIT ?= test
eval-real: train build
	@$(PY) -m eval.real --split $(SPLIT)

# fit the answer/suggest bands on the dev split of the real questions (never on test)
calibrate: build
	@$(PY) -m eval.calibrate_real $(CALIBRATE_ARGS)

# size the answer band's margin: how far rebuilds without 1% of the phrasings move the fitting questions (about 5 min)
margin: build
	@$(PY) -m eval.answer_margin $(MARGIN_ARGS)

# where the questions not answered outright go, by the suggest model's probability, fitting pool vs held-out (about 5 min)
breakdown: build
	@$(PY) -m eval.breakdown

bench: train build widget
	@$(PY) -m eval.bench

clean:
	rm -rf var bot/models webchat/static/build
