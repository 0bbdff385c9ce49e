#!/bin/sh
# Memory per idle keep-alive connection of `serve` in the launcher's lean JVM, against nginx with one worker:
# N clients (default 10000) each make one request and stay connected; meanwhile wrk puts load on the server
# and one new request must be answered. Prints resident memory before and with the idle clients, per
# connection, and whether every idle connection is still open.
#   bench/scripts/idle-connections.sh [N=10000]
set -eu
cd "$(dirname "$0")/../.."
n=${1:-10000}
. bench/scripts/common.sh
build_jars_if_missing
start_work
head -c 1024 /dev/urandom >"$work/www/1k.bin" && chmod 644 "$work/www/1k.bin"
ulimit -n "$(ulimit -Hn)"
lean=$(lean_jvm)
# shellcheck disable=SC2086
java $lean -jar "$jar" serve "$work/www" --port 18701 --threads 1 --max-connections $((n + 100)) \
    --idle-timeout 600 --access-log off >"$work/serve.log" 2>&1 &
serve=$!
pids="$pids $serve"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
worker_rlimit_nofile $((n + 200));
daemon off;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections $((n + 100)); }
http { access_log off; sendfile on; keepalive_timeout 600s; keepalive_requests 1000000;
       server { listen 127.0.0.1:18702; root $work/www; } }
CONF
nginx -c "$work/nginx.conf" -p "$work" >"$work/nginx.out" 2>&1 &
pids="$pids $!"
sleep 2
rss() { # pid and children, MB
    t=0
    for p in $1 $(pgrep -P "$1" || true); do t=$((t + $(awk '/VmRSS/ {print $2}' "/proc/$p/status"))); done
    echo "$t"
}
echo "$n idle keep-alive connections, one loop / one worker; $(java -version 2>&1 | head -1); $(nginx -v 2>&1)"
echo "| server | RSS before, MB | RSS with $n idle, MB | per idle connection, KB | idle still open | new request during load |"
echo "|---|---|---|---|---|---|"
for s in sendfile4j-1:18701:$serve nginx-1:18702:$(cat "$work/nginx.pid" 2>/dev/null || echo 0); do
    name=${s%%:*} rest=${s#*:} port=${rest%%:*} pid=${rest#*:}
    [ "$pid" != 0 ] || pid=$(cat "$work/nginx.pid")
    curl -fs -o /dev/null "http://127.0.0.1:$port/1k.bin"
    wrk -t1 -c8 -d2s "http://127.0.0.1:$port/1k.bin" >/dev/null
    before=$(rss "$pid")
    mkfifo "$work/in-$name"
    python3 bench/scripts/idle_clients.py "$port" "$n" /1k.bin <"$work/in-$name" >"$work/out-$name" &
    clients=$!
    exec 3>"$work/in-$name"
    until grep -q ready "$work/out-$name" 2>/dev/null; do
        kill -0 $clients 2>/dev/null || { echo "clients failed: $(cat "$work/out-$name")" >&2; exit 1; }
        sleep 0.5
    done
    wrk -t1 -c16 -d5s "http://127.0.0.1:$port/1k.bin" >"$work/wrk-$name" &
    sleep 2
    fresh=$(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' --max-time 10 "http://127.0.0.1:$port/1k.bin" || echo failed)
    wait $!
    with=$(rss "$pid")
    echo check >&3
    sleep 1
    alive=$(tail -1 "$work/out-$name")
    exec 3>&-
    wait $clients || true
    printf '| %s | %.1f | %.1f | %.2f | %s | %s |\n' "$name" "$(echo "$before / 1024" | bc -l)" \
        "$(echo "$with / 1024" | bc -l)" "$(echo "($with - $before) / $n" | bc -l)" "$alive of $n" "$fresh"
done
grep -i "memory\|error" "$work/serve.log" || true
