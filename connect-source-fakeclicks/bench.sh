#!/usr/bin/env bash
# Connector throughput vs Kafka's ProducerPerformance, in one run on an in-process broker and Connect worker.
# Usage: connect-source-fakeclicks/bench.sh [measured seconds, default 30] [warm-up seconds, default 10]
# BENCH_JAVA_OPTS adds JVM options, e.g. BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/bench.jfr,settings=profile
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl connect-source-fakeclicks -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
module=connect-source-fakeclicks
exec java -Xmx2g ${BENCH_JAVA_OPTS:-} -Dbench.seconds="${1:-30}" -Dbench.warmup.seconds="${2:-10}" \
  -cp "$module/target/test-classes:$module/target/classes:$(cat $module/target/bench.classpath)" \
  dev.fakeclicks.connect.bench.ConnectorBenchmark
