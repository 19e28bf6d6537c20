#!/usr/bin/env bash
# The console's page and data-call times with a full request log (bench/console/ConsoleBench.java).
# Usage: bench/console.sh [rows=100000] [repeats=30]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
JAVA_HOME="$(./jetway java-home)"
export JAVA_HOME
jar=$(ls gateway/target/jetway-gateway-*-SNAPSHOT.jar 2>/dev/null | grep -v tests | head -n1 || true)
if [[ -z "$jar" || ! -d gateway/target/libs || -n "$(find gateway/src openapi -newer "$jar" -type f | head -n1)" ]]; then
  echo "console bench: building the gateway" >&2
  nice -n 10 mvn -B -q -pl gateway -am package -DskipTests -Dmaven.javadoc.skip=true
  jar=$(ls gateway/target/jetway-gateway-*-SNAPSHOT.jar | grep -v tests | head -n1)
fi
exec "$JAVA_HOME/bin/java" -Xlog:disable -cp "$jar:gateway/target/libs/*" \
  bench/console/ConsoleBench.java "$@"
