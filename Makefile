# orderflow — the README's two commands (`make demo`, `make test`) start here.
SHELL := /bin/bash
SWIFT ?= swift
SWIFT_BUILD_FLAGS ?=
APT_PACKAGES := librdkafka-dev libpq-dev postgresql postgresql-contrib python3-jsonschema python3-venv pkg-config jq
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: deps build test demo clean

## deps: install the system packages the build and the tests need (Debian/Ubuntu)
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi; \
	python3 -c 'import jsonschema, rfc3339_validator' 2>/dev/null || python3 -m pip install -q jsonschema rfc3339-validator
	python3 -c 'import cloudevents.core.bindings.kafka' 2>/dev/null || python3 -m pip install -q 'cloudevents==2.2.0'
	python3 -c 'import openapi_core, openapi_spec_validator' 2>/dev/null || python3 -m pip install -q 'openapi-core==0.23.1' 'openapi-spec-validator==0.8.5'
	scripts/install-docker-compose.sh
	scripts/install-kubernetes-tools.sh

## build: compile every target (debug)
build: deps
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)

## test: run the whole suite against a throwaway PostgreSQL and the embedded broker
test: deps
	$(SWIFT) build --build-tests $(SWIFT_BUILD_FLAGS)
	scripts/with-postgres.sh $(SWIFT) test --skip-build --no-parallel $(SWIFT_BUILD_FLAGS)

## demo: the pipeline on the embedded defaults: the dev stack in the background, 300 orders through it, then
## the stack stopped again (also when something fails or on Ctrl-C)
demo: build
	@set -euo pipefail; \
	bin="$$($(SWIFT) build $(SWIFT_BUILD_FLAGS) --show-bin-path)"; \
	stop() { trap - EXIT INT TERM; "$$bin/orderflow" dev down; }; \
	trap stop EXIT; trap 'stop; exit 130' INT TERM; \
	"$$bin/orderflow" dev up --detach; \
	"$$bin/orderflow" orders produce --count 300 --rate 100 --wait

clean:
	rm -rf .build .orderflow

.PHONY: bench
## bench: throughput and latency against raw baselines (release build of every product: the pipeline
## scenario runs the services; PostgreSQL of its own under .orderflow/bench/postgres)
## BENCH_ARGS="--database-url URL" uses an existing server; BENCH_ARGS=--quick checks that it runs.
BENCH_ARGS ?=
bench: deps
	$(SWIFT) build -c release $(SWIFT_BUILD_FLAGS)
	"$$($(SWIFT) build -c release --show-bin-path $(SWIFT_BUILD_FLAGS))/orderflow" bench $(BENCH_ARGS)

.PHONY: soak
## soak: the pipeline for SOAK_DURATION (30m) at half its measured rate with kills and a PostgreSQL restart,
## sampled every 10 s (CSV and SVG in .orderflow/chaos/soak); fails on growth, lag that stays, or a broken invariant
SOAK_DURATION ?= 30m
soak: deps
	$(SWIFT) build -c release $(SWIFT_BUILD_FLAGS)
	"$$($(SWIFT) build -c release --show-bin-path $(SWIFT_BUILD_FLAGS))/orderflow" chaos --soak $(SOAK_DURATION)

.PHONY: faults
## faults: the fault suite at full size on a release build; prints the report table (also in .orderflow/chaos/report.md)
faults: deps
	$(SWIFT) build -c release $(SWIFT_BUILD_FLAGS)
	"$$($(SWIFT) build -c release --show-bin-path $(SWIFT_BUILD_FLAGS))/orderflow" chaos --report .orderflow/chaos/report.md
