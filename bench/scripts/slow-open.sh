#!/bin/sh
# Hot-file latency while other clients ask for files never opened before, on a file system whose every lookup
# and stat waits META_MS (slowfs, bench/slowfs/slowfs.c): `serve --threads 1` with its disk threads (opens off
# the loop), the same with --disk-threads 0 (opens on the loop, as nginx's open_file_cache does them), and nginx
# with one worker. Prints a table for docs/PERFORMANCE.md.
#   bench/scripts/slow-open.sh [DURATION=10] [META_MS=50]
set -eu
cd "$(dirname "$0")/../.."
duration=${1:-10}
meta_ms=${2:-50}
. bench/scripts/common.sh
build_jars_if_missing
for tool in wrk nginx fusermount3 pkg-config curl; do
    command -v $tool >/dev/null 2>&1 || { echo "needs $tool: see bench/scripts/slow-disk.sh" >&2; exit 1; }
done
start_work
cc -O2 -Wall -Werror -o "$work/slowfs" bench/slowfs/slowfs.c $(pkg-config --cflags --libs fuse3)
mkdir -p "$work/disk"
chmod 755 "$work/disk"
head -c 1024 /dev/urandom >"$work/disk/hot.bin"
i=0
while [ $i -lt 3000 ]; do echo "$i" >"$work/disk/new-$i.txt"; i=$((i + 1)); done
chmod 644 "$work"/disk/*
SLOWFS_BACKING="$work/disk" SLOWFS_READ_MS=0 SLOWFS_META_MS="$meta_ms" "$work/slowfs" "$work/www" -o ro,allow_other
lean=$(lean_jvm)
# shellcheck disable=SC2086
java $lean -jar "$jar" serve "$work/www" --port 18451 --threads 1 --access-log off >"$work/s1.log" 2>&1 &
pids="$pids $!"
# shellcheck disable=SC2086
java $lean -jar "$jar" serve "$work/www" --port 18452 --threads 1 --disk-threads 0 --access-log off >"$work/s2.log" 2>&1 &
pids="$pids $!"
write_nginx_conf 18453 "open_file_cache max=10000 inactive=600s; open_file_cache_valid 600s;"
nginx -c "$work/nginx.conf" -p "$work" >"$work/nginx.out" 2>&1 &
pids="$pids $!"
sleep 2
echo "slowfs: every lookup and stat waits ${meta_ms} ms; hot = 1 KiB file, wrk -t1 -c4 ${duration} s, while 4 clients"
echo "each fetch files never opened before, one after another; one run"
echo
echo "| server | hot p50 / p99 / max, ms | new files fetched |"
echo "|---|---|---|"
next=0
for s in "serve, opens on disk threads:18451" "serve --disk-threads 0, opens on the loop:18452" "nginx, open_file_cache:18453"; do
    port=${s##*:} name=${s%:*}
    for k in 1 2 3; do curl -fs -o /dev/null "http://127.0.0.1:$port/hot.bin"; done
    : >"$work/fetched"
    c=0
    fetchers=
    while [ $c -lt 4 ]; do
        (j=$((next + c * 200)); end=$((j + 200))
         while [ $j -lt $end ]; do
             curl -fs -o /dev/null --max-time "$duration" "http://127.0.0.1:$port/new-$j.txt" && echo "$j" >>"$work/fetched"
             j=$((j + 1))
         done) &
        fetchers="$fetchers $!"
        c=$((c + 1))
    done
    next=$((next + 800))
    sleep 0.3
    wrk -t1 -c4 -d"${duration}s" --latency "http://127.0.0.1:$port/hot.bin" >"$work/wrk.out" 2>&1
    for p in $fetchers; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
    max=$(awk '$1 == "Latency" && NF >= 4 {print $4; exit}' "$work/wrk.out")
    printf '| %s | %s / %s / %s | %s |\n' "$name" "$(ms "$p50")" "$(ms "$p99")" "$(ms "$max")" \
        "$(wc -l <"$work/fetched")"
done
