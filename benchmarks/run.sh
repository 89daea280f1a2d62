#!/usr/bin/env bash
# Builds the benchmarks, starts a Redis of their own, runs every benchmark class (or the ones named) and writes the
# JMH results (JSON and text), the table of all results and the L1-hit chart. From the repository root:
#
#   benchmarks/run.sh                      # everything, Redis on port 6391
#   PORT=6395 benchmarks/run.sh l1-hit-t1 stampede
#
# Results go to benchmarks/results/<name>.json|.txt, the table to benchmarks/results/table.md and the chart to
# docs/benchmarks-l1-hit.png. Never point it at a Redis that holds data: it writes and flushes keys.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-6391}"
OUT=benchmarks/results
JAR=benchmarks/target/benchmarks.jar
SHORT=(-f 1 -wi 2 -w 1 -i 3 -r 1)
REDIS=(-p "redis=redis://127.0.0.1:${PORT}")
mkdir -p "$OUT"

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -q -B -ntp -Pbenchmarks -pl benchmarks -am package -DskipTests
fi

if redis-cli -p "$PORT" ping >/dev/null 2>&1; then
  echo "port $PORT already has a Redis: choose another with PORT=..." >&2
  exit 1
fi
redis-server --port "$PORT" --save '' --appendonly no --daemonize yes >/dev/null
trap 'redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true' EXIT
until redis-cli -p "$PORT" ping >/dev/null 2>&1; do sleep 0.1; done

run() {
  local name="$1"
  shift
  echo "== $name: java -jar $JAR $*"
  java -jar "$JAR" "$@" -rf json -rff "$OUT/$name.json" > "$OUT/$name.txt" 2>&1
  grep -E '^(Benchmark|[A-Za-z0-9]+Benchmark\.)|^\[stampede' "$OUT/$name.txt" || true
}

ALL=(l1-hit-t1 l1-hit-t2 try-get tagged-hit redis-round-trip mixed stampede invalidation background)
SELECTED=("${@:-${ALL[@]}}")
for name in "${SELECTED[@]}"; do
  case "$name" in
    l1-hit-t1) run "$name" L1HitBenchmark "${REDIS[@]}" "${SHORT[@]}" -t 1 ;;
    l1-hit-t2) run "$name" L1HitBenchmark "${REDIS[@]}" "${SHORT[@]}" -t 2 ;;
    try-get) run "$name" TryGetBenchmark -f 3 -wi 3 -w 1 -i 3 -r 1 -t 1 ;;
    tagged-hit) run "$name" TaggedHitBenchmark "${SHORT[@]}" -t 1 ;;
    redis-round-trip) run "$name" RedisRoundTripBenchmark "${REDIS[@]}" -p nettyThreads=1,32 -f 1 -wi 2 -w 1 -i 3 -r 2 ;;
    mixed) run "$name" MixedWorkloadBenchmark "${REDIS[@]}" -f 1 -wi 2 -w 2 -i 3 -r 2 ;;
    stampede) run "$name" StampedeBenchmark "${SHORT[@]}" ;;
    invalidation) run "$name" InvalidationPropagationBenchmark "${REDIS[@]}" -f 1 -wi 2 -w 1 -i 3 -r 2 ;;
    background) run "$name" BackgroundOperationsBenchmark "${REDIS[@]}" -f 1 -wi 1 -w 1 -i 3 -r 2 ;;
    *) echo "unknown benchmark set $name (known: ${ALL[*]})" >&2; exit 2 ;;
  esac
done

java -cp "$JAR" io.hybridcache.benchmarks.report.Report table "$OUT"/*.json > "$OUT/table.md"
if [[ -f "$OUT/l1-hit-t1.json" && -f "$OUT/l1-hit-t2.json" ]]; then
  java -Djava.awt.headless=true -cp "$JAR" io.hybridcache.benchmarks.report.Report chart docs/benchmarks-l1-hit.png \
    "$OUT/l1-hit-t1.json" "$OUT/l1-hit-t2.json"
fi
echo "table: $OUT/table.md"
