#!/usr/bin/env bash
# Checks `sibyl serve`'s API against docs/openapi.json with Schemathesis (PyPI's
# `schemathesis`): generated requests, valid and not, to every operation; no answer may be
# a server error (5xx).
#
#   bash scripts/serve-schemathesis.sh [CHECKS]   # default: every check but one
#
# The default runs every check of Schemathesis but `positive_data_acceptance`: a request the
# schema allows may still be refused with 400 for what only the server can know (a slider
# the deal does not have, pasted text that is not a valid contract). Among them: no server
# error, every status and body as the document says, invalid requests refused.
#
# Needs `st` on the PATH (pip install schemathesis) and builds the release binary unless
# SIBYL names one. The server listens on 127.0.0.1 on a free port and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
checks="${1:-all}"
exclude=""
[ -n "${1:-}" ] || exclude="--exclude-checks positive_data_acceptance"
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
# shellcheck disable=SC2086
st run "$url/api/openapi.json" --url "$url" --checks "$checks" $exclude --max-examples 100
