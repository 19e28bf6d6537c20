#!/usr/bin/env bash
# The server decision spike (issue 14, goal 4; bench/README.md "The server decision: a spike"): minimal
# passthrough proxies on different server models, measured in one sitting beside the upstream called
# directly and nginx as a plain reverse proxy. Builds them, then for each target and repeat: a fresh
# JVM, WARMUP seconds of wrk c=16 per scenario, then OpenAI JSON and stream at a fixed 200 req/s
# (LoadGen, open loop: added p50/p99, the stream's first and last chunk) and at wrk c=64 (req/s), CPU
# per request and peak RSS; prints a markdown table.
#
#   bench/spike/run.sh [--repeats N] [--warmup S] [--duration S] [--open-duration S] [--no-build]
#                      [--targets "direct nginx helidon helidon-socket helidon-async platform virtual netty"]
#
# Targets: direct (the upstream), nginx (1 worker, keep-alive pool, proxy_buffering off), and the
# prototypes in bench/spike/src: helidon (a), platform (b), virtual (c), netty (d), helidon-socket and
# helidon-async (e). Every JVM gets the same options: SPIKE_JAVA_OPTS (default below).
# With the defaults (3 repeats, 8 targets) it takes about 35 minutes.
# Results: bench/out/spike-<timestamp>/results.txt and report.md. Needs nginx, wrk and a JDK 21+
# (bench/setup.sh installs the first two). Nothing here runs in CI.
set -euo pipefail
SPIKE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$SPIKE_DIR/../lib.sh"
export PATH="$PATH:/usr/sbin"

REPEATS=3
WARMUP=12          # seconds of wrk c=16 per scenario on a fresh JVM before anything is measured
DURATION=8         # seconds per closed-loop run (wrk c=64)
OPEN_DURATION=15   # seconds per open-loop run (LoadGen, 200 req/s, after 2 s of its own warm-up)
OPEN_RATE=200
BUILD=1
TARGETS="direct nginx helidon helidon-socket helidon-async platform virtual netty"
SPIKE_JAVA_OPTS="${SPIKE_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx256m -Xmn48m}"
SPIKE_BASE_PORT="${SPIKE_BASE_PORT:-18790}"
while (($# > 0)); do
  case "$1" in
    --repeats) REPEATS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --open-duration) OPEN_DURATION="$2"; shift 2 ;;
    --targets) TARGETS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) die "unknown argument $1" ;;
  esac
done

JAVA_HOME="$(java_home)"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
GATEWAY_JAR="$REPO_DIR/gateway/target/jetway-gateway-0.1.0-SNAPSHOT.jar"
SPIKE_JAR="$SPIKE_DIR/target/jetway-bench-spike-0.1.0-SNAPSHOT.jar"

# ----------------------------------------------------------------------------- build
if ((BUILD)); then
  log "building the gateway jar (mvn package -pl gateway -am) and the spike (mvn -f bench/spike/pom.xml package)"
  (cd "$REPO_DIR" && mvn -B -q --no-transfer-progress package -pl gateway -am -DskipTests)
  (cd "$REPO_DIR" && mvn -B -q --no-transfer-progress -f bench/spike/pom.xml package -DskipTests)
fi
[[ -f "$GATEWAY_JAR" && -f "$SPIKE_JAR" ]] || die "not built: run without --no-build"
CP="$SPIKE_JAR:$SPIKE_DIR/target/libs/*:$GATEWAY_JAR"
mkdir -p "$OUT_DIR/loadgen"
if [[ ! -f "$OUT_DIR/loadgen/LoadGen.class" || "$BENCH_DIR/loadgen/LoadGen.java" -nt "$OUT_DIR/loadgen/LoadGen.class" ]]; then
  "$JAVA_HOME/bin/javac" -d "$OUT_DIR/loadgen" "$BENCH_DIR/loadgen/LoadGen.java"
fi

RUN_DIR="$OUT_DIR/spike-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"
RESULTS="$RUN_DIR/results.txt"
: > "$RESULTS"

UPSTREAM_PID="" NGINX_PROXY_PID="" NGINX_PROXY_WORKER="" SERVER_PID=""
cleanup() {
  stop_pid "$SERVER_PID"
  stop_pid "$NGINX_PROXY_PID"
  stop_pid "$UPSTREAM_PID"
}
trap cleanup EXIT

