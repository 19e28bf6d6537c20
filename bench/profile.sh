#!/usr/bin/env bash
# Profiles Jetway under load with Java Flight Recorder and prints where its CPU goes:
# the hottest methods (top of stack) and the share of samples spent under each layer
# (inclusive: the layer appears anywhere on the stack).
#
#   bench/profile.sh [oai-json|oai-sse|ant-json|ant-sse] [concurrency] [seconds]
#
# Output: bench/out/profile-<scenario>.jfr and a text summary on stdout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export PATH="$PATH:/usr/sbin"

SCENARIO="${1:-oai-json}"
CONC="${2:-16}"
SECS="${3:-20}"
JFR_FILE="$OUT_DIR/profile-$SCENARIO.jfr"
JAVA_BIN="$(java_home)/bin"

UPSTREAM_PID="" JETWAY_PID=""
trap 'stop_pid "$JETWAY_PID"; stop_pid "$UPSTREAM_PID"' EXIT

start_upstream
JETWAY_EXTRA_OPTS="-XX:StartFlightRecording=filename=$JFR_FILE,settings=profile,dumponexit=true" start_jetway

prefix=v1 provider=openai model=gpt-4o-mini
if [[ "$SCENARIO" == ant-* ]]; then
  provider=anthropic model=claude-3-5-haiku-20241022
fi
body='{"model":"'"$model"'","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hello! Say something short."}],"max_tokens":64}'
if [[ "$SCENARIO" == *-sse ]]; then
  prefix=sse/v1
  body="${body/\"model\"/\"stream\":true,\"model\"}"
fi
printf '%s' "$body" > "$OUT_DIR/profile-body.json"
run_wrk() {
  BENCH_BODY_FILE="$OUT_DIR/profile-body.json" \
    BENCH_HEADERS="x-portkey-provider: $provider|authorization: Bearer x|x-portkey-custom-host: http://127.0.0.1:$UPSTREAM_PORT/$prefix" \
    wrk -t2 -c"$CONC" -d"$1" -s "$BENCH_DIR/wrk/post.lua" "http://127.0.0.1:$JETWAY_PORT/v1/chat/completions" | grep '^RESULT'
}
log "warm-up"
run_wrk 5s > /dev/null
log "profiling $SCENARIO at c=$CONC for ${SECS}s"
cpu0="$(cpu_seconds "$JETWAY_PID")"
run_wrk "${SECS}s"
cpu1="$(cpu_seconds "$JETWAY_PID")"
echo "gateway CPU during the profiled run: $(awk -v a="$cpu0" -v b="$cpu1" -v s="$SECS" 'BEGIN { printf "%.2f cores", (b - a) / s }')"
stop_pid "$JETWAY_PID"
JETWAY_PID=""

"$JAVA_BIN/jfr" print --events jdk.ExecutionSample --stack-depth 96 "$JFR_FILE" > "$OUT_DIR/profile-$SCENARIO.txt"
awk '
  /^jdk.ExecutionSample/ { n++; top = ""; inStack = 0; delete seen; next }
  /stackTrace = \[/ { inStack = 1; first = 1; next }
  inStack && /^[[:space:]]*\]/ { inStack = 0; next }
  inStack {
    line = $0; sub(/^[[:space:]]+/, "", line); sub(/[[:space:]]+line:.*$/, "", line)
    if (first) { self[line]++; first = 0 }
    for (i = 1; i <= nl; i++) if (!(i in seen) && index(line, layer[i]) > 0) { seen[i] = 1; incl[i]++ }
  }
  BEGIN {
    nl = split("org.hibernate.validator|com.fasterxml.jackson|io.helidon.webclient|io.helidon.webserver|io.helidon.http|io.jetway.gateway.server.RequestParser|io.jetway.gateway.pipeline|io.jetway.gateway.provider|io.jetway.sse|io.jetway.gateway.server.ResponseWriter|java.util.logging|java.lang.invoke|sun.nio.ch|java.net.Socket", layer, "|")
  }
  END {
    printf "%d execution samples\n\nshare of samples under each layer (inclusive):\n", n
    for (i = 1; i <= nl; i++) printf "  %5.1f%%  %s\n", 100 * incl[i] / n, layer[i]
    printf "\nhottest methods (self, top of stack):\n"
    cmd = "sort -rn | head -25"
    for (m in self) printf "  %5.1f%%  %s\n", 100 * self[m] / n, m | cmd
    close(cmd)
  }
' "$OUT_DIR/profile-$SCENARIO.txt"
