#!/usr/bin/env bash
# Soak: Jetway at a fixed rate (open loop) for a long time; prints p50/p99 per interval, the
# errors, and Jetway's RSS sampled through the run (stable p99, flat RSS, zero errors?).
#
#   bench/soak.sh [rate req/s, default 1200 (about half of saturation here)] [seconds, default 600] [oai-json|oai-sse]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export PATH="$PATH:/usr/sbin"

RATE="${1:-1200}"
SECS="${2:-600}"
SCENARIO="${3:-oai-json}"
JAVA="$(java_home)/bin/java"
[[ -f "$OUT_DIR/loadgen/LoadGen.class" ]] || die "run bench/setup.sh first"
LOG="$OUT_DIR/soak-$(date -u +%Y%m%d-%H%M%S).txt"

UPSTREAM_PID="" JETWAY_PID="" SAMPLER_PID=""
trap 'stop_pid "$SAMPLER_PID"; stop_pid "$JETWAY_PID"; stop_pid "$UPSTREAM_PID"' EXIT

start_upstream
start_jetway

prefix=v1 expect=chat.completion stream=()
body='{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hello! Say something short."}],"max_tokens":64}'
if [[ "$SCENARIO" == oai-sse ]]; then
  prefix=sse/v1 expect='[DONE]' stream=(--stream)
  body="${body/\"model\"/\"stream\":true,\"model\"}"
fi
printf '%s' "$body" > "$OUT_DIR/soak-body.json"

(
  while true; do
    echo "RSS t=$(date +%s) rss_mb=$(rss_mb "$JETWAY_PID") peak_mb=$(peak_rss_mb "$JETWAY_PID") cpu_s=$(cpu_seconds "$JETWAY_PID")"
    sleep 30
  done
) >> "$LOG" &
SAMPLER_PID=$!

log "soak: $SCENARIO at $RATE req/s for $SECS s (log: $LOG)"
"$JAVA" -XX:+UseSerialGC -Xmx1g -cp "$OUT_DIR/loadgen" LoadGen \
  --url "http://127.0.0.1:$JETWAY_PORT/v1/chat/completions" --body-file "$OUT_DIR/soak-body.json" \
  -H 'x-portkey-provider: openai' -H 'authorization: Bearer x' \
  -H "x-portkey-custom-host: http://127.0.0.1:$UPSTREAM_PORT/$prefix" \
  --rate "$RATE" --duration "$SECS" --warmup 10 --connections 128 --interval 30 --expect "$expect" "${stream[@]}" \
  | tee -a "$LOG"
echo "RSS final rss_mb=$(rss_mb "$JETWAY_PID") peak_mb=$(peak_rss_mb "$JETWAY_PID")" | tee -a "$LOG"
grep '^RSS' "$LOG"
