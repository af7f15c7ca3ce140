#!/usr/bin/env bash
# GitOps write benchmark: time from an accepted deploy (render, then commit) to its pushed commit, and the
# throughput of 50 simultaneous deploys to 50 different apps, against a local bare GitOps repository holding
# 1,000 app folders and ~3,000 commits with trailers; for pitapat's GitOpsWriter (persistent clone) and for a
# fresh clone per deploy, each in its own JVM on its own copy of the same repository. Prints figures and a
# side-by-side table; asserts nothing about time.
#
#   bench/gitops/run.sh
#   SEQUENTIAL=500 ROUNDS=5 bench/gitops/run.sh
#   APPROACHES=pitapat JFR=1 bench/gitops/run.sh      # pitapat only, with a JDK Flight Recording
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
: "${APPROACHES:=pitapat clone-per-deploy}"
# pitapat runs with the bot's shipped heap and collector (README, image). 50 simultaneous clones need more
# than that heap (OutOfMemoryError at 144 MiB), so the clone-per-deploy JVM gets 1 GiB.
: "${JVM_FLAGS:=-Xms144m -Xmx144m -Xmn88m -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=40m -XX:MaxMetaspaceSize=128m}"
: "${CLONE_JVM_FLAGS:=-Xms1g -Xmx1g -XX:+UseSerialGC}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

out=$(mktemp -d /tmp/pitapat-gitops-bench.XXXXXX)
./mvnw -B -q -pl bot test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out/classpath.txt" > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
cp="bot/target/test-classes:bot/target/classes:$(cat "$out/classpath.txt")"
common=(-Dbench.apps="$APPS" -Dbench.deploys-per-app="$DEPLOYS_PER_APP" -Dbench.parallel="$PARALLEL"
        -Dlogback.configurationFile=bench/gitops/logback.xml)
settings_pitapat=(-Dbench.warmup="$WARMUP" -Dbench.sequential="$SEQUENTIAL" -Dbench.rounds="$ROUNDS")
settings_clone=(-Dbench.warmup="$CLONE_WARMUP" -Dbench.sequential="$CLONE_SEQUENTIAL" -Dbench.rounds="$CLONE_ROUNDS")

echo "pitapat GitOps benchmark — $(nproc) cores, $("$java" -version 2>&1 | head -1)"
echo "repository: ${APPS} app folders, ${DEPLOYS_PER_APP} deploys each; ${PARALLEL} simultaneous deploys per round"
echo "pitapat:          ${WARMUP} warm-up, ${SEQUENTIAL} sequential, ${ROUNDS} rounds; JVM: ${JVM_FLAGS}"
echo "clone-per-deploy: ${CLONE_WARMUP} warm-up, ${CLONE_SEQUENTIAL} sequential, ${CLONE_ROUNDS} rounds; JVM: ${CLONE_JVM_FLAGS}"
echo
# shellcheck disable=SC2086
"$java" $JVM_FLAGS -cp "$cp" "${common[@]}" dev.pitapat.bench.GitOpsBenchmark generate "$out"
for approach in $APPROACHES; do
  flags=$JVM_FLAGS
  settings=("${settings_pitapat[@]}")
  if [ "$approach" = clone-per-deploy ]; then flags=$CLONE_JVM_FLAGS; settings=("${settings_clone[@]}"); fi
  jfr=()
  if [ -n "${JFR:-}" ]; then jfr=(-XX:StartFlightRecording=filename="$out/$approach.jfr",settings=profile); fi
  # shellcheck disable=SC2086
  "$java" $flags "${jfr[@]}" -cp "$cp" "${common[@]}" "${settings[@]}" dev.pitapat.bench.GitOpsBenchmark \
    measure "$approach" "$out" "$out/$approach.properties"
  rm -rf "${out:?}/$approach-scratch" "${out:?}/$approach.git"
done
echo
if [ -f "$out/pitapat.properties" ] && [ -f "$out/clone-per-deploy.properties" ]; then
  "$java" -cp "$cp" dev.pitapat.bench.GitOpsBenchmark table "$out/pitapat.properties" "$out/clone-per-deploy.properties"
fi
echo "raw output: $out"
