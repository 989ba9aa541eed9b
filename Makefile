# LiteGPT: build, test, generate and run local networks. `make help` lists targets.
.DEFAULT_GOAL := help
SHELL := bash

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse HEAD 2>/dev/null)
LDFLAGS := -X github.com/cosmos/cosmos-sdk/version.Name=litegpt \
           -X github.com/cosmos/cosmos-sdk/version.AppName=litegptd \
           -X github.com/cosmos/cosmos-sdk/version.Version=$(VERSION) \
           -X github.com/cosmos/cosmos-sdk/version.Commit=$(COMMIT)
BUILD_DIR := build
GO_TEST_FLAGS ?= -count=1 -timeout 30m

## help: list the targets
.PHONY: help
help:
	@awk '/^## /{sub(/^## /,""); i=index($$0,":"); printf "  %-16s %s\n", substr($$0,1,i-1), substr($$0,i+2)}' $(MAKEFILE_LIST)

## build: build build/litegptd
.PHONY: build
build:
	go build -ldflags '$(LDFLAGS)' -o $(BUILD_DIR)/litegptd ./cmd/litegptd
	go build -ldflags '$(LDFLAGS)' -o $(BUILD_DIR)/litegpt-sidecar ./cmd/litegpt-sidecar

## install: install litegptd into $(go env GOPATH)/bin
.PHONY: install
install:
	go install -ldflags '$(LDFLAGS)' ./cmd/litegptd

## test: run every test (unit, keeper, in-process network, CLI)
.PHONY: test
test:
	go test $(GO_TEST_FLAGS) ./...

## bench-markets: benchmark the Data and Builder Market keepers; prints ns/op and ratios to each baseline
.PHONY: bench-markets
bench-markets:
	scripts/bench-table.sh -benchtime $(or $(BENCHTIME),50x) ./x/datamarket/keeper ./x/buildermarket/keeper

## bench-pog: benchmark x/pog: MsgSubmitUpdate (ZK) against a bank send, EndBlock tallying 10 and 1,000 polls, proof verification
.PHONY: bench-pog
bench-pog:
	scripts/bench-table.sh -benchtime $(or $(BENCHTIME),5x) ./x/pog/keeper ./x/pog/types

## bench-learning: benchmark the step (against gonum Dense.Mul), merges, TT-SVD, quantization and the wire format
.PHONY: bench-learning
bench-learning:
	scripts/bench-table.sh -benchtime $(or $(BENCHTIME),1s) ./sidecar/learn ./sidecar/merge ./sidecar/tt ./sidecar/quant ./sidecar/wire

## bench-proof: measure the Proof-of-Gradient step circuits (constraints, setup, prove, verify, proof size, memory; ~2 min)
.PHONY: bench-proof
bench-proof: build
	$(BUILD_DIR)/litegpt-sidecar bench-proof $(ARGS)

## simulate: gossip learning on the bundled digits: plain vs compressed vs centralized, churn, Byzantine nodes (ARGS=... for more flags)
.PHONY: simulate
simulate: build
	$(BUILD_DIR)/litegpt-sidecar simulate $(ARGS)

## lint: gofmt and go vet
.PHONY: lint
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet ./...

## proto-vendor: copy third-party protos from the Go module cache into third_party/proto
.PHONY: proto-vendor
proto-vendor:
	scripts/proto-vendor.sh

## proto-gen: generate Go code from proto/ (offline; buf and plugins pinned in tools/go.mod)
.PHONY: proto-gen
proto-gen:
	scripts/proto-gen.sh

## proto-check: regenerate protos and fail if the committed code differs
.PHONY: proto-check
proto-check: proto-gen
	@if [ -n "$$(git status --porcelain -- proto '*.pb.go' '*.pb.gw.go')" ]; then \
		echo "generated protobuf code is out of date; run make proto-gen and commit:"; \
		git status --porcelain -- proto '*.pb.go' '*.pb.gw.go'; git --no-pager diff --stat; exit 1; fi
	@echo "generated protobuf code is up to date"

## localnet: run a 1-validator local network in .localnet (RESET=1 starts over)
.PHONY: localnet
localnet: build
	scripts/localnet.sh --validators 1 $(if $(RESET),--reset)

## localnet-multi: run a 4-validator local network on loopback ports (RESET=1 starts over)
.PHONY: localnet-multi
localnet-multi: build
	scripts/localnet.sh --validators 4 --home ./.localnet-multi $(if $(RESET),--reset)

## localnet-smoke: start a fresh 1-validator network, check blocks and queries, stop it
.PHONY: localnet-smoke
localnet-smoke: build
	scripts/localnet.sh --validators 1 --home ./build/localnet-smoke --reset --smoke

## market-walkthrough: run the README's first Data Market deal against a fresh `make localnet RESET=1` (in another terminal) and check the ledger
.PHONY: market-walkthrough
market-walkthrough: build
	scripts/market-walkthrough.sh

## clean: remove build outputs and local network homes
.PHONY: clean
clean:
	rm -rf $(BUILD_DIR) .bin .localnet .localnet-multi
