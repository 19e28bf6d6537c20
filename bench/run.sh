#!/usr/bin/env bash
# The latency benchmark: the same runs, in one sitting, against the upstream directly, nginx as a
# plain reverse proxy (the floor for one HTTP hop), Jetway and Portkey's gateway; prints a markdown
# table (bench/README.md explains every column).
#
#   bench/run.sh [--repeats N] [--duration S] [--open-duration S] [--scenarios "oai-json oai-sse ant-json ant-sse"]
#                [--targets "direct nginx jetway portkey"]
#
# Results: bench/out/<timestamp>/results.txt (one RESULT line per run) and report.md.
# Run bench/setup.sh first. Nothing here runs in CI.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export PATH="$PATH:/usr/sbin"

REPEATS=3
WARMUP=20           # seconds of load per (gateway, scenario) before the first measured run
DURATION=8          # seconds per closed-loop (wrk) run
OPEN_DURATION=15    # seconds per open-loop run (after 2 s of warm-up)
OPEN_RATE=200
SCENARIOS="oai-json oai-sse ant-json ant-sse"
TARGETS="direct nginx jetway portkey"
while (($# > 0)); do
  case "$1" in
    --repeats) REPEATS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --open-duration) OPEN_DURATION="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --targets) TARGETS="$2"; shift 2 ;;
    *) die "unknown argument $1" ;;
  esac
done

JAVA="$(java_home)/bin/java"
[[ -f "$OUT_DIR/loadgen/LoadGen.class" ]] || die "run bench/setup.sh first"
RUN_DIR="$OUT_DIR/$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"
RESULTS="$RUN_DIR/results.txt"
: > "$RESULTS"

UPSTREAM_PID="" JETWAY_PID="" PORTKEY_PID="" NGINX_PROXY_PID="" NGINX_PROXY_WORKER=""
cleanup() {
  stop_pid "$PORTKEY_PID"
  stop_pid "$JETWAY_PID"
  stop_pid "$NGINX_PROXY_PID"
  stop_pid "$UPSTREAM_PID"
}
trap cleanup EXIT

# ----------------------------------------------------------------------------- machine
{
  echo "META date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "META commit=$(git -C "$REPO_DIR" rev-parse --short HEAD)$(git -C "$REPO_DIR" diff --quiet HEAD -- gateway || echo -dirty)"
  echo "META nproc=$(nproc)"
  echo "META cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo | tr ' ' '_')"
  echo "META mem_mb=$(free -m | awk '/^Mem:/ { print $2 }')"
  echo "META java=$("$JAVA" -version 2>&1 | head -1 | tr ' "' '_')"
  echo "META node=$(node --version)"
  echo "META nginx=$(nginx -v 2>&1 | sed 's/^.*nginx\///')"
  echo "META jetway_opts=$(jetway_jvm_opts; echo "${JETWAY_JVM_OPTS[*]:-}" | tr ' ' '_')"
  echo "META repeats=$REPEATS warmup_s=$WARMUP duration_s=$DURATION open_duration_s=$OPEN_DURATION open_rate=$OPEN_RATE"
  echo "META load_before=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')"
} >> "$RESULTS"

start_upstream
UPSTREAM_WORKER="$(pgrep -P "$UPSTREAM_PID" | head -1)"

# ----------------------------------------------------------------------------- request shapes
OAI_BODY='{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hello! Say something short."}],"max_tokens":64}'
OAI_STREAM_BODY='{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hello! Say something short."}],"max_tokens":64}'
ANT_GW_BODY='{"model":"claude-3-5-haiku-20241022","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hello! Say something short."}],"max_tokens":64}'
ANT_GW_STREAM_BODY='{"model":"claude-3-5-haiku-20241022","stream":true,"messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hello! Say something short."}],"max_tokens":64}'
ANT_DIRECT_BODY='{"model":"claude-3-5-haiku-20241022","system":"You are a helpful assistant.","messages":[{"role":"user","content":"Hello! Say something short."}],"max_tokens":64}'
ANT_DIRECT_STREAM_BODY='{"model":"claude-3-5-haiku-20241022","stream":true,"system":"You are a helpful assistant.","messages":[{"role":"user","content":"Hello! Say something short."}],"max_tokens":64}'

