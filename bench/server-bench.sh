#!/usr/bin/env bash
# Sandbox server benchmark: `tenantmock serve` against nginx (`return 204;`, one
# worker, the baseline) on loopback, same wrk load (32 keep-alive connections),
# same machine, with one wrk thread and with two.
#
# For each route and wrk setting it prints the medians of interleaved rounds of
# req/s, p50 and p99 for tenantmock (one loop per core, the default; and one loop)
# and nginx, the ratio to nginx's req/s and the targets; then the system calls
# per request of each server (`strace -c -f` over a fixed number of requests),
# the CPU time per request of each server and of wrk, the launch-to-first-answer
# time and the idle RSS. Not a test: run by hand,
# `bash bench/server-bench.sh`.
#
# Environment:
#   ROUTES       routes to load, of auth0 (the Auth0 DELETE of a user's permission),
#                crux (the CruxConnect DELETE) and nowhere (an Auth0 404); default "auth0 crux".
#                Setting BENCH_PATH (and the other variables of bench/server-request.lua)
#                loads that request instead.
#   WRK_THREADS  wrk thread counts to run, default "1 2" (wrk shares the cores with the servers)
#   DURATION     seconds per run, default 5; ROUNDS, default 3 (medians are reported)
#   CONNECTIONS  default 32
#   BASELINE_BIN another tenantmock binary (an earlier build), run beside the current one
#   SYSCALLS     1 (default) to count system calls; SYSCALL_REQUESTS, default 20000
#   LAUNCHES     launches timed for the first answer, default 5
#   SERVE_ARGS   extra `tenantmock serve` options
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-"1 2"}
ROUNDS=${ROUNDS:-3}
SERVE_ARGS=${SERVE_ARGS:-}
BASELINE_BIN=${BASELINE_BIN:-}
SYSCALLS=${SYSCALLS:-1}
SYSCALL_REQUESTS=${SYSCALL_REQUESTS:-20000}
LAUNCHES=${LAUNCHES:-5}
if [ -n "${BENCH_PATH:-}" ]; then ROUTES=custom; else ROUTES=${ROUTES:-"auth0 crux"}; fi

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v curl >/dev/null 2>&1 || need+=(curl)
[ "$SYSCALLS" = 1 ] && { command -v strace >/dev/null 2>&1 || need+=(strace); }
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

echo "== swift build -c release --product tenantmock"
swift build -c release --product tenantmock 2>&1 | tail -n 1
BIN="$(swift build -c release --show-bin-path)/tenantmock"

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# The default fixtures, with the tenants' rate limits lifted so that wrk
# measures the route rather than 429 answers.
mkdir -p "$work/fixtures"
python3 - "$work/fixtures" <<'PY'
import glob, json, os, sys
for path in glob.glob("Fixtures/*.json"):
    doc = json.load(open(path))
    if "rate_limit" in doc or doc.get("tenant") == "acme":
        doc["rate_limit"] = {"limit": 1000000000, "window_seconds": 1}
    json.dump(doc, open(os.path.join(sys.argv[1], os.path.basename(path)), "w"))
PY

