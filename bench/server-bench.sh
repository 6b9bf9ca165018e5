#!/usr/bin/env bash
# Sandbox server benchmark: `tenantmock serve` against nginx (`return 204;`, one
# worker, the baseline; and one worker per core, for reference) on loopback, same
# wrk load (32 keep-alive connections), same machine.
# Prints req/s, p50, p99 for both and the ratio (and for 1 loop and for connections
# dealt in turn, for comparison), launch-to-first-answer time and
# idle RSS. Not a test: run by hand, `bash bench/server-bench.sh`.
#
# Environment: DURATION (seconds per run, default 10), ROUNDS (3; medians are
# reported), LAUNCHES (5), CONNECTIONS (32), THREADS (wrk threads, 2 as wrk itself; wrk shares the cores with
# the servers), SERVE_ARGS (extra `tenantmock serve` options), and
# the request variables of bench/server-request.lua.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
SERVE_ARGS=${SERVE_ARGS:-}
# Default route: the Auth0 DELETE of a user's permission, through the full tenant
# path (token check, scope check, body validation, state change). Idempotent, 204.
export BENCH_METHOD=${BENCH_METHOD:-DELETE}
export BENCH_PATH=${BENCH_PATH:-/api/v2/users/auth0%7C5f7c8ec7c33c6c004bbafe82/permissions}
export BENCH_BODY=${BENCH_BODY-'{"permissions":[{"resource_server_identifier":"https://reports.acme.test/","permission_name":"delete:reports"}]}'}
# Empty: a token is obtained from /oauth/token with the acme fixture's first client.
export BENCH_TOKEN=${BENCH_TOKEN:-}
export BENCH_AUTHORIZATION=${BENCH_AUTHORIZATION:-}

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v curl >/dev/null 2>&1 || need+=(curl)
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

