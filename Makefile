# Metodeguiden — the two commands that matter: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install run index test test-fast lint eval bench clean-index

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned: the CPU wheel on this machine's disk; never an unpinned CUDA build.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test,llm,dev]'
	touch $(STAMP)

# Tesseract + Danish model for OCR of scanned PDF pages (apt, when root/sudo); only warns otherwise.
install: $(STAMP)
	@sh scripts/install_ocr.sh

index: install
	$(BIN)/metodeguide ingest --if-needed

run: index
	$(BIN)/streamlit run ui/app.py --server.address 127.0.0.1 --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

test: install
	bash scripts/install_browser.sh
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not slow and not browser"

lint: install
	$(BIN)/ruff check assistant ingest evals ui tests bench

eval: index
	$(BIN)/metodeguide eval evals/sets/grundsaet.yaml --out .metodeguide/eval-latest

bench: index
	$(BIN)/python -m evals.retrieval_bench

clean-index:
	rm -rf .metodeguide
