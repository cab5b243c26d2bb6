# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= $(shell nproc 2>/dev/null || echo 1)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install install-dev index run test lint bench clean chromium redis-server

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade --quiet pip

# torch first, pinned: pip takes the CPU build on this machine's disk instead of a multi-GB CUDA one.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Rebuild only when the index is missing, stale or damaged.
index: install
	@$(BIN)/python scripts/build_index.py --check 2>/dev/null || $(BIN)/python scripts/build_index.py

# WORKERS processes (default: the cores); with more than one and no DLQA_REDIS_URL, a private local
# redis-server (unix socket in a 0700 folder) holds conversations and Slack state, stopped with the server.
run: index $(if $(filter-out 1,$(WORKERS)),$(if $(DLQA_REDIS_URL),,redis-server))
	$(BIN)/python scripts/serve.py --host $(HOST) --port $(PORT) --workers $(WORKERS)

# The browser tests drive Debian's Chromium: Playwright's own browser download needs the internet.
# The CJK fonts only make the Chinese screenshots readable.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk)

# Debian's redis-server: the shared state store of several workers, and the tests' real Redis.
redis-server:
	@command -v redis-server >/dev/null || ($(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server)

test: install-dev chromium redis-server
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check . && $(BIN)/mypy app scripts

bench: index
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) index/*.faiss index/*.npy index/*.json index/keyword index/model
