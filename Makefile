# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install install-dev index run test lint bench clean chromium

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

run: index
	$(BIN)/uvicorn app.main:app --host $(HOST) --port $(PORT)

# The browser tests drive Debian's Chromium: Playwright's own browser download needs the internet.
# The CJK fonts only make the Chinese screenshots readable.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk)

test: install-dev chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check . && $(BIN)/mypy app scripts

bench: index
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) index/*.faiss index/*.npy index/*.json index/keyword index/model
