# The commands the README names. Everything runs inside .venv, made by uv from uv.lock.
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo .venv-tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
VENV_BIN := .venv/bin

.PHONY: install run test test-fast lint format check-import clean bench-import bench-search bench-pages bench-fanout bench-buffers bench-downloads bench-feeds cluster-test

$(UV):
	python3 -m venv .venv-tools
	.venv-tools/bin/pip install --quiet uv==0.13.9

install: $(UV) ## the development environment: the app with its test and lint tools
	$(UV) sync --frozen

# Runtime dependencies only, and --inexact so a developer's test and lint tools stay.
run: $(UV) ## migrate, load the demo if empty, serve on http://127.0.0.1:$PORT
	$(UV) sync --frozen --no-dev --inexact
	HTTPS=$${HTTPS:-false} $(VENV_BIN)/ficarchive serve

test: install ## the whole suite (browser tests included), then the search tests on Tantivy
	$(VENV_BIN)/pytest -n 2 --dist loadgroup
	FICARCHIVE_SEARCH_BACKEND=tantivy $(VENV_BIN)/pytest -n 2 --dist loadgroup tests/search tests/security \
		tests/browser/test_reader.py::test_search_box_to_the_matching_passage

test-fast: install ## everything but the browser
	$(VENV_BIN)/pytest -m "not browser"

lint: install
	$(VENV_BIN)/ruff check src tests benchmarks
	$(VENV_BIN)/ruff format --check src tests benchmarks
	$(VENV_BIN)/mypy

format: install
	$(VENV_BIN)/ruff check --fix src tests benchmarks
	$(VENV_BIN)/ruff format src tests benchmarks

check-import: install ## the shared acceptance checker on the import corpus
	$(VENV_BIN)/python ../shared/acceptance/check_import.py ../shared/corpus

clean:
	rm -rf .venv .venv-tools .mypy_cache .ruff_cache .pytest_cache

bench-import: install ## import 5,000 generated stories; compare with plain inserts and calibredb
	command -v calibredb >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends calibre)
	$(VENV_BIN)/python -m benchmarks.bench_import $(BENCH_ARGS)

bench-search: install ## the search benchmark (sizes are options: BENCH_ARGS="--works 20000 --small 2000")
	$(VENV_BIN)/python -m benchmarks.bench_search $(BENCH_ARGS)

bench-fanout: install ## one new chapter to 10,000 subscribers: the author's post with and without them, and the fan-out (BENCH_ARGS="--subscribers 2000")
	$(VENV_BIN)/python -m benchmarks.bench_fanout $(BENCH_ARGS)

bench-buffers: install ## members' page views buffered in the shared cache by 4 processes at once, on Redis and the database cache (BENCH_ARGS="--views 500")
	$(VENV_BIN)/python -m benchmarks.bench_buffers $(BENCH_ARGS)

bench-pages: install ## each page type's req/s beside nginx serving the same bytes, then the chapter page through the production nginx (deploy/nginx) (BENCH_ARGS="--seconds 3 --runs 3")
	command -v nginx >/dev/null || command -v /usr/sbin/nginx >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx)
	command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk) || true
	test -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static)
	$(VENV_BIN)/python -m benchmarks.bench_pages $(BENCH_ARGS)

bench-downloads: install ## EPUB builds (a 100,000-word work, a 10-work series) beside Calibre's ebook-convert, then the feeds' req/s (BENCH_ARGS="--runs 5 --calibre-runs 3")
	command -v ebook-convert >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends calibre)
	$(VENV_BIN)/python -m benchmarks.bench_downloads $(BENCH_ARGS)
	$(VENV_BIN)/python -m benchmarks.bench_feeds

bench-feeds: install ## OPDS acquisition pages and Atom feeds: req/s and queries each (BENCH_ARGS="--works 2000 --seconds 3")
	$(VENV_BIN)/python -m benchmarks.bench_feeds $(BENCH_ARGS)

cluster-test: install ## nginx, two app servers and a task worker on PostgreSQL and Redis under a mixed load; checks no write is lost (BENCH_ARGS="--seconds 90")
	command -v nginx >/dev/null || command -v /usr/sbin/nginx >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx)
	test -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static)
	$(VENV_BIN)/python -m benchmarks.cluster_test $(BENCH_ARGS)
