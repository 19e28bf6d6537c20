#!/usr/bin/env bash
# Functional checks of the spike's prototypes (bench/spike/run.sh measures them; this checks that
# what is measured is a correct relay), against DripUpstream.java, an upstream that streams slowly:
#   - JSON: 200 and the answer's marker;
#   - a stream arrives as it is sent: its 5 events, 300 ms apart upstream, reach the client spread
#     over more than 1 s (a proxy that buffered the stream would deliver them together), [DONE] last;
#   - two requests on one keep-alive connection;
#   - 404 with a JSON error for another path;
#   - 502 with a JSON error when the upstream does not listen.
#
#   bench/spike/check.sh [--no-build] [servers…]     (default: all six)
# Prints one line per check and "N passed, N failed"; exits non-zero on a failure.
set -euo pipefail
SPIKE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$SPIKE_DIR/../lib.sh"

BUILD=1
if [[ "${1:-}" == --no-build ]]; then BUILD=0; shift; fi
SERVERS="${*:-helidon helidon-socket helidon-async platform virtual netty}"
DRIP_PORT="${DRIP_PORT:-18797}"
DEAD_PORT="${DEAD_PORT:-18798}"   # nothing may listen there
PORT="${SPIKE_CHECK_PORT:-18799}"

JAVA_HOME="$(java_home)"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
if ((BUILD)); then
  (cd "$REPO_DIR" && mvn -B -q --no-transfer-progress package -pl gateway -am -DskipTests)
  (cd "$REPO_DIR" && mvn -B -q --no-transfer-progress -f bench/spike/pom.xml package -DskipTests)
fi
CP="$SPIKE_DIR/target/jetway-bench-spike-0.1.0-SNAPSHOT.jar:$SPIKE_DIR/target/libs/*:$REPO_DIR/gateway/target/jetway-gateway-0.1.0-SNAPSHOT.jar"
LOG_DIR="$OUT_DIR/spike-check"
mkdir -p "$LOG_DIR"
(echo > "/dev/tcp/127.0.0.1/$DEAD_PORT") 2> /dev/null && die "something listens on $DEAD_PORT (DEAD_PORT must be free)"

DRIP_PID="" SERVER_PID=""
trap 'stop_pid "$SERVER_PID"; stop_pid "$DRIP_PID"' EXIT
"$JAVA" "$SPIKE_DIR/DripUpstream.java" "$DRIP_PORT" > "$LOG_DIR/drip.log" 2>&1 &
DRIP_PID=$!
wait_port "$DRIP_PORT"

PASSED=0 FAILED=0
result() { # ok name detail
  if [[ "$1" == 1 ]]; then PASSED=$((PASSED + 1)); echo "pass  $2"; else FAILED=$((FAILED + 1)); echo "FAIL  $2: $3"; fi
}

start_server() { # server upstream-port
  "$JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx256m -cp "$CP" io.jetway.bench.spike.SpikeServer \
    "$1" "$PORT" "http://127.0.0.1:$2" > "$LOG_DIR/$1.log" 2>&1 &
  SERVER_PID=$!
  wait_port "$PORT" 60
}

BODY='{"model":"m","messages":[{"role":"user","content":"hi"}]}'
post() { # path [curl args…]
  local path="$1"
  shift
  curl -s -H 'content-type: application/json' --data-binary "$BODY" "$@" "http://127.0.0.1:$PORT$path"
}

for server in $SERVERS; do
  start_server "$server" "$DRIP_PORT"
  out="$(post /v1/chat/completions -w ' %{http_code}')"
  result "$([[ "$out" == *'"chat.completion"'*' 200' ]] && echo 1 || echo 0)" "$server: JSON relayed" "$out"

  post /sse/v1/chat/completions > /dev/null # warm: class loading is not the point
  t0="$(date +%s%N)"
  post /sse/v1/chat/completions -N | while IFS= read -r line; do
    if [[ "$line" == data:* ]]; then echo "$((($(date +%s%N) - t0) / 1000000)) $line"; fi
  done > "$LOG_DIR/$server.events"
  events="$(grep -c 'data:' "$LOG_DIR/$server.events" || true)"
  first="$(head -1 "$LOG_DIR/$server.events" | cut -d' ' -f1)"
  last="$(tail -1 "$LOG_DIR/$server.events" | cut -d' ' -f1)"
  ok=0
  [[ "$events" == 6 && "$(tail -1 "$LOG_DIR/$server.events")" == *'[DONE]' ]] && ((last - first >= 1000)) && ok=1
  result "$ok" "$server: stream relayed as it arrives (first event at ${first:-?} ms, last at ${last:-?} ms)" \
    "$events events: $(tr '\n' ' ' < "$LOG_DIR/$server.events")"

  out="$(post /v1/chat/completions -o /dev/null -o /dev/null -w '%{http_code}/%{num_connects} ' \
    "http://127.0.0.1:$PORT/v1/chat/completions")"
  result "$([[ "$out" == "200/1 200/0 " ]] && echo 1 || echo 0)" "$server: keep-alive (two requests, one connection)" "$out"

  out="$(curl -s -w ' %{http_code}' "http://127.0.0.1:$PORT/nope")"
  result "$([[ "$out" == *'"error"'*' 404' ]] && echo 1 || echo 0)" "$server: 404 with a JSON error" "$out"
  stop_pid "$SERVER_PID"

  start_server "$server" "$DEAD_PORT"
  out="$(post /v1/chat/completions -w ' %{http_code}')"
  result "$([[ "$out" == *'"error"'*' 502' ]] && echo 1 || echo 0)" "$server: 502 with a JSON error when the upstream is down" "$out"
  stop_pid "$SERVER_PID"
  SERVER_PID=""
done
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
