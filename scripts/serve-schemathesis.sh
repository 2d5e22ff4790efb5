#!/usr/bin/env bash
# Checks `sibyl serve`'s API against docs/openapi.json with Schemathesis (PyPI's
# `schemathesis`): generated requests, valid and not, to every operation; no answer may be
# a server error (5xx).
#
#   bash scripts/serve-schemathesis.sh [CHECKS]   # default: not_a_server_error; `all` for every check
#
# Needs `st` on the PATH (pip install schemathesis) and builds the release binary unless
# SIBYL names one. The server listens on 127.0.0.1 on a free port and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
checks="${1:-not_a_server_error}"
if [ -z "${SIBYL:-}" ]; then
  cargo build --quiet --release --bin sibyl
  SIBYL="${CARGO_TARGET_DIR:-$PWD/target}/release/sibyl"
fi
out="$(mktemp)"
"$SIBYL" serve --port 0 >"$out" 2>/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 50); do grep -q 'http://' "$out" && break; sleep 0.1; done
url="$(grep -o 'http://[^ ]*' "$out" | head -1)"
url="${url%/}"
st run "$url/api/openapi.json" --url "$url" --checks "$checks" --max-examples 100
