#!/usr/bin/env bash
# Installs what the benchmark needs and builds what it runs. Idempotent: installs only what is
# missing. See bench/README.md.
#   wrk, nginx      Debian packages (apt-get; needs root or sudo)
#   Portkey         npm install of bench/portkey (its package.json pins @portkey-ai/gateway and,
#                   via "overrides", @hono/node-server 1.13.5)
#   Jetway          mvn package of the gateway (never mvn install), then its AOT cache (JDK 25+)
#   JMH benchmarks  mvn package of bench/jmh (only with --jmh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SUDO=""
if [[ "$(id -u)" -ne 0 ]] && command -v sudo > /dev/null 2>&1; then
  SUDO="sudo"
fi

missing=()
command -v wrk > /dev/null 2>&1 || missing+=(wrk)
command -v nginx > /dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
command -v node > /dev/null 2>&1 || missing+=(nodejs)
command -v npm > /dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]} > 0)); then
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
export PATH="$PATH:/usr/sbin"

if [[ ! -f "$BENCH_DIR/portkey/node_modules/@portkey-ai/gateway/build/start-server.js" ]]; then
  log "npm ci (Portkey's gateway)"
  (cd "$BENCH_DIR/portkey" && npm ci --no-audit --no-fund)
fi

JAVA_HOME="$(java_home)"
export JAVA_HOME
log "building the gateway jar (mvn package -pl gateway -am)"
(cd "$REPO_DIR" && mvn -B -q --no-transfer-progress package -pl gateway -am -DskipTests)
log "gateway jar: $(gateway_jar)"
# The jar's AOT cache (JDK 25+), trained as ./jetway build trains it, with the benchmark's JVM options.
if jetway_aot_supported "$JAVA_HOME" && ! jetway_aot_current "$JAVA_HOME" "$(gateway_jar)"; then
  log "training the gateway's AOT cache (~20 s)"
  jetway_aot_train "$JAVA_HOME" "$(gateway_jar)" || log "no AOT cache: Jetway starts without it"
fi

if [[ "${1:-}" == "--jmh" ]]; then
  log "building the JMH benchmarks (mvn package -pl bench/jmh -am)"
  (cd "$REPO_DIR" && mvn -B -q --no-transfer-progress package -pl bench/jmh -am -DskipTests)
fi

# The load generator, compiled once (java LoadGen.java would compile on every start).
mkdir -p "$OUT_DIR/loadgen"
"$JAVA_HOME/bin/javac" -d "$OUT_DIR/loadgen" "$BENCH_DIR/loadgen/LoadGen.java"
"$JAVA_HOME/bin/javac" -d "$OUT_DIR/loadgen" "$BENCH_DIR/Report.java"
log "ready"
