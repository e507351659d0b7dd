#!/usr/bin/env bash
# The main command: a local Kafka (KRaft) and a Connect worker with the Tributary pack unpacked
# into plugin.path, an embedded MQTT broker, simulated sensors and the demo pipelines, with live
# progress until Ctrl-C. Builds whatever is missing or older than the sources first.
#   demo/run.sh                      # everything, data in ./tributary-data (a re-run resumes)
#   demo/run.sh --no-demo            # only Kafka and the worker; prints curl commands to go on with
#   demo/run.sh --help               # every flag (ports, data directory, MQTT broker, JDBC URL)
set -euo pipefail
cd "$(dirname "$0")/.."

zip=$(ls packaging/target/tributary-connect-pack-*.zip 2>/dev/null | head -1 || true)
classpath=demo/target/classpath.txt
stale() {
  [ -z "$zip" ] || [ ! -f "$classpath" ] || [ ! -d demo/target/classes ] \
    || [ -n "$(find pom.xml */pom.xml */src/main -newer "$zip" -type f -print -quit)" ]
}
if stale; then
  echo "Building the pack and the local stack (mvn -B -q -DskipTests install) ..."
  mvn -B -q -DskipTests install
fi
exec java -Xmx512m -cp "demo/target/classes:$(cat "$classpath")" io.tributary.connect.demo.LocalStack "$@"