# Starts a server and times launch to first answer: one process starts it, reads
# its first line and sends a request as soon as the port is known. LAUNCHES times
# (all but the last server are stopped): the first launch after a build also pays
# for reading the binary and the toolchain's libraries from disk.
launch() { # name binary, then extra serve options
  local name=$1 binary=$2; shift 2
  echo "== launching $binary serve --port 0 $* ($LAUNCHES times)"
  python3 - "$binary" "$work/$name" "$LAUNCHES" "$@" <<'PY'
import os, signal, socket, subprocess, sys, time
binary, out, launches, extra = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
times = []
for attempt in range(launches):
    start = time.monotonic()
    p = subprocess.Popen([binary, "serve", "--port", "0", *extra], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = p.stdout.readline().decode()
    port = int(line.rsplit(":", 1)[1])
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /api/v2/users/bench/permissions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    first = s.recv(65536)
    times.append((time.monotonic() - start) * 1000)
    s.close()
    assert first.startswith(b"HTTP/1.1 "), first
    if attempt < launches - 1:
        p.send_signal(signal.SIGTERM)
        p.wait()
times_sorted = sorted(times)
open(out + ".port", "w").write(str(port))
open(out + ".pid", "w").write(str(p.pid))
open(out + ".first_ms", "w").write("%.1f" % times_sorted[(len(times) - 1) // 2])
open(out + ".launches", "w").write(" ".join("%.1f" % t for t in times))
os._exit(0)  # leave the server running; the shell stops it
PY
  pids+=("$(cat "$work/$name.pid")")
}

start_nginx() { # name workers; the port goes to $work/name.port, the worker's pid to name.pid
  local name=$1 workers=$2 port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$work/$name"
  cat > "$work/$name/nginx.conf" <<CONF
daemon off;
worker_processes $workers;
pid $work/$name/nginx.pid;
error_log $work/$name/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/$name;
  proxy_temp_path $work/$name;
  fastcgi_temp_path $work/$name;
  uwsgi_temp_path $work/$name;
  scgi_temp_path $work/$name;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    location / { return 204; }
  }
}
CONF
  "$NGINX" -p "$work/$name" -c "$work/$name/nginx.conf" >/dev/null 2>&1 &
  local master=$!
  pids+=("$master")
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
  echo "$port" > "$work/$name.port"
  pgrep -P "$master" | head -n 1 > "$work/$name.pid"
}

servers=(tenantmock tenantmock1)
launch tenantmock "$BIN" --fixtures "$work/fixtures" $SERVE_ARGS
launch tenantmock1 "$BIN" --event-loops 1 --fixtures "$work/fixtures" $SERVE_ARGS
if [ -n "$BASELINE_BIN" ]; then
  servers+=(baseline baseline1)
  launch baseline "$BASELINE_BIN" --fixtures "$work/fixtures" $SERVE_ARGS
  launch baseline1 "$BASELINE_BIN" --event-loops 1 --fixtures "$work/fixtures" $SERVE_ARGS
fi
start_nginx nginx 1
servers+=(nginx)
PORT=$(cat "$work/tenantmock.port")
FIRST_MS=$(cat "$work/tenantmock.first_ms")
LAUNCH_TIMES=$(cat "$work/tenantmock.launches")
sleep 1
IDLE_RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$(cat "$work/tenantmock.pid")/status")
echo "   port $PORT, first answer after ${FIRST_MS} ms, idle RSS ${IDLE_RSS_KB} kB"

AUTH0_TOKEN=$(python3 - "$PORT" <<'PY'
import json, sys, urllib.request
client = json.load(open("Fixtures/auth0-acme.json"))["data"]["clients"][0]
body = json.dumps({"grant_type": "client_credentials", "client_id": client["client_id"],
                   "client_secret": client["client_secret"], "audience": "https://acme.localhost/api/v2/"}).encode()
request = urllib.request.Request("http://127.0.0.1:%s/oauth/token" % sys.argv[1], data=body,
                                 headers={"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(request))["access_token"])
PY
)

route() { # name -> exports the request of bench/server-request.lua
  case "$1" in
    auth0)
      export BENCH_METHOD=DELETE BENCH_PATH=/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82/permissions
      export BENCH_BODY='{"permissions":[{"resource_server_identifier":"https://reports.acme.test/","permission_name":"delete:reports"}]}'
      export BENCH_TOKEN=$AUTH0_TOKEN BENCH_AUTHORIZATION= ;;
    crux)
      export BENCH_METHOD=DELETE BENCH_PATH=/organizations/users/permissions/3a7acb28-ab13-437e-8c35-46cf4f0bea49/
      export BENCH_BODY='{"permission_uuids":["51690784-8e22-44f2-a6b6-ae3fdb556051"]}'
      export BENCH_TOKEN= BENCH_AUTHORIZATION="Token a0f17278bed479ee719ea890b8caf0329e1f3e5b" ;;
    nowhere)
      export BENCH_METHOD=GET BENCH_PATH=/api/v2/nowhere BENCH_BODY= BENCH_TOKEN= BENCH_AUTHORIZATION= ;;
    custom)
      export BENCH_METHOD=${BENCH_METHOD:-GET} BENCH_BODY=${BENCH_BODY:-}
      export BENCH_TOKEN=${BENCH_TOKEN:-$AUTH0_TOKEN} BENCH_AUTHORIZATION=${BENCH_AUTHORIZATION:-} ;;
  esac
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }  # user + system, in clock ticks
run_wrk() { # server threads round
  local port pid out before after wrk_pid wrk_before wrk_after
  port=$(cat "$work/$1.port")
  pid=$(cat "$work/$1.pid")
  out="$work/$ROUTE.$1.t$2.$3"
  wrk -t"$2" -c"$CONNECTIONS" -d2s -s bench/server-request.lua "http://127.0.0.1:$port" >/dev/null   # warm-up
  # CPU time of the server and of wrk over the run, per request: where the machine's two
  # cores went (bench/README.md, "Where the time goes").
  before=$(cpu_ticks "$pid")
  wrk -t"$2" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/server-request.lua "http://127.0.0.1:$port" \
    > "$out.wrk" &
  wrk_pid=$!
  sleep 0.1
  wrk_before=$(cpu_ticks "$wrk_pid")
  sleep "$(awk -v d="$DURATION" 'BEGIN { print d - 0.3 }')"
  wrk_after=$(cpu_ticks "$wrk_pid")
  wait "$wrk_pid"
  after=$(cpu_ticks "$pid")
  awk -v s=$((after - before)) -v w=$((wrk_after - wrk_before)) -v d="$DURATION" -v hz="$(getconf CLK_TCK)" \
    '/^Requests\/sec:/ { r = $2 } END { printf "%.2f %.2f\n", s * 1e6 / hz / (r * d), w * 1e6 / hz / (r * (d - 0.4)) }' \
    "$out.wrk" > "$out.cpu"
  printf '   [%s t%s round %s] %-12s %s, CPU µs/request: server %s, wrk %s\n' "$ROUTE" "$2" "$3" "$1" \
    "$(awk '/^Requests\/sec:/ {r=$2} $1=="99%" {p=$2} /Non-2xx/ {e=" NON-2XX: " $NF} END {print r " req/s, p99 " p e}' \
      "$out.wrk")" $(cat "$out.cpu") >&2
}
to_ms() { # wrk latency such as 512.00us, 1.20ms, 2.00s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
summary() { # route server threads -> "req/s p50 p99 server_cpu wrk_cpu", each the median over the rounds
  local rps p50 p99 scpu wcpu f
  rps=$(for f in "$work/$1.$2.t$3".*.wrk; do awk '/^Requests\/sec:/ {print $2}' "$f"; done | median)
  p50=$(for f in "$work/$1.$2.t$3".*.wrk; do to_ms "$(awk '$1 == "50%" {print $2}' "$f")"; echo; done | median)
  p99=$(for f in "$work/$1.$2.t$3".*.wrk; do to_ms "$(awk '$1 == "99%" {print $2}' "$f")"; echo; done | median)
  scpu=$(for f in "$work/$1.$2.t$3".*.cpu; do awk '{print $1}' "$f"; done | median)
  wcpu=$(for f in "$work/$1.$2.t$3".*.cpu; do awk '{print $2}' "$f"; done | median)
  echo "$rps $p50 $p99 $scpu $wcpu"
}
verdict() { # value op limit -> met / MISSED
  awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == ">=") ? (v >= l) : (op == "<=") ? (v <= l) : (v < l); print ok ? "met" : "MISSED" }'
}

