#!/usr/bin/env bash
# Compares JVM option sets for Jetway on the same runs: start-up (wall and CPU to the first served
# request), OpenAI JSON and stream at a fixed 200 req/s (open loop), saturation at c=16, peak RSS.
# Each option set gets a fresh JVM and is given as JETWAY_JAVA_OPTS, on top of the machine's defaults
# (gateway/jvm.sh) as ./jetway serve would: "" is the defaults themselves; prefix the set with
# "nodefaults " to run it alone. Used to choose the defaults in gateway/jvm.sh.
#
#   bench/jvm-options.sh "" "-Xmx256m" "nodefaults -Xmx128m -XX:+UseSerialGC" ...
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export PATH="$PATH:/usr/sbin"

JAVA="$(java_home)/bin/java"
[[ -f "$OUT_DIR/loadgen/LoadGen.class" ]] || die "run bench/setup.sh first"
(($# > 0)) || set -- ""

UPSTREAM_PID="" JETWAY_PID=""
trap 'stop_pid "$JETWAY_PID"; stop_pid "$UPSTREAM_PID"' EXIT
start_upstream

body='{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hello! Say something short."}],"max_tokens":64}'
printf '%s' "$body" > "$OUT_DIR/opts-body.json"
printf '%s' "${body/\"model\"/\"stream\":true,\"model\"}" > "$OUT_DIR/opts-stream-body.json"

open200() { # prefix bodyfile extra-args...
  local prefix="$1" file="$2"
  shift 2
  "$JAVA" -XX:+UseSerialGC -cp "$OUT_DIR/loadgen" LoadGen --url "http://127.0.0.1:$JETWAY_PORT/v1/chat/completions" \
    --body-file "$file" -H 'x-portkey-provider: openai' -H 'authorization: Bearer x' \
    -H "x-portkey-custom-host: http://127.0.0.1:$UPSTREAM_PORT/$prefix" --rate 200 --duration 10 --warmup 2 "$@" \
    | grep '^RESULT' | grep -o 'p50_us=[^ ]*\|p99_us=[^ ]*\|errors=[^ ]*' | head -3 | tr '\n' ' '
}

echo "| options | start-up ms (CPU ms) | JSON 200/s p50 / p99 µs | stream 200/s p50 / p99 µs | c=16 JSON req/s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|"
for opts in "$@"; do
  if [[ "$opts" == nodefaults* ]]; then
    JETWAY_JVM_DEFAULTS=off JETWAY_JAVA_OPTS="${opts#nodefaults}" jetway_jvm_opts
  else
    JETWAY_JAVA_OPTS="$opts" jetway_jvm_opts
  fi
  t0="$(date +%s%N)"
  HOST=127.0.0.1 PORT="$JETWAY_PORT" TRUSTED_CUSTOM_HOSTS=127.0.0.1 \
    "$JAVA" ${JETWAY_JVM_OPTS[@]+"${JETWAY_JVM_OPTS[@]}"} -jar "$(bench_jar)" > "$OUT_DIR/opts-jetway.log" 2>&1 &
  JETWAY_PID=$!
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
    -H 'x-portkey-provider: openai' -H 'authorization: Bearer x' \
    -H "x-portkey-custom-host: http://127.0.0.1:$UPSTREAM_PORT/v1" --data-binary @"$OUT_DIR/opts-body.json" \
    "http://127.0.0.1:$JETWAY_PORT/v1/chat/completions" 2> /dev/null)" == 200 ]]; do
    sleep 0.005
  done
  t1="$(date +%s%N)"
  start_cpu="$(awk -v c="$(cpu_seconds "$JETWAY_PID")" 'BEGIN { printf "%.0f", c * 1000 }')"
  # warm-up, then the runs
  BENCH_BODY_FILE="$OUT_DIR/opts-body.json" \
    BENCH_HEADERS="x-portkey-provider: openai|authorization: Bearer x|x-portkey-custom-host: http://127.0.0.1:$UPSTREAM_PORT/v1" \
    wrk -t2 -c16 -d5s -s "$BENCH_DIR/wrk/post.lua" "http://127.0.0.1:$JETWAY_PORT/v1/chat/completions" > /dev/null
  sat="$(BENCH_BODY_FILE="$OUT_DIR/opts-body.json" \
    BENCH_HEADERS="x-portkey-provider: openai|authorization: Bearer x|x-portkey-custom-host: http://127.0.0.1:$UPSTREAM_PORT/v1" \
    wrk -t2 -c16 -d8s -s "$BENCH_DIR/wrk/post.lua" "http://127.0.0.1:$JETWAY_PORT/v1/chat/completions" \
    | grep -o 'rps=[^ ]*' | cut -d= -f2)"
  json="$(open200 v1 "$OUT_DIR/opts-body.json" --expect chat.completion)"
  sse="$(open200 sse/v1 "$OUT_DIR/opts-stream-body.json" --stream --expect '[DONE]')"
  echo "| \`${JETWAY_JVM_OPTS[*]:-}\` | $(((t1 - t0) / 1000000)) ($start_cpu) | $json | $sse | $sat | $(peak_rss_mb "$JETWAY_PID") |"
  stop_pid "$JETWAY_PID"
  JETWAY_PID=""
done