# Sets URL, BODY, HEADERS ("|"-separated), EXPECT, STREAM for a target and scenario.
shape() {
  local target="$1" scenario="$2" provider prefix
  case "$scenario" in
    oai-*) provider=openai ;;
    ant-*) provider=anthropic ;;
  esac
  case "$scenario" in
    *-sse) prefix="sse/v1"; STREAM=1 ;;
    *) prefix="v1"; STREAM=0 ;;
  esac
  HEADERS=""
  if [[ "$target" == direct || "$target" == nginx ]]; then
    # The nginx proxy relays paths as they are: the direct target's requests, through its port.
    local port="$UPSTREAM_PORT"
    [[ "$target" == nginx ]] && port="$NGINX_PROXY_PORT"
    if [[ "$provider" == openai ]]; then
      URL="http://127.0.0.1:$port/$prefix/chat/completions"
      BODY="$([[ $STREAM == 1 ]] && echo "$OAI_STREAM_BODY" || echo "$OAI_BODY")"
      EXPECT="$([[ $STREAM == 1 ]] && echo "[DONE]" || echo "chat.completion")"
    else
      URL="http://127.0.0.1:$port/$prefix/messages"
      BODY="$([[ $STREAM == 1 ]] && echo "$ANT_DIRECT_STREAM_BODY" || echo "$ANT_DIRECT_BODY")"
      EXPECT="$([[ $STREAM == 1 ]] && echo "message_stop" || echo "end_turn")"
      HEADERS="x-api-key: x|anthropic-version: 2023-06-01"
    fi
    return
  fi
  local port
  port="$([[ "$target" == jetway ]] && echo "$JETWAY_PORT" || echo "$PORTKEY_PORT")"
  URL="http://127.0.0.1:$port/v1/chat/completions"
  if [[ "$provider" == openai ]]; then
    BODY="$([[ $STREAM == 1 ]] && echo "$OAI_STREAM_BODY" || echo "$OAI_BODY")"
  else
    BODY="$([[ $STREAM == 1 ]] && echo "$ANT_GW_STREAM_BODY" || echo "$ANT_GW_BODY")"
  fi
  EXPECT="$([[ $STREAM == 1 ]] && echo "[DONE]" || echo "chat.completion")"
  HEADERS="x-portkey-provider: $provider|authorization: Bearer x|x-portkey-custom-host: http://127.0.0.1:$UPSTREAM_PORT/$prefix"
}

target_pid() {
  case "$1" in
    jetway) echo "$JETWAY_PID" ;;
    portkey) echo "$PORTKEY_PID" ;;
    nginx) echo "$NGINX_PROXY_WORKER" ;;
    *) echo "" ;;
  esac
}

# One request through a target; prints the HTTP status.
probe() {
  local target="$1" scenario="$2" args=()
  shape "$target" "$scenario"
  IFS='|' read -r -a hs <<< "$HEADERS"
  for h in "${hs[@]}"; do args+=(-H "$h"); done
  curl -s -o "$RUN_DIR/probe.out" -w '%{http_code}' -H 'content-type: application/json' "${args[@]}" \
    --data-binary "$BODY" "$URL" || echo 000
}

