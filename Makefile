# mlinit developer tasks. `make help` lists them.
# Tool versions live here and nowhere else.
GOLANGCI_LINT_VERSION := v2.15.0
GORELEASER_VERSION    := v2.13.0
# Microsoft's SARIF SDK Multitool (MIT), the SARIF TC's reference validator, from
# the npm package @microsoft/sarif-multitool-linux: a self-contained linux-x64
# binary plus the SARIF 2.1.0 schema it validates with. The hash is the sha256 of
# the registry tarball (its sha512 equals the registry's dist.integrity).
SARIF_MULTITOOL_VERSION := 5.7.0
SARIF_MULTITOOL_SHA256  := 27d8e3e96dde578a23b7c45035b8d741fece5731e2700aa068015b8c44d1514e

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
# checks/report's tests find Sarif.Multitool on PATH and its schema beside it.
SARIF_MULTITOOL_DIR   := $(MLINIT_CACHE_DIR)/sarif-multitool-$(SARIF_MULTITOOL_VERSION)
SARIF_MULTITOOL_STAMP := $(SARIF_MULTITOOL_DIR)/.stamp-$(shell echo $(SARIF_MULTITOOL_SHA256) | cut -c1-12)
SARIF_MULTITOOL_TGZ   := microsoft-sarif-multitool-linux-$(SARIF_MULTITOOL_VERSION).tgz
# Only the linux-x64 build is pinned. Other platforms would need their own npm
# package (@microsoft/sarif-multitool-darwin or -win32: another binary, version
# and hash); there the SARIF tests need MLINIT_E2E=0.
ifeq ($(shell uname -sm 2>/dev/null),Linux x86_64)
SARIF_MULTITOOL_TOOLS := $(SARIF_MULTITOOL_STAMP)
endif
# Tests find the pinned Python tools first on PATH.
TEST_PATH    := $(VENV)/bin:$(SARIF_MULTITOOL_DIR)/bin:$(PATH)
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
tools: $(VENV_STAMP) $(SARIF_MULTITOOL_TOOLS) ## install the pinned Python tools and the SARIF validator the tests run

$(VENV_STAMP): $(PY_REQS)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r $(PY_REQS)
	touch $@

# npm pack fetches the exact tarball through the user's npm configuration; it is
# checked against the pinned hash before anything is unpacked, and the directory
# appears (with its stamp) only once complete.
$(SARIF_MULTITOOL_STAMP):
	@command -v npm >/dev/null || { echo "make tools: npm is needed to fetch the SARIF Multitool" >&2; exit 2; }
	rm -rf $(SARIF_MULTITOOL_DIR) $(SARIF_MULTITOOL_DIR).tmp
	mkdir -p $(SARIF_MULTITOOL_DIR).tmp/bin
	cd $(SARIF_MULTITOOL_DIR).tmp && npm pack --silent --cache ./npm-cache @microsoft/sarif-multitool-linux@$(SARIF_MULTITOOL_VERSION) >/dev/null
	cd $(SARIF_MULTITOOL_DIR).tmp && echo "$(SARIF_MULTITOOL_SHA256)  $(SARIF_MULTITOOL_TGZ)" | sha256sum --check --quiet
	tar -xzf $(SARIF_MULTITOOL_DIR).tmp/$(SARIF_MULTITOOL_TGZ) -C $(SARIF_MULTITOOL_DIR).tmp
	rm -rf $(SARIF_MULTITOOL_DIR).tmp/$(SARIF_MULTITOOL_TGZ) $(SARIF_MULTITOOL_DIR).tmp/npm-cache
	chmod +x $(SARIF_MULTITOOL_DIR).tmp/package/Sarif.Multitool
	ln -s ../package/Sarif.Multitool $(SARIF_MULTITOOL_DIR).tmp/bin/Sarif.Multitool
	touch $(SARIF_MULTITOOL_DIR).tmp/$(notdir $@)
	mv $(SARIF_MULTITOOL_DIR).tmp $(SARIF_MULTITOOL_DIR)

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
