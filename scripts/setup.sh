#!/usr/bin/env bash
# Set up zh2en from a fresh clone: a virtual environment in .venv with everything installed.
#
#   bash scripts/setup.sh          core + dev tools + the torch-based engines (CPU build of torch)
#   bash scripts/setup.sh --browser   also Debian's chromium for the report's browser test (needs root)
#
# Idempotent: a second run only checks. torch is installed first as the CPU build, because
# a bare `torch` requirement would pull a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
pip() { .venv/bin/python -m pip --disable-pip-version-check -q "$@"; }

if ! .venv/bin/python -c "import torch" 2>/dev/null; then
  pip install "torch==2.13.0" || echo "setup.sh: torch CPU build not available; torch-based engines and their tests will be skipped" >&2
fi
pip install -e ".[all,dev]"

if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "setup.sh: could not install chromium; the browser test will be skipped" >&2
  else
    echo "setup.sh: not root, cannot apt-get install chromium; the browser test will be skipped" >&2
  fi
fi
echo "setup.sh: ready (.venv)" >&2