# Runs one load against a target; appends a RESULT line with gateway and upstream CPU (cores).
# load: c1 | c16 | c64 | warm | r200
measure() {
  local repeat="$1" target="$2" scenario="$3" load="$4" pid line t0 t1 g0 g1 u0 u1
  shape "$target" "$scenario"
  pid="$(target_pid "$target")"
  if [[ -n "$pid" ]] && ! kill -0 "$pid" 2> /dev/null; then
    # Stopped from outside (a shared machine): restart it, say so in the results, warm it up again.
    log "$target (pid $pid) is gone: restarting it"
    echo "RESTART target=$target before=repeat$repeat/$scenario/$load" >> "$RESULTS"
    case "$target" in
      jetway) start_jetway ;;
      nginx) stop_pid "$NGINX_PROXY_PID"; start_nginx_proxy ;;
      *) start_portkey ;;
    esac
    pid="$(target_pid "$target")"
    [[ "$load" != warm ]] && measure "$repeat" "$target" "$scenario" warm
  fi
  printf '%s' "$BODY" > "$RUN_DIR/body.json"
  g0="$([[ -n "$pid" ]] && cpu_seconds "$pid" || echo 0)"
  u0="$(cpu_seconds "$UPSTREAM_WORKER")"
  t0="$(date +%s.%N)"
  case "$load" in
    warm | warmup | c*)
      local c=16 d="$DURATION" threads=2
      [[ "$load" == warm ]] && d=3
      [[ "$load" == warmup ]] && d="$WARMUP"
      [[ "$load" == c* ]] && c="${load#c}"
      ((c == 1)) && threads=1
      line="$(BENCH_BODY_FILE="$RUN_DIR/body.json" BENCH_HEADERS="$HEADERS" BENCH_EXPECT="$EXPECT" \
        wrk -t"$threads" -c"$c" -d"${d}s" --timeout 10s -s "$BENCH_DIR/wrk/post.lua" "$URL" | grep '^RESULT')"
      ;;
    r*)
      local args=(--url "$URL" --body-file "$RUN_DIR/body.json" --rate "${load#r}" --duration "$OPEN_DURATION"
        --warmup 2 --connections 64 --expect "$EXPECT")
      [[ "$STREAM" == 1 ]] && args+=(--stream)
      IFS='|' read -r -a hs <<< "$HEADERS"
      for h in "${hs[@]}"; do [[ -n "$h" ]] && args+=(-H "$h"); done
      line="$("$JAVA" -XX:+UseSerialGC -Xmx512m -cp "$OUT_DIR/loadgen" LoadGen "${args[@]}" | grep '^RESULT')"
      ;;
  esac
  t1="$(date +%s.%N)"
  g1="$([[ -n "$pid" ]] && cpu_seconds "$pid" 2> /dev/null || echo "$g0")"
  u1="$(cpu_seconds "$UPSTREAM_WORKER")"
  local cpu up
  cpu="$(awk -v a="$g0" -v b="$g1" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.2f", (b - a) / (e - s) }')"
  up="$(awk -v a="$u0" -v b="$u1" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.2f", (b - a) / (e - s) }')"
  [[ "$target" == direct ]] && cpu="-"
  local rss="-"
  [[ -n "$pid" ]] && rss="$(rss_mb "$pid" 2> /dev/null || echo -)"
  [[ "$load" == warm || "$load" == warmup ]] && return 0
  echo "$line repeat=$repeat target=$target scenario=$scenario load=$load gw_cpu=$cpu up_cpu=$up rss_mb=$rss load_avg=$(cut -d' ' -f1 /proc/loadavg)" \
    | tee -a "$RESULTS" >&2
}

# ----------------------------------------------------------------------------- start-up time
# Start to first served request: from the launch of the process to the first chat completion
# answered through it (curl polls every few ms). Three fresh starts each, median reported.
startup_ms() {
  local target="$1" t0 t1 code
  t0="$(date +%s%N)"
  if [[ "$target" == jetway ]]; then start_jetway_nowait; else start_portkey_nowait; fi
  shape "$target" oai-json
  while true; do
    code="$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
      -H 'x-portkey-provider: openai' -H 'authorization: Bearer x' \
      -H "x-portkey-custom-host: http://127.0.0.1:$UPSTREAM_PORT/v1" --data-binary "$BODY" "$URL" 2> /dev/null || true)"
    [[ "$code" == 200 ]] && break
    (($(date +%s%N) - t0 > 30000000000)) && die "$target did not answer within 30 s"
    sleep 0.005
  done
  t1="$(date +%s%N)"
  STARTUP_MS=$(((t1 - t0) / 1000000))
  # CPU the process used until then: on a shared machine the wall time above depends on how much
  # CPU the process got; this part does not.
  STARTUP_CPU_MS="$(awk -v c="$(cpu_seconds "$([[ "$target" == jetway ]] && echo "$JETWAY_PID" || echo "$PORTKEY_PID")")" \
    'BEGIN { printf "%.0f", c * 1000 }')"
}