{
  echo "META date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "META commit=$(git -C "$REPO_DIR" rev-parse --short HEAD)$(git -C "$REPO_DIR" diff --quiet HEAD -- gateway bench/spike || echo -dirty)"
  echo "META nproc=$(nproc)"
  echo "META cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo | tr ' ' '_')"
  echo "META java=$("$JAVA" -version 2>&1 | head -1 | tr ' "' '_')"
  echo "META nginx=$(nginx -v 2>&1 | sed 's/^.*nginx\///')"
  echo "META java_opts=$(echo "$SPIKE_JAVA_OPTS" | tr ' ' '_')"
  echo "META repeats=$REPEATS warmup_s=$WARMUP duration_s=$DURATION open_duration_s=$OPEN_DURATION open_rate=$OPEN_RATE"
  echo "META load_before=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')"
} >> "$RESULTS"

start_upstream
[[ " $TARGETS " == *" nginx "* ]] && start_nginx_proxy

OAI_BODY='{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hello! Say something short."}],"max_tokens":64}'
OAI_STREAM_BODY='{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hello! Say something short."}],"max_tokens":64}'
printf '%s' "$OAI_BODY" > "$RUN_DIR/json.body"
printf '%s' "$OAI_STREAM_BODY" > "$RUN_DIR/sse.body"
HEADERS="authorization: Bearer x"

# The port a target listens on: every target relays the upstream's paths as they are.
target_port() {
  case "$1" in
    direct) echo "$UPSTREAM_PORT" ;;
    nginx) echo "$NGINX_PROXY_PORT" ;;
    helidon) echo $((SPIKE_BASE_PORT + 1)) ;;
    helidon-socket) echo $((SPIKE_BASE_PORT + 2)) ;;
    helidon-async) echo $((SPIKE_BASE_PORT + 3)) ;;
    platform) echo $((SPIKE_BASE_PORT + 4)) ;;
    virtual) echo $((SPIKE_BASE_PORT + 5)) ;;
    netty) echo $((SPIKE_BASE_PORT + 6)) ;;
    *) die "unknown target $1" ;;
  esac
}

# The process whose CPU and memory are the target's ("" for direct).
target_pid() {
  case "$1" in
    direct) echo "" ;;
    nginx) echo "$NGINX_PROXY_WORKER" ;;
    *) echo "$SERVER_PID" ;;
  esac
}

start_target() {
  local target="$1"
  case "$target" in
    direct | nginx) return 0 ;;
  esac
  # shellcheck disable=SC2086  # SPIKE_JAVA_OPTS is word-split on purpose
  "$JAVA" --enable-native-access=ALL-UNNAMED $SPIKE_JAVA_OPTS -cp "$CP" io.jetway.bench.spike.SpikeServer \
    "$target" "$(target_port "$target")" "http://127.0.0.1:$UPSTREAM_PORT" > "$RUN_DIR/$target.log" 2>&1 &
  SERVER_PID=$!
  wait_port "$(target_port "$target")" 60 # a JVM on a busy machine can take 10 s to listen
  log "$target pid $SERVER_PID on 127.0.0.1:$(target_port "$target")"
}

stop_target() {
  stop_pid "$SERVER_PID"
  SERVER_PID=""
}

url() { # target scenario
  local prefix=v1
  [[ "$2" == sse ]] && prefix=sse/v1
  echo "http://127.0.0.1:$(target_port "$1")/$prefix/chat/completions"
}

expect() { [[ "$1" == sse ]] && echo "[DONE]" || echo "chat.completion"; }

# One request; true when it answers 200 with the scenario's marker.
probe() {
  local target="$1" scenario="$2" out code
  out="$RUN_DIR/probe.out"
  code="$(curl -s -o "$out" -w '%{http_code}' -H 'content-type: application/json' -H "$HEADERS" \
    --data-binary @"$RUN_DIR/$scenario.body" "$(url "$target" "$scenario")" || echo 000)"
  [[ "$code" == 200 ]] && grep -qF "$(expect "$scenario")" "$out"
}

