#!/usr/bin/make -f
# Nexus Value Exchange — build, run and test targets.
#   make build     → build/nexusd and build/nexus-agent
#   make devnet    → one-validator chain in .devnet/ (foreground)
#   make testnet-start N=4 → N validators on loopback in testnet/.nodes/ (background)
#   make test      → everything CI runs
#   make build-previous → the previous release's nexusd (upgrade tests, docs/upgrades.md)
#   make release   → reproducible linux/amd64 + linux/arm64 binaries and SHA256SUMS in build/release/
#   make bench     → Nexus side by side with a stock SDK chain (docs/performance.md)

BUILDDIR    ?= $(CURDIR)/build
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0-dev)
COMMIT      ?= $(shell git rev-parse HEAD 2>/dev/null)
GO          ?= go
GOFLAGS_RUN ?=

ldflags = -X github.com/cosmos/cosmos-sdk/version.Name=nexus \
          -X github.com/cosmos/cosmos-sdk/version.AppName=nexusd \
          -X github.com/cosmos/cosmos-sdk/version.Version=$(VERSION) \
          -X github.com/cosmos/cosmos-sdk/version.Commit=$(COMMIT)
# libsecp256k1_sdk: the SDK's cgo binding of bitcoin-core libsecp256k1 for
# secp256k1 signatures. Its C sources are vendored in the SDK module, so it
# needs nothing but the C compiler cgo uses (gcc). Where Go has no C compiler
# (`go env CGO_ENABLED` prints 0, e.g. no gcc on PATH) the tag is left out
# and nexusd gets the SDK's pure-Go verifier: same results, slower
# (docs/performance.md). `make build BUILD_TAGS=` forces pure Go; release
# builds are static (CGO_ENABLED=0) and pure Go.
CGO_AVAILABLE := $(shell $(GO) env CGO_ENABLED 2>/dev/null)
BUILD_TAGS  ?= $(if $(filter 1,$(CGO_AVAILABLE)),libsecp256k1_sdk)
BUILD_FLAGS := -trimpath -tags '$(BUILD_TAGS)' -ldflags '$(ldflags)'

export NEXUS_LDFLAGS := $(ldflags)

.PHONY: all build install build-previous cosmovisor release release-verify devnet devnet-reset \
        testnet-start testnet-stop testnet-status testnet-reset \
        test test-deps test-unit test-race test-system test-short test-fuzz test-ts \
        test-sim test-sim-long \
        lint lint-now vet format proto-gen proto-check clean \
        bench bench-build bench-growth bench-testnet bench-go

all: build

###############################################################################
#                                   Build                                     #
###############################################################################

build:
	@mkdir -p $(BUILDDIR)
	$(if $(filter 1,$(CGO_AVAILABLE)),,@echo "note: no C compiler for cgo: nexusd gets the pure-Go secp256k1 verifier (install gcc for libsecp256k1)")
	$(GO) build $(BUILD_FLAGS) -o $(BUILDDIR)/nexusd ./cmd/nexusd
	$(GO) build $(BUILD_FLAGS) -o $(BUILDDIR)/nexus-agent ./cmd/nexus-agent

install:
	$(GO) install $(BUILD_FLAGS) ./cmd/nexusd ./cmd/nexus-agent

# The previous release's nexusd (the binary the chain runs before the latest
# upgrade, docs/upgrades.md), built from git into build/previous/<commit>/
# and kept there: a second run only prints its path. PREVIOUS=<commit>
# builds another one.
build-previous:
	bash scripts/build-previous.sh $(PREVIOUS)

# cosmovisor v1.5.0 (tools/cosmovisor, its own module) into tools/bin/.
cosmovisor:
	cd tools/cosmovisor && $(GO) build -o ../bin/ cosmossdk.io/tools/cosmovisor/cmd/cosmovisor

clean:
	rm -rf $(BUILDDIR)

