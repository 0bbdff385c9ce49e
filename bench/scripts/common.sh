# Sourced by the bench scripts and CI: the jars the benchmarks run, a median, and where a recent JDK is.
jar=cli/target/sendfile4j.jar
benchjar=bench/target/benchmarks.jar

build_jars_if_missing() {
    [ -f "$jar" ] && [ -f "$benchjar" ] || ./mvnw -q -B package -DskipTests -Dinvoker.skip -pl cli,bench -am
}

median() { # numbers on stdin, one per line
    sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'
}

jdk_at_least() { # feature version: prints the home of the newest JDK under /usr/lib/jvm at or above it, if any
    found=
    for release in /usr/lib/jvm/*/release; do
        major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null || true)
        if [ "${major:-0}" -ge "$1" ]; then found=$(dirname "$release"); fi
    done
    echo "$found"
}