# Runs one load; appends a RESULT line with the target's CPU per request.
# load: warmup | c64 | r200
measure() {
  local repeat="$1" target="$2" scenario="$3" load="$4" pid line t0 t1 c0 c1 total
  pid="$(target_pid "$target")"
  c0="$([[ -n "$pid" ]] && cpu_seconds "$pid" || echo 0)"
  t0="$(date +%s.%N)"
  case "$load" in
    warmup | c*)
      local c=64 d="$DURATION"
      [[ "$load" == warmup ]] && { c=16; d="$WARMUP"; }
      line="$(BENCH_BODY_FILE="$RUN_DIR/$scenario.body" BENCH_HEADERS="$HEADERS" BENCH_EXPECT="$(expect "$scenario")" \
        wrk -t2 -c"$c" -d"${d}s" --timeout 10s -s "$BENCH_DIR/wrk/post.lua" "$(url "$target" "$scenario")" | grep '^RESULT')"
      total="$(echo "$line" | grep -o ' n=[0-9]*' | cut -d= -f2)"
      ;;
    r*)
      local args=(--url "$(url "$target" "$scenario")" --body-file "$RUN_DIR/$scenario.body" --rate "$OPEN_RATE"
        --duration "$OPEN_DURATION" --warmup 2 --connections 64 --expect "$(expect "$scenario")" -H "$HEADERS")
      [[ "$scenario" == sse ]] && args+=(--stream)
      line="$("$JAVA" -XX:+UseSerialGC -Xmx512m -cp "$OUT_DIR/loadgen" LoadGen "${args[@]}" | grep '^RESULT')"
      total="$(awk -v r="$OPEN_RATE" -v d="$OPEN_DURATION" 'BEGIN { printf "%d", r * (d + 2) }')"
      ;;
  esac
  t1="$(date +%s.%N)"
  c1="$([[ -n "$pid" ]] && cpu_seconds "$pid" || echo 0)"
  [[ "$load" == warmup ]] && return 0
  local cpu="-" per="-"
  if [[ -n "$pid" ]]; then
    cpu="$(awk -v a="$c0" -v b="$c1" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.2f", (b - a) / (e - s) }')"
    per="$(awk -v a="$c0" -v b="$c1" -v n="$total" 'BEGIN { printf "%.1f", (n > 0) ? (b - a) * 1e6 / n : -1 }')"
  fi
  echo "$line repeat=$repeat target=$target scenario=$scenario load=$load cpu_cores=$cpu cpu_us_per_req=$per load_avg=$(cut -d' ' -f1 /proc/loadavg)" \
    | tee -a "$RESULTS" >&2
}

# Each repeat takes the targets in another order (rotated), so that no target always runs first.
read -r -a ORDER <<< "$TARGETS"
log "targets: ${ORDER[*]}; ${REPEATS} repeats; about $(( (${#ORDER[@]} * (2 * WARMUP + 2 * (OPEN_DURATION + 3) + 2 * (DURATION + 1) + 5) * REPEATS + 59) / 60 )) minutes"
for repeat in $(seq 1 "$REPEATS"); do
  n=${#ORDER[@]}
  for i in $(seq 0 $((n - 1))); do
    target="${ORDER[$(((i + repeat - 1) % n))]}"
    start_target "$target"
    ok=1
    for scenario in json sse; do
      if ! probe "$target" "$scenario"; then
        log "$target does not answer $scenario correctly: $(head -c 300 "$RUN_DIR/probe.out")"
        echo "NA target=$target scenario=$scenario repeat=$repeat" >> "$RESULTS"
        ok=0
      fi
    done
    if ((ok)); then
      for scenario in json sse; do
        log "repeat $repeat: $target warm-up $scenario (${WARMUP}s at c=16)"
        measure "$repeat" "$target" "$scenario" warmup
      done
      for scenario in json sse; do
        measure "$repeat" "$target" "$scenario" "r$OPEN_RATE"
      done
      for scenario in json sse; do
        measure "$repeat" "$target" "$scenario" c64
      done
      pid="$(target_pid "$target")"
      [[ -n "$pid" ]] && echo "RSS target=$target repeat=$repeat peak_mb=$(peak_rss_mb "$pid")" | tee -a "$RESULTS" >&2
    fi
    stop_target
  done
done
echo "META load_after=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')" >> "$RESULTS"

"$JAVA" "$SPIKE_DIR/SpikeReport.java" "$RESULTS" | tee "$RUN_DIR/report.md"
log "results: $RESULTS"
