#!/usr/bin/env bash
# callvault's benchmarks, one command: intake through the local HTTP API against raw DynamoDB Local PutItem,
# cold start of the Lambda artifact against an SDK-defaults baseline, and the artifact's size. Rewrites
# docs/benchmarks.md with the figures of this run and the machine it ran on.
#
#   bench/run.sh                      build (mvn install at the root, tests skipped), then run
#   BENCH_SKIP_BUILD=1 bench/run.sh   run against what is already built
#   BENCH_POSTS / BENCH_WARMUP / BENCH_THREADS / BENCH_COLD_ROUNDS   size of the run (4000 / 500 / 8 / 11)
#
# Run it on an otherwise idle machine: every figure is relative to the cores it gets.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  # install, not package: the bench module resolves callvault-local and its siblings from the local repository.
  mvn -q -B install -DskipTests
fi

jars=(bench/target/callvault-bench-*.jar)
jar="${jars[0]}"
for needed in "$jar" bench/target/bench-classpath.txt bench/target/baseline-lib functions/api/target/callvault-api.zip; do
  if [[ ! -e "$needed" ]]; then
    echo "bench/run.sh: $needed is missing; run without BENCH_SKIP_BUILD=1 to build it" >&2
    exit 1
  fi
done

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# -Dhttp.maxConnections: the handlers' URLConnection clients keep at most 5 idle connections per host by default.
# A Lambda environment serves one request at a time, so it never meets that limit; 8 concurrent posts into one
# JVM would, and would pay reconnects Lambda does not. The raw PutItem baseline uses the same client and setting.
exec "$java" -Xmx2g -Dhttp.maxConnections=32 \
  -Dbench.posts="${BENCH_POSTS:-4000}" \
  -Dbench.warmup="${BENCH_WARMUP:-500}" \
  -Dbench.threads="${BENCH_THREADS:-8}" \
  -Dbench.coldRounds="${BENCH_COLD_ROUNDS:-11}" \
  -Dbench.jar="$jar" \
  -Dbench.command="bench/run.sh" \
  -cp "$jar:$(cat bench/target/bench-classpath.txt)" \
  io.callvault.bench.BenchMain
