# Shared functions of the benchmark scripts (sourced, not run). See bench/README.md.
# shellcheck shell=bash

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
OUT_DIR="${OUT_DIR:-$BENCH_DIR/out}"
mkdir -p "$OUT_DIR"

UPSTREAM_PORT="${UPSTREAM_PORT:-18080}"
JETWAY_PORT="${JETWAY_PORT:-18787}"
PORTKEY_PORT="${PORTKEY_PORT:-18788}"
NGINX_PROXY_PORT="${NGINX_PROXY_PORT:-18789}"

# Jetway runs with the JVM options ./jetway serve uses (gateway/jvm.sh: chosen from the machine),
# plus JETWAY_JAVA_OPTS when set (a tuned variant beside the defaults; empty by default).
JETWAY_JAVA_OPTS="${JETWAY_JAVA_OPTS:-}"

# The gateway's AOT cache, used the way ./jetway serve uses it (jetway_aot_opts, jetway_aot_train).
source "$REPO_DIR/gateway/aot.sh"

log() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }

java_home() {
  "$REPO_DIR/jetway" java-home
}

gateway_jar() {
  local jar
  for jar in "$REPO_DIR"/gateway/target/jetway-gateway-*.jar; do
    case "$jar" in *-sources.jar | *-tests.jar | *-javadoc.jar) continue ;; esac
    [[ -f "$jar" ]] && { echo "$jar"; return 0; }
  done
  return 1
}

# Waits until a TCP port accepts connections (max ~10 s, or the seconds given).
wait_port() {
  local port="$1" i
  for i in $(seq 1 $((${2:-10} * 100))); do
    if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.01
  done
  die "nothing listens on 127.0.0.1:$port"
}

# ----------------------------------------------------------------------------- upstream (nginx)

# Writes nginx.conf serving the four fixed answers as static files (no sleeps, no proxying, no
# scripting):
#   /v1/chat/completions      OpenAI chat.completion JSON
#   /sse/v1/chat/completions  OpenAI SSE, 20 chunks + [DONE]
#   /v1/messages              Anthropic message JSON
#   /sse/v1/messages          Anthropic SSE, message_start … message_stop
# The path prefix selects the answer, so a gateway's custom host (http://127.0.0.1:PORT/v1 or
# …/sse/v1) decides whether it gets JSON or a stream. nginx's static handler refuses POST with
# 405; `error_page 405 =200 $uri` turns that into the file with status 200 (an internal redirect,
# a few microseconds). Answers go out with Content-Length in one write: the upstream is never the
# slow part, and a gateway gets a whole stream at once.
write_nginx_conf() {
  local dir="$1"
  mkdir -p "$dir/logs" "$dir/www/v1/chat" "$dir/www/sse/v1/chat"
  cp "$BENCH_DIR/upstream/openai.json" "$dir/www/v1/chat/completions"
  cp "$BENCH_DIR/upstream/openai.sse" "$dir/www/sse/v1/chat/completions"
  cp "$BENCH_DIR/upstream/anthropic.json" "$dir/www/v1/messages"
  cp "$BENCH_DIR/upstream/anthropic.sse" "$dir/www/sse/v1/messages"
  cat > "$dir/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  open_file_cache max=16 inactive=1h;
  open_file_cache_valid 1h;
  etag off;
  client_body_buffer_size 64k;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$UPSTREAM_PORT;
    root $dir/www;
    error_page 405 =200 \$uri;
    location /v1/ { default_type application/json; }
    location /sse/ { default_type text/event-stream; }
  }
}
EOF
}

start_upstream() {
  local dir="$OUT_DIR/nginx"
  write_nginx_conf "$dir"
  nginx -p "$dir" -c "$dir/nginx.conf" > "$dir/logs/stdout.log" 2>&1 &
  UPSTREAM_PID=$!
  wait_port "$UPSTREAM_PORT"
  log "upstream (nginx) pid $UPSTREAM_PID on 127.0.0.1:$UPSTREAM_PORT"
}

# ----------------------------------------------------------------------------- nginx as a reverse proxy

