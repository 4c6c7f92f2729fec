#!/usr/bin/env bash
# Fuzzes the API from its own OpenAPI document with schemathesis: starts the whole stack
# (test/fuzz/stack.ts: `npm start` on a fresh data directory, the demo loaded), then runs
# schemathesis once as an executor and once as an admin. Fails on any 5xx and on any answer
# whose status, media type or body the document does not declare. The stack is stopped at the
# end in every case.
#
#   npm run test:fuzz          (or: bash scripts/fuzz.sh)
#
# FUZZ_SEED, FUZZ_MAX_EXAMPLES (per operation and pass) and FUZZ_PASS_TIMEOUT (seconds, per
# pass) change the run; FUZZ_MAX_TIME=<seconds> makes each pass keep fuzzing for that long
# instead of stopping after one round (longer local runs; the cases then depend on speed).
# Each pass's report (<who>.log, a HAR of every request) and the stack's log end up in .data/fuzz/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seed=${FUZZ_SEED:-2019}
examples=${FUZZ_MAX_EXAMPLES:-20}
pass_timeout=${FUZZ_PASS_TIMEOUT:-300}
out=.data/fuzz
st=$PWD/.tools/bin/schemathesis

bash scripts/provision.sh --quiet --fuzzer
npm run build --silent
rm -rf "$out"
mkdir -p "$out"

started=$SECONDS
node --import tsx test/fuzz/stack.ts "$out" &
stack=$!
stop_stack() {
  if kill -0 "$stack" 2>/dev/null; then
    kill -TERM "$stack" 2>/dev/null || true
    wait "$stack" 2>/dev/null || true
  fi
}
trap stop_stack EXIT
trap 'exit 130' INT TERM

# The stack writes stack.env once the demo is loaded (a first start takes about a minute).
for _ in $(seq 1 600); do
  [ -f "$out/stack.env" ] && break
  kill -0 "$stack" 2>/dev/null || { echo "fuzz: the stack did not start (see $out/stack.log)" >&2; tail -n 40 "$out/stack.log" >&2 || true; exit 1; }
  sleep 0.5
done
[ -f "$out/stack.env" ] || { echo "fuzz: the stack was not ready after 5 minutes" >&2; exit 1; }
# shellcheck disable=SC1091
. "$out/stack.env"

# The checks are in test/fuzz/schemathesis.toml. One worker: with two, Hypothesis parses
# lambdas' source in two threads at once, which Python 3.11's ast module does not survive
# ("AST constructor recursion depth mismatch"), and the server is the bottleneck anyway.
options=(
  --seed "$seed"
  --max-examples "$examples"
  --workers 1
  --request-timeout 30
  --generation-database none
  --no-color
)
[ -n "${FUZZ_MAX_TIME:-}" ] && options+=(--max-time "$FUZZ_MAX_TIME")

# One pass of schemathesis with one user's token and the phases given; its exit code.
# Its report goes to $out/<who>.log, not to CI's output: schemathesis ends with pytest-style
# "=== 3 warnings in 48.91s ===" lines, which a reader of CI logs takes for a test run that
# ran nothing. A passing pass prints one line of its own; a failing one prints the report.
fuzz_as() {
  local who=$1 token=$2 phases=$3 code=0
  local log="$out/$who.log"
  echo "== schemathesis as $who ($phases; seed $seed, up to $examples examples per operation)"
  # Run from $out: schemathesis keeps its cache (`st replay <id>`) in ./.schemathesis.
  (cd "$out" && FUZZ_TOKEN=$token timeout --signal=INT --kill-after=20 "$pass_timeout" \
    "$st" --config-file schemathesis.toml run "$FUZZ_BASE/api/openapi.json" "${options[@]}" \
    --phases "$phases" --report har --report-dir "$who") >"$log" 2>&1 || code=$?
  if [ "$code" = 0 ]; then
    local cases
    cases=$(grep -oE '^ *[0-9]+ generated' "$log" | grep -oE '[0-9]+' || echo '?')
    echo "fuzz as $who: no finding in $cases generated requests (report: $log)"
  else
    cat "$log"
  fi
  [ "$code" = 124 ] && echo "fuzz: the $who pass did not finish within ${pass_timeout}s (FUZZ_PASS_TIMEOUT)" >&2
  return "$code"
}

# The executor first: the admin's pass changes organizations and users the executor would see.
# The coverage phase (every boundary and wrong type of every parameter, a minute) runs once,
# as the admin, whom no role check stops before validation.
failed=0
fuzz_as executor "$FUZZ_EXECUTOR_TOKEN" examples,fuzzing,stateful || failed=1
fuzz_as admin "$FUZZ_ADMIN_TOKEN" examples,coverage,fuzzing,stateful || failed=1

if grep -q '"level":50' "$out/stack.log" 2>/dev/null; then
  echo "== errors the stack logged (all in $out/stack.log)"
  grep '"level":50' "$out/stack.log" | tail -n 20
fi
echo "fuzz: $((SECONDS - started)) s in all; $([ "$failed" = 0 ] && echo 'no finding' || echo FAILED)"
exit "$failed"
