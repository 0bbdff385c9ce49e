#!/bin/sh
# Netty's way of sending a file after a response head (the head as a buffer, the file as a DefaultFileRegion)
# against sendfile4j-netty's (a FileSendRegion that HeadMergingHandler joins the head to), on Netty's NIO and
# epoll transports: the same NettyFileServer (bench jar) with --region netty or --region sendfile4j, one event
# loop thread each, serving 1 KiB, 16 KiB and 1 MiB files from memory to wrk at 16 and 256 connections.
# Every server is warmed up first (the JIT), then each row runs Netty's and sendfile4j's server in turn, ROUNDS
# times (the machine is noisy): medians of requests/s and p99, the ratio of sendfile4j-netty to Netty's own,
# and system calls per response (strace -c of the event loop thread during a separate 3-second run of 1
# connection: strace slows it, so its own requests are counted).
#   bench/scripts/netty.sh [DURATION=3] [ROUNDS=3]
set -eu
cd "$(dirname "$0")/../.."
duration=${1:-3}
rounds=${2:-3}
. bench/scripts/common.sh
build_jars_if_missing
for tool in wrk strace bc; do
    command -v $tool >/dev/null 2>&1 || { echo "needs $tool (apt-get install wrk strace bc)" >&2; exit 1; }
done
start_work
for size in 1024 16384 1048576; do head -c $size /dev/urandom >"$work/www/$size.bin"; done
cat "$work"/www/* >/dev/null
port=18900
servers=
for transport in nio epoll; do
    for region in netty sendfile4j; do
        port=$((port + 1))
        java -cp "$benchjar" io.github.sendfile4j.bench.NettyFileServer "$work/www" $port 1 --transport $transport \
            --region $region >"$work/$transport-$region.log" 2>&1 &
        pids="$pids $!"
        echo "$!" >"$work/$transport-$region.pid"
        servers="$servers $transport-$region:$port"
    done
done
for s in $servers; do
    wait_until_serving "${s%:*}" "http://127.0.0.1:${s#*:}/1024.bin"
    head -1 "$work/${s%:*}.log"
done
loop_thread() { # pid -> the tid of its event loop thread
    for t in /proc/"$1"/task/*; do
        case "$(cat "$t/comm")" in *EventLoop*) echo "${t##*/}"; return ;; esac
    done
}
: >"$work/results"
for s in $servers; do # warm-up, not counted
    for size in 1024 16384 1048576; do wrk -t2 -c64 -d4s "http://127.0.0.1:${s#*:}/$size.bin" >/dev/null 2>&1; done
done
r=1
while [ $r -le "$rounds" ]; do
    for size in 1024 16384 1048576; do
        for c in 16 256; do
            for s in $servers; do
                wrk -t2 -c$c -d"${duration}s" --latency "http://127.0.0.1:${s#*:}/$size.bin" >"$work/wrk.out" 2>&1
                rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
                p99=$(ms "$(awk '$1 == "99%" {print $2}' "$work/wrk.out")")
                echo "${s%:*} $size $c $rps $p99 $r" >>"$work/results"
            done
        done
    done
    r=$((r + 1))
done
for s in $servers; do
    name=${s%:*} port=${s#*:}
    for size in 1024 16384 1048576; do
        tid=$(loop_thread "$(cat "$work/$name.pid")")
        strace -c -q -p "$tid" -o "$work/strace.out" &
        st=$!
        sleep 0.5
        reqs=$(wrk -t1 -c1 -d3s "http://127.0.0.1:$port/$size.bin" | awk '/requests in/ {print $1}')
        sleep 0.3
        kill -INT $st
        wait $st 2>/dev/null || true
        calls=$(awk '$NF == "total" {print $4}' "$work/strace.out")
        top=$(awk 'NR > 2 && $1 ~ /^[0-9.]+$/ && $NF != "total" {print $NF}' "$work/strace.out" | head -4 | tr '\n' ' ')
        echo "$name $size calls $(echo "$calls / $reqs" | bc -l) $top" >>"$work/results"
    done
done
ratios() { # netty-name sendfile4j-name size connections -> "median (min-max)" of the per-round ratios
    awk -v a="$1" -v b="$2" -v s="$3" -v c="$4" '$2 == s && $3 == c && $1 == a {x[$6] = $4}
        $2 == s && $3 == c && $1 == b {y[$6] = $4}
        END {for (r in x) if (x[r] > 0) print y[r] / x[r]}' "$work/results" | sort -n >"$work/ratios"
    printf '%.2f (%.2f-%.2f)' "$(median <"$work/ratios")" "$(head -1 "$work/ratios")" "$(tail -1 "$work/ratios")"
}
get() { # name size connections|calls field -> the median over rounds
    awk -v n="$1" -v s="$2" -v c="$3" -v f="$4" '$1 == n && $2 == s && $3 == c {print $f}' "$work/results" | median
}
echo
echo "wrk -t2, ${duration} s per row, medians of $rounds rounds; one event loop thread per server; $(nproc) cores;"
echo "$(java -version 2>&1 | head -1); $(unzip -p "$benchjar" META-INF/maven/io.netty/netty-transport/pom.properties | grep '^version')"
echo
echo "| transport | file | connections | Netty requests/s | sendfile4j requests/s | sendfile4j / Netty, per round: median (range) | Netty p99 ms | sendfile4j p99 ms | Netty calls/response | sendfile4j calls/response |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for transport in nio epoll; do
    for size in 1024 16384 1048576; do
        for c in 16 256; do
            a=$transport-netty b=$transport-sendfile4j
            printf '| %s | %s | %s | %.0f | %.0f | %s | %s | %s | %.1f | %.1f |\n' "$transport" "$size" "$c" \
                "$(get $a $size $c 4)" "$(get $b $size $c 4)" "$(ratios $a $b $size $c)" \
                "$(get $a $size $c 5)" "$(get $b $size $c 5)" "$(get $a $size calls 4)" "$(get $b $size calls 4)"
        done
    done
done
echo
echo "the calls on the event loop thread, most first:"
awk '$3 == "calls" {printf "  %s %s: %s %s %s %s\n", $1, $2, $5, $6, $7, $8}' "$work/results"