# A second nginx, the floor for one HTTP hop: Debian's nginx with 1 worker relaying every request to
# the upstream over a pool of keep-alive connections (HTTP/1.1, "Connection" cleared), answers not
# buffered (proxy_buffering off: each read from the upstream is written to the client at once). No
# routing, no transformation: the path goes through as it came, so it is called with the direct
# target's paths, bodies and headers (an Anthropic answer comes back as the upstream's Anthropic
# answer). Request buffering stays at nginx's default (the whole body is read first, as a gateway does).
write_nginx_proxy_conf() {
  local dir="$1"
  mkdir -p "$dir/logs"
  cat > "$dir/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  client_body_buffer_size 64k;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  upstream bench_upstream {
    server 127.0.0.1:$UPSTREAM_PORT;
    keepalive 256;
    keepalive_requests 10000000;
    keepalive_timeout 300s;
  }
  server {
    listen 127.0.0.1:$NGINX_PROXY_PORT;
    location / {
      proxy_pass http://bench_upstream;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
EOF
}

start_nginx_proxy() {
  local dir="$OUT_DIR/nginx-proxy"
  write_nginx_proxy_conf "$dir"
  nginx -p "$dir" -c "$dir/nginx.conf" > "$dir/logs/stdout.log" 2>&1 &
  NGINX_PROXY_PID=$!
  wait_port "$NGINX_PROXY_PORT"
  NGINX_PROXY_WORKER="$(nginx_worker "$NGINX_PROXY_PID")"
  log "nginx proxy pid $NGINX_PROXY_PID (worker $NGINX_PROXY_WORKER) on 127.0.0.1:$NGINX_PROXY_PORT"
}

# The worker process of an nginx master started here (it does the work; its CPU and RSS are nginx's).
nginx_worker() {
  local master="$1" w
  for _ in $(seq 1 200); do
    w="$(pgrep -P "$master" | head -1 || true)"
    [[ -n "$w" ]] && { echo "$w"; return 0; }
    sleep 0.01
  done
  die "nginx (pid $master) has no worker process"
}

# ----------------------------------------------------------------------------- gateways

# Jetway runs from a copy of the built jar and its libs under out/ (a neutral name: other people's
# scripts on a shared machine that stop "jetway-gateway" processes by name do not hit this one), with
# the jar's AOT cache beside it as gateway.aot (its fingerprint is of the bytes, so it holds for the
# copy) and the SQLite driver's native library as gateway.aot.native/.
bench_jar() {
  local jar dir="$OUT_DIR/gw" cache
  jar="$(gateway_jar)" || die "no gateway jar: run bench/setup.sh"
  cache="$(jetway_aot_file "$jar")"
  if [[ ! -f "$dir/gateway.jar" || "$jar" -nt "$dir/gateway.jar" ]]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    cp -r "$(dirname "$jar")/libs" "$dir/libs"
    cp "$jar" "$dir/gateway.jar"
  fi
  if [[ -f "$cache.id" && ( ! -f "$dir/gateway.aot.id" || "$cache.id" -nt "$dir/gateway.aot.id" ) ]]; then
    rm -rf "$dir/gateway.aot.native"
    cp "$cache" "$dir/gateway.aot"
    [[ -d "$cache.native" ]] && cp -r "$cache.native" "$dir/gateway.aot.native"
    cp "$cache.id" "$dir/gateway.aot.id"
  fi
  echo "$dir/gateway.jar"
}

start_jetway() {
  local jar
  jar="$(bench_jar)"
  # A fresh store per start (the default SQLite file, with its request log): results must not depend
  # on how many rows earlier sittings left behind.
  rm -rf "$OUT_DIR/gw/data"
  mkdir -p "$OUT_DIR/gw/data"
  local java_home
  java_home="$(java_home)"
  # As ./jetway serve: the AOT cache when it is current for this jar and JDK (JETWAY_AOT=off: never).
  jetway_aot_opts "$java_home" "$jar"
  jetway_jvm_opts
  # shellcheck disable=SC2086  # JETWAY_EXTRA_OPTS is word-split on purpose
  HOST=127.0.0.1 PORT="$JETWAY_PORT" TRUSTED_CUSTOM_HOSTS=127.0.0.1 \
    JETWAY_DATABASE_URL="jdbc:sqlite:$OUT_DIR/gw/data/jetway.db" \
    "$java_home/bin/java" ${JETWAY_AOT_OPTS[@]+"${JETWAY_AOT_OPTS[@]}"} ${JETWAY_JVM_OPTS[@]+"${JETWAY_JVM_OPTS[@]}"} \
    ${JETWAY_EXTRA_OPTS:-} -jar "$jar" > "$OUT_DIR/jetway.log" 2>&1 &
  JETWAY_PID=$!
  wait_port "$JETWAY_PORT"
  log "jetway pid $JETWAY_PID on 127.0.0.1:$JETWAY_PORT (${JETWAY_AOT_OPTS[*]:+${JETWAY_AOT_OPTS[*]} }${JETWAY_JVM_OPTS[*]:-})"
}

start_portkey() {
  local main="$BENCH_DIR/portkey/node_modules/@portkey-ai/gateway/build/start-server.js"
  [[ -f "$main" ]] || die "Portkey's gateway is not installed: run bench/setup.sh"
  (cd "$BENCH_DIR/portkey" && TRUSTED_CUSTOM_HOSTS=127.0.0.1 exec node "$main" --port="$PORTKEY_PORT" --headless \
    > "$OUT_DIR/portkey.log" 2>&1) &
  PORTKEY_PID=$!
  wait_port "$PORTKEY_PORT"
  log "portkey pid $PORTKEY_PID on 127.0.0.1:$PORTKEY_PORT ($(portkey_version))"
}

portkey_version() {
  node -p "require('$BENCH_DIR/portkey/node_modules/@portkey-ai/gateway/package.json').version" 2>/dev/null || echo "?"
}

# Stops a process this script started (by its pid only).
stop_pid() {
  local pid="$1"
  [[ -n "$pid" ]] || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.05
  done
  kill -9 "$pid" 2>/dev/null || true
}

# ----------------------------------------------------------------------------- process stats

# CPU seconds (user + system) used so far by a process.
cpu_seconds() {
  local pid="$1" ticks
  ticks="$(getconf CLK_TCK)"
  awk -v t="$ticks" '{ sub(/^.*\) /, ""); print ($12 + $13) / t }' "/proc/$pid/stat"
}

# Peak resident set size of a process so far, in MB (VmHWM).
peak_rss_mb() {
  awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

rss_mb() {
  awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}
