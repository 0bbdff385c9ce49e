# Sourced by the bench scripts and CI: the jars the benchmarks run, a median, and where a recent JDK is.
jar=cli/target/sendfile4j.jar
benchjar=bench/target/benchmarks.jar

build_jars_if_missing() {
    [ -f "$jar" ] && [ -f "$benchjar" ] || ./mvnw -q -B package -DskipTests -Dinvoker.skip -pl cli,bench -am
}

median() { # numbers on stdin, one per line
    sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'
}

lean_jvm() { # the launcher's lean JVM options, read from the launcher itself
    sed -n 's/^ *jvm="\(-Xmx[^"]*\)"$/\1/p' cli/src/dist/sendfile4j
}

write_nginx_conf() { # port [http directives]: $work/nginx.conf, one worker serving $work/www on 127.0.0.1:port
    cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 1024; }
http { access_log off; sendfile on; keepalive_requests 1000000; ${2:-tcp_nopush on;}
       server { listen 127.0.0.1:$1; root $work/www; } }
CONF
}

wait_until_serving() { # name url: up to 10 s for the server to answer, else its logs in $work and exit 1
    tries=0
    until curl -fs -o /dev/null "$2"; do
        tries=$((tries + 1))
        [ $tries -lt 100 ] || { echo "server $1 did not start" >&2; cat "$work"/*.log >&2; exit 1; }
        sleep 0.1
    done
}

ms() { # a wrk duration (12.3us, 4.5ms, 1.2s) in milliseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        printf "%.3f", u == "us" ? n / 1000 : u == "s" ? n * 1000 : u == "m" ? n * 60000 : n }'
}

jdk_at_least() { # feature version: prints the home of the newest JDK under /usr/lib/jvm at or above it, if any
    found=
    for release in /usr/lib/jvm/*/release; do
        major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null || true)
        if [ "${major:-0}" -ge "$1" ]; then found=$(dirname "$release"); fi
    done
    echo "$found"
}

start_work() { # $work: a temporary directory with www/ that nginx's unprivileged workers can read; stop_work on exit
    work=$(mktemp -d)
    pids=
    mkdir -p "$work/www"
    chmod 755 "$work" "$work/www"
    trap stop_work EXIT INT TERM
}

stop_work() { # stops every server in $pids and in $work/nginx-pids, unmounts $work/www if mounted, removes $work unless KEEP
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    [ ! -f "$work/nginx-pids" ] || while read -r p; do kill "$p" 2>/dev/null || true; done <"$work/nginx-pids"
    if mountpoint -q "$work/www" 2>/dev/null; then
        sleep 0.3
        fusermount3 -u "$work/www" 2>/dev/null || true
    fi
    [ -n "${KEEP:-}" ] || rm -rf "$work"
}