# Reproducible release binaries (nexusd, and nexus-agent and nexus-bench when
# their cmd/ directories exist) for linux/amd64 and linux/arm64, with
# SHA256SUMS, in build/release/: static (CGO_ENABLED=0), -trimpath,
# -buildvcs=false, version and commit from git. See docs/releases.md.
release:
	bash scripts/release.sh

# Builds the release again from scratch (no build cache) in a temporary
# directory and compares the checksums with build/release/SHA256SUMS.
release-verify:
	bash scripts/release.sh --verify

###############################################################################
#                                   Devnet                                    #
###############################################################################

# One validator, chain-id nexus-devnet-1, home .devnet/, started in the
# foreground. Reuses an existing .devnet unless `make devnet-reset`.
devnet: build
	bash scripts/devnet.sh

devnet-reset: build
	bash scripts/devnet.sh --reset

###############################################################################
#                                   Testnet                                   #
###############################################################################

# N validators (default 4, or the size of the existing testnet) in
# testnet/.nodes/, started in the background; see testnet/README.md.
#   make testnet-start N=4 [BASE_PORT=27000] [RESET=1]
testnet-start: build
	bash scripts/testnet.sh start $(if $(N),-n $(N)) $(if $(BASE_PORT),--base-port $(BASE_PORT)) $(if $(filter 1,$(RESET)),--reset)

# Stops only the processes testnet-start started (by their pid files).
testnet-stop:
	bash scripts/testnet.sh stop

testnet-status:
	bash scripts/testnet.sh status

# Stops the testnet and deletes testnet/.nodes/.
testnet-reset:
	bash scripts/testnet.sh reset

###############################################################################
#                                   Tests                                     #
###############################################################################

# What CI runs (.ci/run): static checks, the short app simulation, then
# every Go test (unit, integration and the system tests that start real
# nexusd processes).
# The agent's store tests start a throwaway PostgreSQL server and the
# dashboard's system test a headless Chromium: test-deps installs Debian's
# postgresql-15 and chromium when they are missing.
test: vet lint-now proto-check test-deps test-sim
	$(GO) test -count=1 -timeout 45m ./...

test-deps:
	bash scripts/ensure-postgres.sh >/dev/null
	bash scripts/ensure-chromium.sh >/dev/null

# Unit and integration tests only (no real nodes).
test-unit:
	$(GO) test -count=1 -short ./app/... ./x/... ./cmd/... ./types/... ./client/... ./agent/... ./tests/integration/...

test-short:
	$(GO) test -count=1 -short ./...

test-race:
	$(GO) test -count=1 -race -short ./app/... ./x/... ./types/... ./tests/integration/...

# System tests: build nexusd once and drive real processes on loopback.
test-system:
	$(GO) test -count=1 -timeout 30m -v ./tests/system/...

# The app simulation (docs/simulation.md): random blocks of every module's
# user and role-holder messages from a random genesis, with the Nexus
# invariants after every block; export → import into a fresh app with
# identical stores; the same app hash on every run of one seed. The tests
# build only with the `sims` tag. test-sim is the short configuration
# (part of `make test`), test-sim-long the long one; SIM_FLAGS adds test
# flags, e.g. SIM_FLAGS='-SimSeeds 42 -NumBlocks 200'.
SIM_TESTS ?= TestFullAppSimulation|TestAppImportExport|TestAppStateDeterminism
SIM_FLAGS ?=

test-sim:
	$(GO) test -count=1 -tags sims -timeout 20m -run '$(SIM_TESTS)' ./app/ $(SIM_FLAGS)

test-sim-long:
	$(GO) test -count=1 -tags sims -timeout 4h -v -run '$(SIM_TESTS)' ./app/ -SimLong $(SIM_FLAGS)

# The TypeScript client (clients/ts) against a devnet started by
# scripts/devnet.sh on free ports: npm ci (when the lock changed), build,
# the OpenAPI routes, node --test, the amino vectors. Part of `make test`.
test-ts:
	$(GO) test -count=1 -timeout 15m -run 'TestClients' -v ./tests/system/

