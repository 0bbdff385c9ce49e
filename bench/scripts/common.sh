# Sourced by the bench scripts: the jars they run, built when missing, and the median they report.
jar=cli/target/sendfile4j.jar
benchjar=bench/target/benchmarks.jar
[ -f "$jar" ] && [ -f "$benchjar" ] || ./mvnw -q -B package -DskipTests -Dinvoker.skip -pl cli,bench -am

median() { # numbers on stdin, one per line
    sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'
}
