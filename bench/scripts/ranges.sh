#!/bin/sh
# Range requests against nginx: a 3-range request on a 1 MiB file (multipart/byteranges) and a single range of
# 10 MiB in the middle of a 100 MiB file, for `serve --threads 1` and nginx with one worker; requests/s (wrk,
# 16 connections) and system calls per response (strace -c on the server during a separate run of 1
# connection: strace slows it, so its own requests are counted).
#   bench/scripts/ranges.sh [DURATION=10]
set -eu
cd "$(dirname "$0")/../.."
duration=${1:-10}
. bench/scripts/common.sh
build_jars_if_missing
for tool in wrk nginx strace; do
    command -v $tool >/dev/null 2>&1 || { echo "needs $tool (apt-get install wrk nginx-light strace)" >&2; exit 1; }
done
start_work
head -c 1048576 /dev/urandom >"$work/www/1m.bin"
head -c 104857600 /dev/urandom >"$work/www/100m.bin"
chmod 644 "$work"/www/*
cat "$work"/www/* >/dev/null
lean=$(lean_jvm)
# shellcheck disable=SC2086
java $lean -jar "$jar" serve "$work/www" --port 18801 --threads 1 --access-log off >"$work/serve.log" 2>&1 &
pids="$pids $!"
write_nginx_conf 18802
nginx -c "$work/nginx.conf" -p "$work" >"$work/nginx.out" 2>&1 &
pids="$pids $!"
sleep 2
worker_of_nginx() { pgrep -P "$(cat "$work/nginx.pid")" | head -1; }
loop_of_serve() { # the event loop thread (--threads 1 runs it on the main thread)
    p=$(pgrep -f "serve $work/www --port 18801")
    for t in /proc/"$p"/task/*; do
        [ "$(cat "$t/comm")" = java ] && [ "${t##*/}" != "$p" ] && { echo "${t##*/}"; return; }
    done
}
rows="1m.bin:bytes=0-999,400000-400999,1048000-1048575 100m.bin:bytes=50000000-60485759"
echo "requests/s: wrk -t2 -c16 ${duration} s; system calls: strace -c of the serving thread, wrk -c1 3 s"
echo "| request | server | requests/s | system calls per response | the calls |"
echo "|---|---|---|---|---|"
for row in $rows; do
    file=${row%%:*} range=${row#*:}
    for s in sendfile4j-1:18801 nginx-1:18802; do
        port=${s#*:}
        url="http://127.0.0.1:$port/$file"
        code=$(curl -s -o /dev/null -w '%{http_code}' -H "Range: $range" "$url")
        [ "$code" = 206 ] || { echo "${s%:*}: $range on $file answered $code" >&2; exit 1; }
        wrk -t2 -c16 -d2s -H "Range: $range" "$url" >/dev/null
        rps=$(wrk -t2 -c16 -d"${duration}s" -H "Range: $range" "$url" | awk '/Requests\/sec/ {print $2}')
        if [ "${s%:*}" = nginx-1 ]; then tid=$(worker_of_nginx); else tid=$(loop_of_serve); fi
        strace -c -q -p "$tid" -o "$work/strace-$port" &
        st=$!
        sleep 0.5
        reqs=$(wrk -t1 -c1 -d3s -H "Range: $range" "$url" | awk '/requests in/ {print $1}')
        sleep 0.3
        kill -INT $st
        wait $st 2>/dev/null || true
        calls=$(awk '$NF == "total" {print $4}' "$work/strace-$port")
        top=$(awk 'NR > 2 && $1 ~ /^[0-9.]+$/ && $NF != "total" {print $NF ":" $4}' "$work/strace-$port" \
            | head -6 | tr '\n' ' ')
        printf '| %s %s | %s | %.0f | %.1f | %s |\n' "$file" "$range" "${s%:*}" "$rps" \
            "$(echo "$calls / $reqs" | bc -l)" "$top"
    done
done
