# Two commands on a fresh machine: `make demo` (summarise examples/) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The CPU build of torch: an unpinned torch resolves to a multi-GB CUDA build.
TORCH ?= torch==2.13.0
SUMMARY_MODEL ?= VietAI/vit5-base-vietnews-summarization
TRANSLATION_MODEL ?= VietAI/envit5-translation

.PHONY: setup demo test
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q "$(TORCH)"
	$(BIN)/pip install -q -e '.[all,dev]'
	touch $@

demo: setup
	$(BIN)/summarizer batch examples -o results.jsonl --translate \
		--summary-model $(SUMMARY_MODEL) --translation-model $(TRANSLATION_MODEL)
	@echo "results: results.jsonl"

# The tests also cover the Ray runner, an optional extra (~400 MB) the demo does not need.
$(VENV)/.installed-ray: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[all,dev,ray]'
	touch $@

test: setup $(VENV)/.installed-ray
	$(BIN)/python -m pytest