# Every native fuzz target for a fixed time (FUZZTIME=1m to change); the
# seed corpora already run as plain tests in `make test`.
test-fuzz:
	bash scripts/test_fuzz.sh

vet:
	$(GO) vet ./...

# No wall-clock time in state-machine code (determinism).
lint-now:
	bash scripts/no-now-lint.sh

lint: lint-now
	cd tools && $(GO) build -o bin/ github.com/golangci/golangci-lint/v2/cmd/golangci-lint
	tools/bin/golangci-lint run ./...

format:
	cd tools && $(GO) build -o bin/ mvdan.cc/gofumpt
	tools/bin/gofumpt -w $$(git ls-files '*.go' | grep -v '\.pb\(\.gw\)\?\.go$$')

###############################################################################
#                                 Benchmarks                                  #
###############################################################################

# The stock SDK v0.54.4 chain (bench/stockd) and the load generator
# (cmd/nexus-bench), built from this module's pinned versions.
stock_ldflags = -X github.com/cosmos/cosmos-sdk/version.Name=stockd \
                -X github.com/cosmos/cosmos-sdk/version.AppName=stockd \
                -X github.com/cosmos/cosmos-sdk/version.Version=sdk-v0.54.4-$(VERSION)

bench-build: build
	$(GO) build -trimpath -ldflags '$(stock_ldflags)' -o $(BUILDDIR)/stockd ./bench/stockd
	$(GO) build $(BUILD_FLAGS) -o $(BUILDDIR)/nexus-bench ./cmd/nexus-bench

# Side by side: for each scenario, stock and Nexus alternate for BENCH_ROUNDS
# rounds (fresh chains, same accounts, same signed load, same node settings)
# and the medians and the ratio Nexus / stock are printed. JSON reports go to
# $(BENCH_OUT). Extra nexus-bench flags in BENCH_FLAGS, e.g.
#   make bench BENCH_FLAGS='--config consensus.timeout_commit=500ms --profile build/bench/profiles'
BENCH_SCENARIOS ?= bank-send ledger-transfer
BENCH_ROUNDS    ?= 3
BENCH_OUT       ?= $(BUILDDIR)/bench
BENCH_FLAGS     ?=
BENCH           = $(BUILDDIR)/nexus-bench compare --nexusd $(BUILDDIR)/nexusd --stockd $(BUILDDIR)/stockd

bench: bench-build
	@mkdir -p $(BENCH_OUT)
	@for s in $(BENCH_SCENARIOS); do \
	  $(BENCH) --scenario $$s --rounds $(BENCH_ROUNDS) --out $(BENCH_OUT)/compare-$$s.json $(BENCH_FLAGS) || exit 1; \
	done

# How the cost grows with the state: bank-send at 10,000 and 200,000 genesis
# accounts, 2,000 of them sending (as in make bench) to recipients drawn from
# all of them. BENCH_FLAGS='--senders 0' makes every account send instead.
bench-growth: bench-build
	@mkdir -p $(BENCH_OUT)
	@for n in 10000 200000; do \
	  $(BENCH) --scenario bank-send --accounts $$n --senders 2000 --rounds $(BENCH_ROUNDS) --out $(BENCH_OUT)/compare-bank-send-$$n.json $(BENCH_FLAGS) || exit 1; \
	done

# Four validators on loopback per chain (the topology of scripts/testnet.sh),
# the load spread over the four nodes.
bench-testnet: bench-build
	@mkdir -p $(BENCH_OUT)
	$(BENCH) --scenario bank-send --validators 4 --rounds $(BENCH_ROUNDS) --out $(BENCH_OUT)/compare-bank-send-4val.json $(BENCH_FLAGS)

# The Go micro-benchmarks of the modules and the agent.
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./x/... ./app/... ./types/... ./agent/... ./client/...

###############################################################################
#                                   Proto                                     #
###############################################################################

proto-gen:
	bash scripts/protocgen.sh

# Regenerates into a temp dir and fails if the tree's generated code differs.
proto-check:
	bash scripts/proto-check.sh
