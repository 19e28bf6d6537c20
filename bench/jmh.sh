#!/usr/bin/env bash
# Builds and runs the JMH benchmarks of the hot code with the GC profiler (allocation per op),
# then prints a markdown table (ns/op, B/op). Never part of the tests or CI.
#
#   bench/jmh.sh [JMH args...]      e.g. bench/jmh.sh OpenAiBench   or   bench/jmh.sh -f 2 -i 10
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JAVA_HOME="$(java_home)"
export JAVA_HOME
log "building bench/jmh (mvn package -pl bench/jmh -am)"
(cd "$REPO_DIR" && mvn -B -q --no-transfer-progress package -pl bench/jmh -am -DskipTests)

CSV="$OUT_DIR/jmh-$(date -u +%Y%m%d-%H%M%S).csv"
"$JAVA_HOME/bin/java" -cp "$REPO_DIR/bench/jmh/target/classes:$REPO_DIR/bench/jmh/target/libs/*" \
  org.openjdk.jmh.Main -prof gc -rf csv -rff "$CSV" "$@" >&2

# CSV rows: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
echo "| benchmark | ns/op | ± (99.9%) | B/op |"
echo "|---|---:|---:|---:|"
awk -F',' '
  NR > 1 {
    gsub(/"/, "", $1); name = $1; sub(/^io\.jetway\.bench\./, "", name)
    if (name ~ /:gc\.alloc\.rate\.norm$/) { sub(/:gc\.alloc\.rate\.norm$/, "", name); bytes[name] = $5 }
    else if (name !~ /:/) { order[++n] = name; score[name] = $5; err[name] = $6 }
  }
  END { for (i = 1; i <= n; i++) { k = order[i]; printf "| %s | %.0f | %.0f | %.0f |\n", k, score[k], err[k], bytes[k] } }
' "$CSV"
log "raw results: $CSV"
