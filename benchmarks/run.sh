#!/usr/bin/env bash
# Benchmarks: builds the pack, fetches the peers from Maven Central, unpacks both into one
# plugin.path, then runs the scenarios and rewrites docs/benchmarks.md and its chart.
#   benchmarks/run.sh                       # everything, default sizes (about 10 minutes on 2 cores)
#   benchmarks/run.sh --records 200000      # smaller topic
#   benchmarks/run.sh --scenario jdbc-sink --no-peers --scale 1,2,4
#   BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/bench.jfr benchmarks/run.sh ...   # profile
set -euo pipefail
cd "$(dirname "$0")/.."
DEBEZIUM_VERSION=3.6.0.Final

mvn -B -q -DskipTests install
plugins=benchmarks/target/plugin-path
rm -rf "$plugins" && mkdir -p "$plugins"
unzip -q packaging/target/tributary-connect-pack-*.zip -d "$plugins"
if [[ " $* " != *" --no-peers "* ]]; then
  mvn -B -q dependency:copy -Dartifact="io.debezium:debezium-connector-jdbc:${DEBEZIUM_VERSION}:tar.gz:plugin" \
    -DoutputDirectory=benchmarks/target/peers
  tar -xzf "benchmarks/target/peers/debezium-connector-jdbc-${DEBEZIUM_VERSION}-plugin.tar.gz" -C "$plugins"
fi
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -Xms2g -Xmx6g -XX:+UseG1GC ${BENCH_JAVA_OPTS:-} -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.tributary.connect.bench.BenchmarkMain --plugin-path "$plugins" "$@"
