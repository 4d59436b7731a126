# mlinit developer tasks. `make help` lists them.
# Tool versions live here and nowhere else.
GOLANGCI_LINT_VERSION := v2.15.0
GORELEASER_VERSION    := v2.13.0

SHELL        := bash
.SHELLFLAGS  := -euo pipefail -c
GO           ?= go
VERSION      ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# Installed tools and caches. CI points this outside the clone so warm machines reuse it.
MLINIT_CACHE_DIR ?= $(CURDIR)/.cache
export MLINIT_CACHE_DIR
TOOLS_BIN    := $(MLINIT_CACHE_DIR)/bin
VENV         := $(MLINIT_CACHE_DIR)/venv
PY_REQS      := tools/python-requirements.txt
VENV_STAMP   := $(VENV)/.stamp-$(shell sha256sum $(PY_REQS) 2>/dev/null | cut -c1-12)
GOLANGCI     := $(TOOLS_BIN)/golangci-lint-$(GOLANGCI_LINT_VERSION)
GORELEASER   := $(TOOLS_BIN)/goreleaser-$(GORELEASER_VERSION)
PYTHON       ?= python3
# Tests find the pinned Python tools first on PATH.
TEST_PATH    := $(VENV)/bin:$(PATH)
export UV_CACHE_DIR ?= $(MLINIT_CACHE_DIR)/uv
FUZZTIME     ?= 20s
EXE          := $(shell $(GO) env GOEXE)

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## build bin/mlinit with version information
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION) -X main.commit=$$(git rev-parse HEAD 2>/dev/null || echo unknown)" -o bin/mlinit$(EXE) .

.PHONY: install
install: ## go install mlinit into GOBIN
	CGO_ENABLED=0 $(GO) install -trimpath -ldflags "-X main.version=$(VERSION)" .

.PHONY: tools
tools: $(VENV_STAMP) ## install the pinned Python tools the tests run

$(VENV_STAMP): $(PY_REQS)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r $(PY_REQS)
	touch $@

.PHONY: test
test: tools ## run every test: unit, golden, testscript and the real-tool e2e suite
	PATH="$(TEST_PATH)" $(GO) test -race -count=1 -timeout 60m ./...

.PHONY: test-unit
test-unit: ## run the tests that need no external tools (e2e skipped, and said so)
	MLINIT_E2E=0 $(GO) test -count=1 ./...

.PHONY: test-update
test-update: ## rewrite golden files (review the diff!)
	$(GO) test -count=1 $$($(GO) list -f '{{if or (.TestImports) (.XTestImports)}}{{.ImportPath}} {{join .TestImports " "}} {{join .XTestImports " "}}{{end}}' ./... | awk '/internal\/golden/ {print $$1}') -args -update

.PHONY: fuzz
fuzz: ## run every fuzz target for FUZZTIME each
	@for pkg in $$($(GO) list ./...); do \
	  for fz in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$fz"; \
	    $(GO) test -run '^$$' -fuzz "^$$fz$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

.PHONY: bench
bench: build ## run Go benchmarks and the hyperfine process timings
	$(GO) test -run '^$$' -bench . -benchmem ./...
	PATH="$(TEST_PATH)" ./scripts/bench.sh bin/mlinit$(EXE)

.PHONY: lint
lint: $(GOLANGCI) ## golangci-lint for linux, windows and darwin
	$(GOLANGCI) run ./...
	GOOS=windows $(GOLANGCI) run ./...
	GOOS=darwin $(GOLANGCI) run ./...

.PHONY: fmt
fmt: $(GOLANGCI) ## format with gofumpt and goimports
	$(GOLANGCI) fmt ./...

.PHONY: tidy-check
tidy-check: ## fail when go.mod or go.sum are not tidy
	$(GO) mod tidy
	git diff --exit-code -- go.mod go.sum

.PHONY: snapshot
snapshot: $(GORELEASER) ## build every release archive, package and checksums locally into dist/
	$(GORELEASER) release --snapshot --clean

.PHONY: release-check
release-check: $(GORELEASER) ## validate .goreleaser.yaml
	$(GORELEASER) check

$(GOLANGCI):
	mkdir -p $(TOOLS_BIN)
	GOBIN=$(TOOLS_BIN) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)
	mv $(TOOLS_BIN)/golangci-lint $@

$(GORELEASER):
	mkdir -p $(TOOLS_BIN)
	GOBIN=$(TOOLS_BIN) $(GO) install github.com/goreleaser/goreleaser/v2@$(GORELEASER_VERSION)
	mv $(TOOLS_BIN)/goreleaser $@

.PHONY: clean
clean: ## remove build output (keeps the tool cache)
	rm -rf bin dist
