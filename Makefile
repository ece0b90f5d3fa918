# Metodeguiden — the two commands that matter: `make run` and `make test`.
# `make run PORT=8601` picks the port (default 8501). Each stage prints a line starting with ==>.
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
	@echo "==> Opretter det virtuelle miljø ($(VENV)) …"
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned: the CPU wheel on this machine's disk; never an unpinned CUDA build.
$(STAMP): pyproject.toml | $(BIN)/python
	@echo "==> Installerer afhængigheder (torch, CPU) … første gang tager det nogle minutter"
	$(BIN)/pip install --quiet torch==2.13.0
	@echo "==> Installerer Metodeguiden og resten af afhængighederne …"
	$(BIN)/pip install --quiet -e '.[test,llm,dev]'
	touch $(STAMP)
	@echo "==> Afhængighederne er installeret."

# Tesseract + Danish model for OCR of scanned PDF pages (apt, when root/sudo); only warns otherwise.
install: $(STAMP)
	@echo "==> Tjekker tekstgenkendelse (OCR) til skannede PDF-sider …"
	@sh scripts/install_ocr.sh

index: install
	@echo "==> Bygger indekset, hvis det mangler eller er forældet …"
	$(BIN)/metodeguide ingest --if-needed

run: index
	@echo "==> Starter Metodeguiden på http://127.0.0.1:$(PORT) (stop med Ctrl+C) …"
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
