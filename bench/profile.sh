#!/usr/bin/env bash
# Profiles Jetway under load and prints where its CPU goes: the share of samples under each part of
# a request's path (inclusive) and the hottest frames (top of stack).
#
#   bench/profile.sh [oai-json|oai-sse|ant-json|ant-sse] [concurrency] [seconds]
#   PROFILER=async bench/profile.sh ...    # async-profiler instead of JFR (recommended)
#
# JFR (default) samples Java frames only. async-profiler (tools.profiler:async-profiler from Maven
# Central, attached with jcmd after the warm-up; CPU time by itimer, as perf events are not
# available on every VM) also sees time in system calls, the JIT compiler, the GC and the JDK's
# scheduler threads: it is what found the upstream client's thread hand-offs and timer wake-ups
# (bench/README.md). WARMUP (seconds, default 30) of load runs before the profile.
#
# Output: bench/out/profile-<scenario>.jfr or .collapsed (folded stacks, for flame graph tools)
# and a text summary on stdout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export PATH="$PATH:/usr/sbin"

SCENARIO="${1:-oai-json}"
CONC="${2:-16}"
SECS="${3:-20}"
PROFILER="${PROFILER:-jfr}"
WARMUP="${WARMUP:-30}"
JFR_FILE="$OUT_DIR/profile-$SCENARIO.jfr"
JAVA_BIN="$(java_home)/bin"
AP_VERSION=4.2

UPSTREAM_PID="" JETWAY_PID=""
trap 'stop_pid "$JETWAY_PID"; stop_pid "$UPSTREAM_PID"' EXIT

start_upstream
if [[ "$PROFILER" == jfr ]]; then
  JETWAY_EXTRA_OPTS="-XX:StartFlightRecording=filename=$JFR_FILE,settings=profile,dumponexit=true" start_jetway
else
  AP_LIB="$OUT_DIR/async-profiler-$AP_VERSION/linux-x64/libasyncProfiler.so"
  if [[ ! -f "$AP_LIB" ]]; then
    log "fetching async-profiler $AP_VERSION from Maven Central"
    mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$AP_VERSION" > /dev/null
    (mkdir -p "$OUT_DIR/async-profiler-$AP_VERSION" && cd "$OUT_DIR/async-profiler-$AP_VERSION" \
      && unzip -q -o "$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar")
  fi
  start_jetway
fi

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
log "warm-up (${WARMUP}s)"
run_wrk "${WARMUP}s" > /dev/null
COLLAPSED="$OUT_DIR/profile-$SCENARIO.collapsed"
if [[ "$PROFILER" == async ]]; then
  # jcmd splits agent options at commas unless they are quoted once more.
  "$JAVA_BIN/jcmd" "$JETWAY_PID" JVMTI.agent_load "$AP_LIB" '"start,event=itimer,interval=500us"' > /dev/null
fi
log "profiling $SCENARIO at c=$CONC for ${SECS}s"
cpu0="$(cpu_seconds "$JETWAY_PID")"
run_wrk "${SECS}s"
cpu1="$(cpu_seconds "$JETWAY_PID")"
echo "gateway CPU during the profiled run: $(awk -v a="$cpu0" -v b="$cpu1" -v s="$SECS" 'BEGIN { printf "%.2f cores", (b - a) / s }')"
if [[ "$PROFILER" == async ]]; then
  "$JAVA_BIN/jcmd" "$JETWAY_PID" JVMTI.agent_load "$AP_LIB" "\"stop,file=$COLLAPSED,collapsed\"" > /dev/null
fi
stop_pid "$JETWAY_PID"
JETWAY_PID=""

if [[ "$PROFILER" == async ]]; then
  # Folded stacks: "frame;frame;...;leaf count". Each sample goes to the first part of the path
  # its stack contains, in this order (so a request's own work is not counted twice).
  awk '
    BEGIN {
      np = split("JIT compiler=CompileBroker|GC=VMThread::|request log (SQLite)=RequestLog.drain|" \
        "server: request head=ConnectionInput.readHead|" \
        "request JSON parse=ObjectMapper._readMapAndClose|request validation=RequestParser.validate|" \
        "upstream client=/upstream/|stream SSE decoding=SseDecoder|response writing=ResponseWriter|" \
        "provider mapping=/provider/|metrics, traces, log entry=/observability/|pipeline=io/jetway/gateway/pipeline|" \
        "endpoint=ChatCompletionsEndpoint|server (rest)=io/jetway/gateway/server/http/|I/O pollers=Poller|" \
        "virtual thread scheduling=ForkJoin|virtual thread scheduling=VirtualThread|JDK timers=DelayScheduler", part, "|")
    }
    {
      count = $NF; stack = $0; sub(/ [0-9]+$/, "", stack); total += count
      n = split(stack, frames, ";"); leaf[frames[n]] += count
      for (i = 1; i <= np; i++) {
        split(part[i], kv, "="); if (index(stack, kv[2]) > 0) { share[kv[1]] += count; next }
      }
      share["other"] += count
    }
    END {
      printf "%d samples\n\nshare of CPU by part of the path:\n", total
      cmd = "sort -rn"
      for (k in share) printf "  %5.1f%%  %s\n", 100 * share[k] / total, k | cmd
      close(cmd)
      printf "\nhottest frames (self):\n"
      cmd = "sort -rn | head -25"
      for (k in leaf) printf "  %5.1f%%  %s\n", 100 * leaf[k] / total, k | cmd
      close(cmd)
    }
  ' "$COLLAPSED"
  exit 0
fi

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
