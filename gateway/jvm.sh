# The gateway's default JVM options, chosen from the machine it starts on. Sourced by ./jetway and
# bench/lib.sh, so that users and the benchmark start the gateway with the same settings.
# shellcheck shell=bash
#
# Why these (measured in bench/README.md, "JVM defaults"): a gateway's live set is small (a few tens
# of MB: connection pools, caches of stored keys, the JIT's code) and nearly everything a request
# allocates dies before the request ends, but the heap must have room for the in-process response
# cache and for large bodies when they come. So:
#   - collector: G1 with a lenient time goal (-XX:GCTimeRatio=4: up to 20% of time in GC before it
#     grows the heap), so the heap grows only when the live data needs it: at c=64 on 2 cores, peak
#     RSS 318 MB with a 512 MB ceiling, against 405 MB for the serial collector (which grows its old
#     generation with every promotion up to the ceiling) and ~1 GB for the JVM's own defaults; GC
#     threads bounded by the cores (one concurrent thread up to 4 cores);
#   - heap ceiling: the in-process response cache's bound (JETWAY_CACHE_MAX_BYTES, unless
#     JETWAY_REDIS_URL moves it to Redis) + 256 MB for requests in flight, never more than half the
#     memory the machine (or its container) has; the heap starts at 64 MB and grows only with use;
#   - glibc: at most 2 malloc arenas (MALLOC_ARENA_MAX, exported by the caller), so the JIT
#     compiler's freed scratch memory is reused instead of kept per thread.
# Machine facts come from the cgroup (containers: cpu.max, memory.max) before the host's.
#
# Every default gives way to the same kind of option in JETWAY_JAVA_OPTS: a collector there replaces
# the collector and its settings, -Xmx (or -XX:MaxRAMPercentage) the ceiling, -Xms the initial heap
# (a fixed young generation, -Xmn, drops it too). JETWAY_JVM_DEFAULTS=off keeps only JETWAY_JAVA_OPTS.

# Prints the number of CPUs this process may use: the cgroup's quota (rounded up), else nproc.
jetway_machine_cores() {
  local cores quota period
  cores="$(nproc 2> /dev/null || echo 1)"
  if [[ -r /sys/fs/cgroup/cpu.max ]]; then
    read -r quota period < /sys/fs/cgroup/cpu.max || true
  elif [[ -r /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]]; then
    quota="$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us)"
    period="$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us 2> /dev/null || echo 100000)"
  fi
  if [[ "${quota:-max}" =~ ^[0-9]+$ && "${period:-0}" =~ ^[0-9]+$ && "$quota" -gt 0 && "$period" -gt 0 ]]; then
    local limit=$(((quota + period - 1) / period))
    ((limit < cores)) && cores="$limit"
  fi
  echo "$cores"
}

# Prints the memory this process may use, in MB: the cgroup's limit, else the machine's total.
jetway_machine_memory_mb() {
  local total limit=""
  total="$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo 2> /dev/null)"
  [[ -n "$total" ]] || total=1024
  if [[ -r /sys/fs/cgroup/memory.max ]]; then
    limit="$(cat /sys/fs/cgroup/memory.max)"
  elif [[ -r /sys/fs/cgroup/memory/memory.limit_in_bytes ]]; then
    limit="$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"
  fi
  if [[ "$limit" =~ ^[0-9]+$ ]] && ((limit / 1048576 < total)); then
    total=$((limit / 1048576))
  fi
  echo "$total"
}

# Sets the array JETWAY_DEFAULT_OPTS to the default options for this machine, leaving out each kind
# of option that JETWAY_JAVA_OPTS already sets (see above).
jetway_jvm_defaults() {
  JETWAY_DEFAULT_OPTS=()
  [[ "${JETWAY_JVM_DEFAULTS:-on}" == off ]] && return 0
  local user=" ${JETWAY_JAVA_OPTS:-} " cores mem
  cores="$(jetway_machine_cores)"
  mem="$(jetway_machine_memory_mb)"

  if [[ "$user" != *" -XX:+Use"*"GC "* ]]; then
    JETWAY_DEFAULT_OPTS+=(-XX:+UseG1GC -XX:GCTimeRatio=4 "-XX:ParallelGCThreads=$((cores < 8 ? cores : 8))"
      "-XX:ConcGCThreads=$((cores < 8 ? 1 : cores / 8 + 1))")
  fi

  # Ceiling: the cache's bound (when it is in process) + 256 MB for requests in flight, at most half
  # the memory, at least 128 MB.
  local cache_mb=0 ceiling
  if [[ -z "${JETWAY_REDIS_URL:-}" ]]; then
    cache_mb=$(((${JETWAY_CACHE_MAX_BYTES:-268435456} + 1048575) / 1048576))
  fi
  ceiling=$((cache_mb + 256))
  ((ceiling > mem / 2)) && ceiling=$((mem / 2))
  ((ceiling < 128)) && ceiling=128
  if [[ "$user" != *" -Xmx"* && "$user" != *"MaxRAMPercentage="* && "$user" != *"-XX:MaxRAM="* ]]; then
    JETWAY_DEFAULT_OPTS+=("-Xmx${ceiling}m")
  fi
  # -Xms only when the young generation is not fixed: an initial heap not above -Xmn makes the JVM
  # refuse the AOT cache at start (JDK 25).
  if [[ "$user" != *" -Xms"* && "$user" != *"InitialRAMPercentage="* && "$user" != *" -Xmn"* \
    && "$user" != *"-XX:NewSize="* ]]; then
    JETWAY_DEFAULT_OPTS+=(-Xms64m)
  fi
}

# Sets the array JETWAY_JVM_OPTS to every option the gateway starts with after its AOT cache's: the
# defaults, then JETWAY_JAVA_OPTS (word-split); exports MALLOC_ARENA_MAX (2 unless already set).
# ./jetway serve and the benchmark both start the gateway with these.
jetway_jvm_opts() {
  jetway_jvm_defaults
  # shellcheck disable=SC2206  # JETWAY_JAVA_OPTS is word-split on purpose
  JETWAY_JVM_OPTS=(${JETWAY_DEFAULT_OPTS[@]+"${JETWAY_DEFAULT_OPTS[@]}"} ${JETWAY_JAVA_OPTS:-})
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
}
