#!/usr/bin/env bash
# Cluster-following benchmark: 1,000 environments deployed and followed at once against fabric8's mock API
# server (Argo CD Applications and Argo Rollouts Rollouts, as the tests play them). Prints the time from each
# GitOps commit to Argo CD's refresh request beside Argo CD's default poll, the watch connections the bot opened
# for all of them, and the time from the cluster saying all are healthy to every deploy ended; asserts nothing.
#
#   bench/cluster/run.sh
#   ENVIRONMENTS=5000 bench/cluster/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${ENVIRONMENTS:=1000}"
: "${JVM_FLAGS:=-Xms144m -Xmx512m -XX:+UseSerialGC}"

if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

out=$(mktemp -d /tmp/pitapat-cluster-bench.XXXXXX)
./mvnw -B -q -pl bot -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out/classpath.txt" > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
cp="bot/target/test-classes:bot/target/classes:$(cat "$out/classpath.txt")"

echo "pitapat cluster-following benchmark — $(nproc) cores, $("$java" -version 2>&1 | head -1)"
echo "JVM: ${JVM_FLAGS}"
# shellcheck disable=SC2086
"$java" $JVM_FLAGS -cp "$cp" -Dbench.environments="$ENVIRONMENTS" \
  -Dlogback.configurationFile=bench/cluster/logback.xml -Djava.util.logging.config.file=bench/cluster/logging.properties \
  dev.pitapat.deploy.ClusterBenchmark
