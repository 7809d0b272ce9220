#!/usr/bin/env bash
# callvault's benchmarks, one command: intake through the local HTTP API against raw DynamoDB Local PutItem,
# enriched recordings per second through the whole intake pipeline (raw posts and events in, enrichment, store,
# analytics post) against the guide's Voice Processor figure, cold start of the Lambda artifact against an
# SDK-defaults baseline, the artifact's size, envelope encryption and decryption MiB/s against raw JDK AES-256-CBC
# and `openssl cms` (in java -Xmx64m child JVMs), the latency of a ranged play against a raw S3 GET, the whole mux
# task (decrypt, ffmpeg, encrypt) on 1080p screen video with call audio against bare `ffmpeg -c copy`, and recordings
# backed up and purged per second by a lifecycle rule run end to end against raw S3 copies and DynamoDB deletes.
# Rewrites docs/benchmarks.md with the figures of this run and the machine it ran on.
#
#   bench/run.sh                      build (mvn package at the root, tests skipped), then run
#   BENCH_SKIP_BUILD=1 bench/run.sh   run against what is already built (by a reactor `mvn package` at the root)
#
# Size of the run (defaults in brackets):
#   BENCH_POSTS / BENCH_WARMUP / BENCH_THREADS   intake posts, warm-up posts, client threads   [4000 / 500 / 8]
#   BENCH_COLD_ROUNDS                            measured cold starts per target                [11]
#   BENCH_CRYPTO_MIB                             plaintext file for encrypt/decrypt, MiB        [1024]
#   BENCH_CRYPTO_ROUNDS                          runs per implementation and direction (median) [5]
#   BENCH_CRYPTO_C1_MIB                          file for the runs with the functions' JAVA_TOOL_OPTIONS
#                                                from template.yaml (C1 only), MiB; 0 skips them [128]
#   BENCH_PLAYBACK_MIB                           media file uploaded and played, MiB (2..512)   [500]
#   BENCH_PLAYBACK_WARMUP / BENCH_PLAYBACK_REQUESTS   unmeasured / measured ranged plays       [5 / 30]
#   BENCH_SEARCH_INDEX_RECORDINGS                recordings stored, then indexed by the indexer and by raw
#                                                _bulk in each round                            [5000]
#   BENCH_SEARCH_INDEX_ROUNDS                    rounds of indexer against raw _bulk (median)   [3]
#   BENCH_SEARCH_RECORDINGS                      documents in the index the queries run on (>= 1000) [100000]
#   BENCH_SEARCH_WARMUP / BENCH_SEARCH_REQUESTS  unmeasured / measured rounds of all queries    [10 / 50]
#   BENCH_ENRICH_CALLS                           calls (events + 2 segments each) posted through the intake
#                                                pipeline, ACW and call-end thresholds 0        [800]
#   BENCH_ENRICH_WARMUP                          calls through the whole pipeline first, not counted [100]
#   BENCH_ENRICH_THREADS                         client threads posting them                    [8]
#   BENCH_MUX_MINUTES                            length of the generated 1080p screen video and call audio
#                                                the mux section muxes, minutes (1..120)        [20]
#   BENCH_MUX_ROUNDS                             rounds of the mux section (median)             [3]
#   BENCH_LIFECYCLE_RECORDINGS                   call recordings (encrypted media, over a year old) a "Backup and
#                                                Purge" rule backs up and purges, and as many the raw S3 + DynamoDB
#                                                loop handles, per round                        [10000]
#   BENCH_LIFECYCLE_PAGE_SIZE                    the lifecycle functions' LIFECYCLE_PAGE_SIZE (1..1000) [100]
#   BENCH_LIFECYCLE_ROUNDS                       rounds of the lifecycle section, each on freshly seeded recordings
#                                                (median)                                       [1]
#   BENCH_SECTIONS                               comma-separated subset of
#                                                intake,enrich,coldstart,crypto,playback,search,mux,lifecycle
#                                                [all]; sections not run say so in the report
# A quick smoke run: BENCH_POSTS=200 BENCH_WARMUP=50 BENCH_COLD_ROUNDS=1 BENCH_CRYPTO_MIB=64 BENCH_CRYPTO_C1_MIB=16 \
#   BENCH_PLAYBACK_MIB=16 BENCH_PLAYBACK_REQUESTS=5 BENCH_SEARCH_INDEX_RECORDINGS=1000 BENCH_SEARCH_INDEX_ROUNDS=1 \
#   BENCH_SEARCH_RECORDINGS=10000 BENCH_SEARCH_REQUESTS=10 BENCH_ENRICH_CALLS=200 BENCH_ENRICH_WARMUP=20 \
#   BENCH_LIFECYCLE_RECORDINGS=1000 bench/run.sh
#   (it still rewrites docs/benchmarks.md).
# The search section alone, at its defaults, takes about 3 minutes on 2 cores: BENCH_SECTIONS=search bench/run.sh
# The enrich section alone, at its defaults, takes 2 to 3 minutes on 2 cores: BENCH_SECTIONS=enrich bench/run.sh
# The mux section alone, at its defaults, takes about 4 minutes on 2 cores, most of it
# generating the 1080p input (once) and the re-encode path (once per round): BENCH_SECTIONS=mux bench/run.sh
# The lifecycle section alone, at its defaults, takes about 6 minutes on 2 cores, 2 to 3 of them storing and indexing
# the 2 x 10,000 recordings: BENCH_SECTIONS=lifecycle bench/run.sh
#
# The crypto section needs about 3x BENCH_CRYPTO_MIB of free space in the temporary directory, the playback
# section 2x BENCH_PLAYBACK_MIB, the mux section about 15 MiB per minute of BENCH_MUX_MINUTES; all delete their files
# when done.
# Run it on an otherwise idle machine: every figure is relative to the cores it gets.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  # package, not install: in a reactor build the bench module's classpath (bench-classpath.txt) names the sibling
  # modules' target/ jars, so nothing is written to the local repository.
  mvn -q -B package -DskipTests