# System calls per request: strace attached to the server (every thread) while a
# client sends SYSCALL_REQUESTS requests over CONNECTIONS keep-alive connections.
count_syscalls() { # server
  local pid out
  pid=$(cat "$work/$1.pid")
  out="$work/$ROUTE.$1.strace"
  strace -c -f -q -p "$pid" -o "$out" & local tracer=$!
  sleep 0.5
  python3 bench/fixed-requests.py "$(cat "$work/$1.port")" "$SYSCALL_REQUESTS" "$CONNECTIONS" >/dev/null
  sleep 0.2
  kill -INT "$tracer"; wait "$tracer" 2>/dev/null || true
  awk -v n="$SYSCALL_REQUESTS" -v name="$1" '
    $1 ~ /^[0-9.]+$/ && NF >= 5 { calls = $4; sc = $NF; if (sc == "total") { total = calls; next }
                                   line = line sprintf(" %s %.2f", sc, calls / n) }
    END { printf "   %-12s %6.2f per request:%s\n", name, total / n, line }' "$out"
}

results=()
for ROUTE in $ROUTES; do
  route "$ROUTE"
  echo "== $ROUTE: $BENCH_METHOD $BENCH_PATH answers $(curl -s -o /dev/null -w '%{http_code}' -X "$BENCH_METHOD" \
    ${BENCH_TOKEN:+-H "Authorization: Bearer $BENCH_TOKEN"} ${BENCH_AUTHORIZATION:+-H "Authorization: $BENCH_AUTHORIZATION"} \
    ${BENCH_BODY:+-H "Content-Type: application/json" --data-binary "$BENCH_BODY"} "http://127.0.0.1:$PORT$BENCH_PATH")"
  for threads in $WRK_THREADS; do
    # Rounds interleave the servers so a burst of other load on the machine hits all of them.
    for round in $(seq "$ROUNDS"); do
      for server in "${servers[@]}"; do run_wrk "$server" "$threads" "$round"; done
    done
  done
  if [ "$SYSCALLS" = 1 ]; then
    echo "== $ROUTE: system calls per request ($SYSCALL_REQUESTS requests, $CONNECTIONS connections, strace -c -f)"
    for server in "${servers[@]}"; do count_syscalls "$server"; done
  fi
