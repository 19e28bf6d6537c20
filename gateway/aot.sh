# The gateway's AOT cache (JDK 25+: JEP 483, 514, 515). Sourced by ./jetway and bench/lib.sh, so that
# users and the benchmark start the gateway the same way.
# shellcheck shell=bash
#
# A training run (io.jetway.gateway.AotTraining: the gateway started as by Main, on a free loopback
# port with a temporary SQLite store, serving OpenAI- and Anthropic-shaped requests, JSON and streams,
# from a fake upstream in the same JVM; no network) is run once per build with
# -XX:AOTCacheOutput. The JVM writes what the run loaded and linked, and the method profiles, to
# <jar without .jar>.aot next to the jar; later starts with -XX:AOTCache=that file begin with those
# classes already loaded and linked.
#
# <jar>.aot.id holds the fingerprint of what the cache was trained on: the JDK (its release file) and
# the bytes of the jar and of every jar in libs/ beside it. A cache is used only while that still
# matches. The JVM checks the JDK and its own options itself, but JDK 25.0.3 does not notice a
# rebuilt jar (JDK-8377932, fixed in 25.0.4): it would run the classes of the old build.
#
# Beside the cache, <jar>.aot.native/ holds the SQLite JDBC driver's native library for this OS and
# architecture, extracted from the driver jar on the jar's class path: the driver otherwise extracts
# it to a temporary file, and compares the two byte by byte, at every start (~100 ms of CPU). The
# driver loads it from there (-Dorg.sqlite.lib.path) and falls back to its own extraction if it
# cannot.
#
# JETWAY_AOT=off: no cache is made or used.
#
# The cache is trained with the JVM options the gateway then starts with (gateway/jvm.sh: the
# machine's defaults, then JETWAY_JAVA_OPTS): a cache made with another collector is refused.

source "$(dirname "${BASH_SOURCE[0]}")/jvm.sh"

# The cache file of a jar.
jetway_aot_file() {
  echo "${1%.jar}.aot"
}

# Succeeds if JDK $1 makes and uses AOT caches from one training run (JDK 25 and later).
jetway_aot_supported() {
  local major
  major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2> /dev/null)"
  [[ "${JETWAY_AOT:-on}" != off && -n "$major" && "$major" -ge 25 ]]
}

# Prints the fingerprint of JDK $1 and jar $2 with the jars in its libs/: CRCs of their bytes (~15 ms),
# and their names, not their paths (it holds for a copy of the jar and libs/ elsewhere).
jetway_aot_fingerprint() {
  local java_home="$1" jar="$2"
  (
    cat "$java_home/release" 2> /dev/null
    cd "$(dirname "$jar")" && LC_ALL=C && ls libs 2> /dev/null && cksum "$(basename "$jar")" libs/*.jar 2> /dev/null \
      | cut -d' ' -f1,2
  ) | cksum
}

# Succeeds if jar $2 has a cache trained on it, and on JDK $1.
jetway_aot_current() {
  local cache
  cache="$(jetway_aot_file "$2")"
  [[ -s "$cache" && -f "$cache.id" ]] && [[ "$(cat "$cache.id")" == "$(jetway_aot_fingerprint "$1" "$2")" ]]
}

# The directory of the SQLite driver's native library extracted beside the cache of a jar.
jetway_aot_native_dir() {
  echo "${1%.jar}.aot.native"
}

# Extracts the native library of the SQLite driver on jar $2's class path (its manifest's Class-Path,
# not whatever else is in libs/) for this OS and architecture (the driver's own OSInfo decides, as
# at run time) into jetway_aot_native_dir, with JDK $1. Nothing when there is no such driver.
jetway_aot_extract_sqlite() {
  local java_home="$1" jar dir tmp driver folder
  jar="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
  dir="$(jetway_aot_native_dir "$jar")"
  rm -rf "$dir"
  tmp="$(mktemp -d)"
  driver="$(cd "$tmp" && "$java_home/bin/jar" xf "$jar" META-INF/MANIFEST.MF 2> /dev/null \
    && tr -d '\r' < META-INF/MANIFEST.MF | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g' \
    | sed -n 's/^Class-Path: //p' | tr ' ' '\n' | grep -m1 '^libs/sqlite-jdbc-[^/]*\.jar$')" || true
  driver="$(dirname "$jar")/$driver"
  if [[ -f "$driver" ]] && folder="$("$java_home/bin/java" -cp "$driver" org.sqlite.util.OSInfo 2> /dev/null)" \
    && [[ "$folder" =~ ^[A-Za-z0-9_./-]+$ ]] \
    && (cd "$tmp" && "$java_home/bin/jar" xf "$driver" "org/sqlite/native/$folder/") 2> /dev/null \
    && [[ -n "$(ls -A "$tmp/org/sqlite/native/$folder" 2> /dev/null)" ]]; then
    mkdir -p "$dir"
    cp "$tmp/org/sqlite/native/$folder"/* "$dir/"
  fi
  rm -rf "$tmp"
}

# Sets the array JETWAY_AOT_OPTS to the JVM options that start jar $2 on JDK $1 with its cache (and
# the SQLite driver's library beside it), or to none when it has no current cache. -Xlog:aot*=off: a
# cache the JVM refuses (other JVM options, e.g. ZGC or a heap over 32 GB) is skipped without a word,
# and the gateway starts as it would without it.
jetway_aot_opts() {
  JETWAY_AOT_OPTS=()
  if jetway_aot_supported "$1" && jetway_aot_current "$1" "$2"; then
    JETWAY_AOT_OPTS=("-XX:AOTCache=$(jetway_aot_file "$2")" "-Xlog:aot*=off")
    local native
    native="$(jetway_aot_native_dir "$2")"
    if [[ -n "$(ls -A "$native" 2> /dev/null)" ]]; then
      JETWAY_AOT_OPTS+=("-Dorg.sqlite.lib.path=$native")
    fi
  fi
}

# Trains the cache of jar $2 with JDK $1 and the gateway's JVM options (jetway_jvm_defaults, then
# $JETWAY_JAVA_OPTS) (~20 s). Quiet
# unless it fails (then it prints the end of its log, <jar>.aot.log, and returns 1).
jetway_aot_train() {
  local java_home="$1" jar cache tmp
  jar="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
  cache="$(jetway_aot_file "$jar")"
  tmp="$cache.tmp"
  jetway_aot_supported "$java_home" || return 1
  rm -f "$cache" "$cache.id" "$tmp" "$tmp.config"
  rm -rf "$(jetway_aot_native_dir "$jar")"
  jetway_jvm_opts
  if (cd "$(dirname "$jar")" && exec "$java_home/bin/java" ${JETWAY_JVM_OPTS[@]+"${JETWAY_JVM_OPTS[@]}"} \
    -XX:AOTCacheOutput="$tmp" \
    -cp "$jar" io.jetway.gateway.AotTraining < /dev/null) > "$cache.log" 2>&1 && [[ -s "$tmp" ]]; then
    mv "$tmp" "$cache"
    jetway_aot_extract_sqlite "$java_home" "$jar"
    jetway_aot_fingerprint "$java_home" "$jar" > "$cache.id"
    return 0
  fi
  rm -f "$tmp" "$tmp.config"
  echo "jetway: the AOT training run failed (the gateway starts without the cache); end of $cache.log:" >&2
  tail -n 20 "$cache.log" >&2
  return 1
}