start_jetway_nowait() {
  local jar
  jar="$(bench_jar)"
  # As ./jetway serve: the jar's AOT cache when it is current (fingerprint check included in the time).
  jetway_aot_opts "${JAVA%/bin/java}" "$jar"
  jetway_jvm_opts
  HOST=127.0.0.1 PORT="$JETWAY_PORT" TRUSTED_CUSTOM_HOSTS=127.0.0.1 \
    "$JAVA" ${JETWAY_AOT_OPTS[@]+"${JETWAY_AOT_OPTS[@]}"} ${JETWAY_JVM_OPTS[@]+"${JETWAY_JVM_OPTS[@]}"} -jar "$jar" \
    > "$RUN_DIR/jetway-startup.log" 2>&1 &
  JETWAY_PID=$!
}

start_portkey_nowait() {
  (cd "$BENCH_DIR/portkey" && TRUSTED_CUSTOM_HOSTS=127.0.0.1 exec node \
    node_modules/@portkey-ai/gateway/build/start-server.js --port="$PORTKEY_PORT" --headless \
    > "$RUN_DIR/portkey-startup.log" 2>&1) &
  PORTKEY_PID=$!
}

for target in jetway portkey; do
  [[ " $TARGETS " == *" $target "* ]] || continue
  for i in 1 2 3; do
    startup_ms "$target"
    echo "STARTUP target=$target try=$i ms=$STARTUP_MS cpu_ms=$STARTUP_CPU_MS" | tee -a "$RESULTS" >&2
    if [[ "$target" == jetway ]]; then stop_pid "$JETWAY_PID"; JETWAY_PID=""; else stop_pid "$PORTKEY_PID"; PORTKEY_PID=""; fi
  done
done

# ----------------------------------------------------------------------------- the runs
[[ " $TARGETS " == *" nginx "* ]] && start_nginx_proxy
[[ " $TARGETS " == *" jetway "* ]] && start_jetway
[[ " $TARGETS " == *" portkey "* ]] && { start_portkey; echo "META portkey=$(portkey_version)" >> "$RESULTS"; }

# A scenario runs on a gateway only if the gateway serves it (probe: one request, status 200).
declare -A SUPPORTED
for scenario in $SCENARIOS; do
  for target in $TARGETS; do
    code="$(probe "$target" "$scenario")"
    if [[ "$code" == 200 ]]; then
      SUPPORTED["$target/$scenario"]=1
    else
      reason="status $code"
      [[ "$target" == jetway && "$scenario" == ant-* ]] && grep -q "Unknown provider" "$RUN_DIR/probe.out" \
        && reason="provider not built"
      echo "NA target=$target scenario=$scenario reason=$(echo "$reason" | tr ' ' '_')" | tee -a "$RESULTS" >&2
    fi
  done
done

# Steady state: both gateways compile their hot code at run time (HotSpot's JIT, V8's), so each gets
# WARMUP seconds of load on every scenario it serves before anything is measured (wrk c=16, results
# discarded). Without it the first runs measure the compiler as much as the gateway.
for scenario in $SCENARIOS; do
  for target in jetway portkey; do
    [[ -n "${SUPPORTED[$target/$scenario]:-}" ]] || continue
    log "warm-up: $target $scenario ${WARMUP}s"
    measure 0 "$target" "$scenario" warmup
  done
done

for repeat in $(seq 1 "$REPEATS"); do
  for scenario in $SCENARIOS; do
    for target in $TARGETS; do
      [[ -n "${SUPPORTED[$target/$scenario]:-}" ]] || continue
      measure "$repeat" "$target" "$scenario" warm
      for load in c1 c16 c64 "r$OPEN_RATE"; do
        measure "$repeat" "$target" "$scenario" "$load"
      done
    done
  done
done

for target in nginx jetway portkey; do
  pid="$(target_pid "$target")"
  [[ -n "$pid" ]] && echo "RSS target=$target peak_mb=$(peak_rss_mb "$pid") now_mb=$(rss_mb "$pid")" | tee -a "$RESULTS" >&2
done
echo "META load_after=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')" >> "$RESULTS"

"$JAVA" -cp "$OUT_DIR/loadgen" Report "$RESULTS" | tee "$RUN_DIR/report.md"
log "results: $RESULTS"