done

echo
echo "== results: medians of $ROUNDS rounds ($(nproc) cores, -c$CONNECTIONS, ${DURATION}s each)"
printf '%-8s %-4s %-14s %10s %8s %8s %8s %8s %8s  %s\n' route wrk server req/s p50_ms p99_ms cpu_us wrk_us x_nginx targets
for ROUTE in $ROUTES; do
  for threads in $WRK_THREADS; do
    read -r N_RPS N_P50 N_P99 _ _ <<<"$(summary "$ROUTE" nginx "$threads")"
    for server in "${servers[@]}"; do
      read -r RPS P50 P99 SCPU WCPU <<<"$(summary "$ROUTE" "$server" "$threads")"
      RATIO=$(awk -v a="$RPS" -v b="$N_RPS" 'BEGIN { printf "%.2f", a / b }')
      TARGETS=""
      [ "$server" != nginx ] && TARGETS="req/s $(verdict "$RATIO" ">=" 0.8), p99 $(verdict "$P99" "<=" "$N_P99")"
      printf '%-8s -t%-2s %-14s %10s %8s %8s %8s %8s %8s  %s\n' "$ROUTE" "$threads" "$server" "$RPS" "$P50" "$P99" \
        "$SCPU" "$WCPU" "$RATIO" "$TARGETS"
    done
  done
done
echo "targets: req/s >= 0.8 x nginx's, p99 <= nginx's, in the same run"
echo "cpu_us, wrk_us: CPU time (user + system, /proc/<pid>/stat) of the server and of wrk per request"
echo "launch to first answer: ${FIRST_MS} ms, median of $LAUNCHES launches ($(verdict "$FIRST_MS" "<" 30)) (target < 30); each, in order: $LAUNCH_TIMES ms"
echo "idle RSS: $((IDLE_RSS_KB / 1024)) MB (${IDLE_RSS_KB} kB, $(verdict "$IDLE_RSS_KB" "<" 30720)) (target < 30 MB)"
ERRORS=$(grep -h -E 'Socket errors|Non-2xx' "$work"/*tenantmock*.wrk "$work"/*baseline*.wrk 2>/dev/null || true)
[ -n "$ERRORS" ] && echo "tenantmock errors counted by wrk: $ERRORS"
exit 0