fi

jars=(bench/target/callvault-bench-*.jar)
jar="${jars[0]}"
for needed in "$jar" bench/target/bench-classpath.txt bench/target/baseline-lib functions/api/target/callvault-api.zip; do
  if [[ ! -e "$needed" ]]; then
    echo "bench/run.sh: $needed is missing; run without BENCH_SKIP_BUILD=1 to build it" >&2
    exit 1
  fi
done
# A classpath built by `mvn -pl bench` alone names callvault jars in the local repository, which may be another
# checkout's: measure this tree's code or nothing.
if tr ':' '\n' < bench/target/bench-classpath.txt | grep -q '/io/callvault/'; then
  echo "bench/run.sh: bench/target/bench-classpath.txt points at callvault jars in the local Maven repository;" \
       "rebuild with 'mvn package -DskipTests' at the root (or run without BENCH_SKIP_BUILD=1)" >&2
  exit 1
fi
# callvault-local.jar's manifest puts its own copies of the sibling jars (local/target/lib) first on the classpath:
# they must be the ones this tree built, not copies from an earlier or partial build.
for copy in local/target/lib/callvault-*.jar; do
  built=""
  for candidate in functions/*/target/"$(basename "$copy")" local/*/target/"$(basename "$copy")"; do
    if [[ -f "$candidate" ]]; then built="$candidate"; break; fi
  done
  if [[ -z "$built" ]] || ! cmp -s "$copy" "$built"; then
    echo "bench/run.sh: $copy is not this tree's build of $(basename "$copy");" \
         "rebuild with 'mvn package -DskipTests' at the root (or run without BENCH_SKIP_BUILD=1)" >&2
    exit 1
  fi
done

# An empty directory on the classpath: the lifecycle section puts the AWS SDK's global interceptor list there while it
# runs (io.callvault.bench.RequestCounter), so no other section's clients, and no child JVM, carry it.
interceptors=bench/target/sdk-interceptors
rm -rf "$interceptors" && mkdir -p "$interceptors"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# -Dhttp.maxConnections: the handlers' URLConnection clients keep at most 5 idle connections per host by default.
# A Lambda environment serves one request at a time, so it never meets that limit; 8 concurrent posts into one
# JVM would, and would pay reconnects Lambda does not. The raw PutItem baseline uses the same client and setting.
exec "$java" -Xmx2g -Dhttp.maxConnections=32 \
  -Dbench.posts="${BENCH_POSTS:-4000}" \
  -Dbench.warmup="${BENCH_WARMUP:-500}" \
  -Dbench.threads="${BENCH_THREADS:-8}" \
  -Dbench.coldRounds="${BENCH_COLD_ROUNDS:-11}" \
  -Dbench.cryptoMiB="${BENCH_CRYPTO_MIB:-1024}" \
  -Dbench.cryptoRounds="${BENCH_CRYPTO_ROUNDS:-5}" \
  -Dbench.cryptoC1MiB="${BENCH_CRYPTO_C1_MIB:-128}" \
  -Dbench.playbackMiB="${BENCH_PLAYBACK_MIB:-500}" \
  -Dbench.playbackWarmup="${BENCH_PLAYBACK_WARMUP:-5}" \
  -Dbench.playbackRequests="${BENCH_PLAYBACK_REQUESTS:-30}" \
  -Dbench.searchIndexRecordings="${BENCH_SEARCH_INDEX_RECORDINGS:-5000}" \
  -Dbench.searchIndexRounds="${BENCH_SEARCH_INDEX_ROUNDS:-3}" \
  -Dbench.searchRecordings="${BENCH_SEARCH_RECORDINGS:-100000}" \
  -Dbench.searchWarmup="${BENCH_SEARCH_WARMUP:-10}" \
  -Dbench.searchRequests="${BENCH_SEARCH_REQUESTS:-50}" \
  -Dbench.enrichCalls="${BENCH_ENRICH_CALLS:-800}" \
  -Dbench.enrichWarmup="${BENCH_ENRICH_WARMUP:-100}" \
  -Dbench.enrichThreads="${BENCH_ENRICH_THREADS:-8}" \
  -Dbench.muxMinutes="${BENCH_MUX_MINUTES:-20}" \
  -Dbench.muxRounds="${BENCH_MUX_ROUNDS:-3}" \
  -Dbench.lifecycleRecordings="${BENCH_LIFECYCLE_RECORDINGS:-10000}" \
  -Dbench.lifecyclePageSize="${BENCH_LIFECYCLE_PAGE_SIZE:-100}" \
  -Dbench.lifecycleRounds="${BENCH_LIFECYCLE_ROUNDS:-1}" \
  -Dbench.sections="${BENCH_SECTIONS:-intake,enrich,coldstart,crypto,playback,search,mux,lifecycle}" \
  -Dbench.jar="$jar" \
  -Dbench.sdkInterceptorDir="$interceptors" \
  -Dbench.command="bench/run.sh" \
  -cp "$jar:$interceptors:$(cat bench/target/bench-classpath.txt)" \
  io.callvault.bench.BenchMain