# Launch to first answer, measured by one process that starts the server, reads
# its first line and sends a request as soon as the port is known. LAUNCHES times
# (default 5; all but the last server are stopped): the first launch after a build
# also pays for reading the binary and the toolchain's libraries from disk.
LAUNCHES=${LAUNCHES:-5}
launch() { # name, then extra serve options
  local name=$1; shift
  echo "== launching tenantmock serve --port 0 $* ($LAUNCHES times)"
  python3 - "$BIN" "$work/$name" "$LAUNCHES" "$@" <<'PY'
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

# The default fixtures, with the acme tenant's rate limit lifted so that wrk
# measures the route rather than 429 answers.
mkdir -p "$work/fixtures"
python3 - "$work/fixtures" <<'PY'
import glob, json, os, sys
for path in glob.glob("Fixtures/*.json"):
    doc = json.load(open(path))
    if doc.get("tenant") == "acme":
        doc["rate_limit"] = {"limit": 1000000000, "window_seconds": 1}
    json.dump(doc, open(os.path.join(sys.argv[1], os.path.basename(path)), "w"))
PY

launch tenantmock --fixtures "$work/fixtures" $SERVE_ARGS
launch tenantmock1 --event-loops 1 --fixtures "$work/fixtures" $SERVE_ARGS
launch tenantmockrr --placement round-robin --fixtures "$work/fixtures" $SERVE_ARGS
PORT=$(cat "$work/tenantmock.port")
PID=$(cat "$work/tenantmock.pid")
PORT1=$(cat "$work/tenantmock1.port")
PORTRR=$(cat "$work/tenantmockrr.port")
FIRST_MS=$(cat "$work/tenantmock.first_ms")
LAUNCH_TIMES=$(cat "$work/tenantmock.launches")
if [ -z "$BENCH_TOKEN" ] && [[ "$BENCH_PATH" == /api/v2/* ]]; then
  BENCH_TOKEN=$(python3 - "$PORT" <<'PY'
import json, sys, urllib.request
client = json.load(open("Fixtures/auth0-acme.json"))["data"]["clients"][0]
body = json.dumps({"grant_type": "client_credentials", "client_id": client["client_id"],
                   "client_secret": client["client_secret"], "audience": "https://acme.localhost/api/v2/"}).encode()
request = urllib.request.Request("http://127.0.0.1:%s/oauth/token" % sys.argv[1], data=body,
                                 headers={"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(request))["access_token"])
PY
)
  export BENCH_TOKEN
fi
sleep 1
IDLE_RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
echo "   port $PORT, first answer after ${FIRST_MS} ms, idle RSS ${IDLE_RSS_KB} kB"

# nginx as the baseline with one worker, and with one worker per core for reference
# (the same process count as tenantmock's default loops).
start_nginx() { # name workers; the port goes to $work/name.port
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
  pids+=("$!")
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
  echo "$port" > "$work/$name.port"
}
start_nginx nginx 1
start_nginx nginx-per-core "$(nproc)"
NGINX_PORT=$(cat "$work/nginx.port")
NGINX_PORT_N=$(cat "$work/nginx-per-core.port")

run_wrk() { # name url round
  echo "== [$3] wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s $BENCH_METHOD $2$BENCH_PATH" >&2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s bench/server-request.lua "$2" >/dev/null   # warm-up
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/server-request.lua "$2" > "$work/$1.$3.wrk"
  grep -E 'Requests/sec|  50%|  99%|Non-2xx|Socket errors' "$work/$1.$3.wrk" >&2 || true
}
to_ms() { # wrk latency such as 512.00us, 1.20ms, 2.00s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
summary() { # name -> "req/s p50 p99", each the median over the rounds
  local rps p50 p99 f
  rps=$(for f in "$work/$1".*.wrk; do awk '/^Requests\/sec:/ {print $2}' "$f"; done | median)
  p50=$(for f in "$work/$1".*.wrk; do to_ms "$(awk '$1 == "50%" {print $2}' "$f")"; echo; done | median)
  p99=$(for f in "$work/$1".*.wrk; do to_ms "$(awk '$1 == "99%" {print $2}' "$f")"; echo; done | median)
  echo "$rps $p50 $p99"
}

# Rounds interleave the servers so a burst of other load on the machine hits all of them.
for round in $(seq "$ROUNDS"); do
  run_wrk tenantmock "http://127.0.0.1:$PORT" "$round"
  run_wrk tenantmock1 "http://127.0.0.1:$PORT1" "$round"
  run_wrk tenantmockrr "http://127.0.0.1:$PORTRR" "$round"
  run_wrk nginx "http://127.0.0.1:$NGINX_PORT" "$round"
  run_wrk nginxn "http://127.0.0.1:$NGINX_PORT_N" "$round"
done
read -r T_RPS T_P50 T_P99 <<<"$(summary tenantmock)"
read -r O_RPS O_P50 O_P99 <<<"$(summary tenantmock1)"
read -r R_RPS R_P50 R_P99 <<<"$(summary tenantmockrr)"
read -r N_RPS N_P50 N_P99 <<<"$(summary nginx)"
read -r M_RPS M_P50 M_P99 <<<"$(summary nginxn)"
RATIO=$(awk -v a="$T_RPS" -v b="$N_RPS" 'BEGIN { printf "%.2f", a / b }')
RATIO1=$(awk -v a="$O_RPS" -v b="$N_RPS" 'BEGIN { printf "%.2f", a / b }')
ERRORS=$(grep -h -E 'Socket errors' "$work"/tenantmock*.wrk || true)

echo
echo "== results: medians of $ROUNDS rounds ($(nproc) cores, wrk -t$THREADS -c$CONNECTIONS, ${DURATION}s each, $BENCH_METHOD $BENCH_PATH)"
printf '%-36s %12s %10s %10s\n' server req/s p50_ms p99_ms
printf '%-36s %12s %10s %10s\n' "tenantmock ($(nproc) loops, default)" "$T_RPS" "$T_P50" "$T_P99"
printf '%-36s %12s %10s %10s\n' "tenantmock (1 loop)" "$O_RPS" "$O_P50" "$O_P99"
printf '%-36s %12s %10s %10s\n' "tenantmock ($(nproc) loops, round-robin)" "$R_RPS" "$R_P50" "$R_P99"
printf '%-36s %12s %10s %10s\n' "nginx (1 worker)" "$N_RPS" "$N_P50" "$N_P99"
printf '%-36s %12s %10s %10s\n' "nginx ($(nproc) workers, reference)" "$M_RPS" "$M_P50" "$M_P99"
verdict() { # value op limit -> met / MISSED
  awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == ">=") ? (v >= l) : (v < l); print ok ? "met" : "MISSED" }'
}
echo "ratio tenantmock/nginx req/s: default $RATIO ($(verdict "$RATIO" ">=" 0.6)), 1 loop $RATIO1 ($(verdict "$RATIO1" ">=" 0.6)) (target >= 0.6)"
echo "tenantmock p99: default ${T_P99} ms ($(verdict "$T_P99" "<" 2)), 1 loop ${O_P99} ms ($(verdict "$O_P99" "<" 2)) (target < 2)"
echo "launch to first answer: ${FIRST_MS} ms, median of $LAUNCHES launches ($(verdict "$FIRST_MS" "<" 50)) (target < 50); each, in order: $LAUNCH_TIMES ms"
echo "idle RSS: $((IDLE_RSS_KB / 1024)) MB (${IDLE_RSS_KB} kB, $(verdict "$IDLE_RSS_KB" "<" 30720)) (target < 30 MB)"
echo "benchmarked route answers: $(curl -s -o /dev/null -w '%{http_code}' -X "$BENCH_METHOD" \
  ${BENCH_TOKEN:+-H "Authorization: Bearer $BENCH_TOKEN"} ${BENCH_AUTHORIZATION:+-H "Authorization: $BENCH_AUTHORIZATION"} \
  ${BENCH_BODY:+-H "Content-Type: application/json" --data-binary "$BENCH_BODY"} "http://127.0.0.1:$PORT$BENCH_PATH")"
echo "non-2xx answers counted by wrk on tenantmock: $(grep -h -o 'Non-2xx or 3xx responses: [0-9]*' "$work"/tenantmock*.wrk | head -n 1 || echo none)"
[ -n "$ERRORS" ] && echo "tenantmock socket errors: $ERRORS"
exit 0
