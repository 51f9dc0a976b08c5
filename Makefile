# The README's quick start is `make run` and `make test`; both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup browser run serve test test-fast lint paragraphs eval-real eval-fresh clean tiktoken

# torch goes in first and pinned: 2.13.0 is the local CPU build; anything that pulled
# "torch" unpinned would download several GB of CUDA packages.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e ".[search,onnx,server,eval,dev,milvus]"
	touch $(STAMP)

# tiktoken's real cl100k_base and o200k_base ranks, which tiktoken would download on first
# use: taken from the npm package js-tiktoken (MIT) and checked against the sha256 that
# tiktoken expects (qa/text/ranks.py). Without npm, token counts use the project's
# offline encoding, and /v1/context says so.
RANKS := $(VENV)/share/tiktoken/cl100k_base.tiktoken
JS_TIKTOKEN := js-tiktoken@1.0.21
$(RANKS): | $(STAMP)
	@if command -v npm >/dev/null; then \
	  tmp=$$(mktemp -d) && (cd $$tmp && npm pack -q $(JS_TIKTOKEN) >/dev/null) && \
	  $(BIN)/qa tokens import $$tmp/*.tgz; status=$$?; rm -rf $$tmp; \
	  [ $$status = 0 ] || echo "note: could not install the tiktoken ranks; token counts use the offline encoding"; \
	else echo "note: npm not found; token counts use the offline encoding (see README)"; fi

tiktoken: $(RANKS)

setup: $(STAMP) $(RANKS)


# The browser tests drive Debian's Chromium (Playwright's own download cannot run
# offline). Installed with apt when missing; needs root (or sudo) the first time.
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@test -x $(CHROMIUM) && echo "browser: $(CHROMIUM)"

# The main job: index the corpus, then serve the chat page and the API
# (http://127.0.0.1:8000/ by default; QA_HOST / QA_PORT change it).
run: setup
	$(BIN)/qa build
	$(BIN)/qa serve

serve: setup
	$(BIN)/qa serve

test: setup browser
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not integration"

lint: setup
	$(BIN)/ruff check qa server tests eval/experiments
	$(BIN)/ruff format --check qa server tests eval/experiments
	$(BIN)/mypy qa server

# The real-report gold sets over the reports they ask about (builds data/real-index).
eval-real: setup
	eval/real.sh

# The fresh gold sets (fresh, fresh2, ..., fresh10) over every report of ../shared/reports at once (builds data/all-index).
eval-fresh: setup
	eval/fresh.sh

paragraphs: setup
	$(BIN)/qa paragraphs --json

clean:
	rm -rf $(VENV) index/current index/builds .pytest_cache .hypothesis
