#!/usr/bin/env bash
# GitOps write benchmark: time from an accepted deploy (render, then commit) to its pushed commit, and the
# throughput of 50 simultaneous deploys to 50 different apps, against a local bare GitOps repository holding
# 1,000 app folders and ~3,000 commits with trailers; for pitapat's GitOpsWriter (persistent clone) and for a
# fresh clone per deploy, each in its own JVM on its own copy of the same repository. Prints figures and a
# side-by-side table; asserts nothing about time.
#
# REMOTE_LATENCY_MS serves each copy over smart HTTP on 127.0.0.1 instead (JGit's GitServlet on Tomcat, token
# auth) with that round-trip time added to each HTTP exchange and once more to a new connection's first;
# pitapat only. BASELINE_REV also builds the bot (src/main) of that revision and measures it with this same
# benchmark code in the same run, on its own copy, for a before/after column.
#
#   bench/gitops/run.sh
#   SEQUENTIAL=500 ROUNDS=5 bench/gitops/run.sh
#   APPROACHES=pitapat JFR=1 bench/gitops/run.sh      # pitapat only, with a JDK Flight Recording
#   REMOTE_LATENCY_MS=100 bench/gitops/run.sh          # a remote 100 ms away
#   REMOTE_LATENCY_MS=100 BASELINE_REV=<commit> bench/gitops/run.sh   # and that commit, side by side
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${APPS:=1000}"             # app folders apps/app-NNNN/staging/
: "${DEPLOYS_PER_APP:=3}"     # history: commits per app before the benchmark
: "${WARMUP:=30}"             # pitapat: deploys before the measured ones (JIT, clone, log index)
: "${SEQUENTIAL:=200}"        # pitapat: measured one-after-another deploys
: "${ROUNDS:=3}"              # pitapat: rounds of simultaneous deploys
: "${PARALLEL:=50}"           # simultaneous deploys to as many different apps, per round (both)
# A clone per deploy takes seconds, so it runs fewer of the same measurements by default.
: "${CLONE_WARMUP:=3}"
: "${CLONE_SEQUENTIAL:=30}"
: "${CLONE_ROUNDS:=2}"
: "${REMOTE_LATENCY_MS:=}"      # empty: the repository is a local path
: "${BASELINE_REV:=}"           # empty: no baseline column
if [ -n "$REMOTE_LATENCY_MS" ]; then : "${APPROACHES:=pitapat}"; else : "${APPROACHES:=pitapat clone-per-deploy}"; fi
# pitapat runs with the bot's shipped heap and collector (README, image). 50 simultaneous clones need more
# than that heap (OutOfMemoryError at 144 MiB), so the clone-per-deploy JVM gets 1 GiB.
: "${JVM_FLAGS:=$(sed -n '/^flags=(/,/)$/p' pitapat | tr -d '()\n' | sed 's/^flags=//')}"
: "${CLONE_JVM_FLAGS:=-Xms1g -Xmx1g -XX:+UseSerialGC}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

out=$(mktemp -d /tmp/pitapat-gitops-bench.XXXXXX)
./mvnw -B -q -pl bot -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out/classpath.txt" > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
cp="bot/target/test-classes:bot/target/classes:$(cat "$out/classpath.txt")"
common=(-Dbench.apps="$APPS" -Dbench.deploys-per-app="$DEPLOYS_PER_APP" -Dbench.parallel="$PARALLEL"
        -Dbench.remote-latency-ms="$REMOTE_LATENCY_MS" -Dlogback.configurationFile="$PWD/bench/gitops/logback.xml"
        -Djava.util.logging.config.file="$PWD/bench/gitops/logging.properties")
baseline=""
if [ -n "$BASELINE_REV" ]; then
  baseline="pitapat@$(git rev-parse --short "$BASELINE_REV")"
  mkdir -p "$out/baseline-src"
  git archive "$BASELINE_REV" | tar -x -C "$out/baseline-src"
  (cd "$out/baseline-src" && ./mvnw -B -q -o -pl bot compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out/baseline-classpath.txt") > "$out/baseline-build.log" 2>&1 \
    || { cat "$out/baseline-build.log"; exit 1; }
  # this benchmark's classes, the bot's classes and dependencies of that revision
  baseline_cp="bot/target/test-classes:$out/baseline-src/bot/target/classes:$(cat "$out/baseline-classpath.txt")"
fi
settings_pitapat=(-Dbench.warmup="$WARMUP" -Dbench.sequential="$SEQUENTIAL" -Dbench.rounds="$ROUNDS")
settings_clone=(-Dbench.warmup="$CLONE_WARMUP" -Dbench.sequential="$CLONE_SEQUENTIAL" -Dbench.rounds="$CLONE_ROUNDS")

echo "pitapat GitOps benchmark — $(nproc) cores, $("$java" -version 2>&1 | head -1)"
echo "repository: ${APPS} app folders, ${DEPLOYS_PER_APP} deploys each; ${PARALLEL} simultaneous deploys per round"
if [ -n "$REMOTE_LATENCY_MS" ]; then
  echo "remote: smart HTTP on 127.0.0.1 (JGit GitServlet, Tomcat, token auth), ${REMOTE_LATENCY_MS} ms added to each HTTP exchange, twice to a new connection's first"
fi
echo "pitapat:          ${WARMUP} warm-up, ${SEQUENTIAL} sequential, ${ROUNDS} rounds; JVM: ${JVM_FLAGS}"
if [ -n "$baseline" ]; then echo "baseline:         the bot of $baseline ($(git log -1 --format=%s "$BASELINE_REV" | cut -c1-80)), the same"; fi
case " $APPROACHES " in *" clone-per-deploy "*)
  echo "clone-per-deploy: ${CLONE_WARMUP} warm-up, ${CLONE_SEQUENTIAL} sequential, ${CLONE_ROUNDS} rounds; JVM: ${CLONE_JVM_FLAGS}";;
esac
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# shellcheck disable=SC2086
"$java" $JVM_FLAGS -cp "$cp" "${common[@]}" dev.pitapat.bench.GitOpsBenchmark generate "$out"
# measure <label> <approach> <classpath> <flags> <settings...>
measure() {
  local label=$1 approach=$2 classpath=$3 flags=$4; shift 4
  local jfr=()
  if [ -n "${JFR:-}" ]; then jfr=(-XX:StartFlightRecording=filename="$out/$label.jfr",settings=profile); fi
  # shellcheck disable=SC2086
  "$java" $flags "${jfr[@]}" -cp "$classpath" "${common[@]}" -Dbench.label="$label" "$@" \
    dev.pitapat.bench.GitOpsBenchmark measure "$approach" "$out" "$out/$label.properties"
  rm -rf "${out:?}/$label-scratch" "${out:?}/$label.git"
}
columns=()
for approach in $APPROACHES; do
  if [ "$approach" = clone-per-deploy ]; then
    measure clone-per-deploy clone-per-deploy "$cp" "$CLONE_JVM_FLAGS" "${settings_clone[@]}"
  else
    measure "$approach" "$approach" "$cp" "$JVM_FLAGS" "${settings_pitapat[@]}"
  fi
  columns+=("$out/$approach.properties")
  if [ "$approach" = pitapat ] && [ -n "$baseline" ]; then
    measure "$baseline" pitapat "$baseline_cp" "$JVM_FLAGS" "${settings_pitapat[@]}"
    columns+=("$out/$baseline.properties")
  fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
if [ "${#columns[@]}" -gt 1 ]; then
  "$java" -cp "$cp" dev.pitapat.bench.GitOpsBenchmark table "${columns[@]}"
fi
echo "raw output: $out"
