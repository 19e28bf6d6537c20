#!/usr/bin/env bash
# A bounded mix of good, bad and faulty traffic against Jetway (./jetway serve's defaults, a gateway
# key configured): shows whether any good request is lost and whether RSS, file descriptors and
# threads stay flat. See bench/mix/FaultMix.java for the traffic; bench/README.md for results.
#
#   bench/mix.sh [seconds, default 60] [good req/s, default 200]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export PATH="$PATH:/usr/sbin"

SECS="${1:-60}"
GOOD_RATE="${2:-200}"
JAVA="$(java_home)/bin/java"
API_KEY="mix-gateway-key-$$"

mkdir -p "$OUT_DIR/mix"
"$(java_home)/bin/javac" -d "$OUT_DIR/mix" "$BENCH_DIR/mix/FaultMix.java"

UPSTREAM_PID="" JETWAY_PID=""
trap 'stop_pid "$JETWAY_PID"; stop_pid "$UPSTREAM_PID"' EXIT
start_upstream
JETWAY_API_KEYS="$API_KEY" start_jetway
LOG="$OUT_DIR/mix-$(date -u +%Y%m%d-%H%M%S).md"
log "mix: $SECS s against jetway pid $JETWAY_PID (report: $LOG)"
"$JAVA" -XX:+UseSerialGC -cp "$OUT_DIR/mix" FaultMix --gateway "http://127.0.0.1:$JETWAY_PORT" \
  --upstream "http://127.0.0.1:$UPSTREAM_PORT/v1" --pid "$JETWAY_PID" --api-key "$API_KEY" \
  --seconds "$SECS" --good-rate "$GOOD_RATE" | tee "$LOG"
