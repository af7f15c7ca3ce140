#!/usr/bin/env bash
# Webhook intake benchmark: acknowledgement throughput and latency (p50/p99) of signed issue_comment
# deliveries (~14 KB, a fresh delivery id each) at 32 connections after a JIT warm-up, with the in-memory
# and the Redis store (AOF on, appendfsync everysec), plus the bot's RSS idle and after the load.
# Load comes from wrk in a separate process. Prints figures; asserts nothing.
#
# Probot 14 runs the same load in the same run (bench/intake/probot: an app whose issue_comment handler only
# counts, started as `probot run ./app.js` starts it; its npm packages are installed on first use).
#
# pitapat runs as a GitHub App in one of two scenarios: GitHub answering quickly (bench/intake/github.js, a
# stand-in that answers at once; the commenter may only read, so each /deploy is refused with a reply) or
# GitHub unreachable (nothing listens at its address: each delivery fails, is retried later, and a backlog
# builds up in the store).
#
#   bench/intake/run.sh            # Probot, then pitapat on Redis in both scenarios, then in memory
#   RUNS="probot redis:quick" DURATION=30 bench/intake/run.sh
#   ROUNDS=3 RUNS="probot redis:quick redis:unreachable" bench/intake/run.sh
#   JAR=/tmp/earlier.jar RUNS="redis:quick" bench/intake/run.sh   # another build's jar
#                                  # the runs in turn, three times over: this machine's speed drifts within
#                                  # minutes, so each round's pitapat figures are also given as a multiple of
#                                  # that round's Probot figure
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

: "${RUNS:=probot redis:quick redis:unreachable memory:quick}"
: "${ROUNDS:=1}"
: "${DURATION:=20}"          # seconds of measured load per store
: "${WARMUP:=20}"            # seconds of warm-up load per store (JIT)
: "${CONNECTIONS:=32}"
: "${THREADS:=2}"
# The shipped start-up flags (README, image); override to compare.
: "${JVM_FLAGS:=$(awk '/^ *flags\+?=\(/ {on = 1} on {print; if (/\)$/) on = 0}' pitapat | sed 's/^ *flags+\{0,1\}=(//; s/)$//' | tr -s '\n ' ' ')}"
# glibc's per-thread malloc arenas otherwise add tens of MiB of RSS (also set by the README and the image)
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

for tool in wrk redis-server python3 curl node npm openssl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (Debian: apt-get install -y wrk redis-server python3 curl)"; exit 2; }
done
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# JAR: another build's jar to measure (say, one built from an earlier commit), to compare in one run
: "${JAR:=bot/target/pitapat.jar}"
[ -f "$JAR" ] || ./mvnw -B -q -DskipTests package

out=$(mktemp -d /tmp/pitapat-bench.XXXXXX)
secret="bench-$(date +%s)"
signature=$(python3 bench/intake/payload.py "$secret" "$out/body.json")
body_bytes=$(stat -c %s "$out/body.json")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU of a process's ended children: by default this script's (wrk, once it has been waited for); Redis's are the
# forks that rewrite its AOF as it grows
children_ticks() { awk '{print $16 + $17}' "/proc/${1:-$$}/stat"; }
hwm_mib() { awk '/^VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

echo "pitapat intake benchmark — $(nproc) cores, $("$java" -version 2>&1 | head -1)"
echo "delivery: issue_comment '/deploy staging' on a PR, ${body_bytes} bytes, fresh X-GitHub-Delivery each"
echo "load: wrk -t${THREADS} -c${CONNECTIONS}, ${WARMUP}s warm-up then ${DURATION}s measured"
echo "JVM flags: ${JVM_FLAGS}  (MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX})"
echo

if [[ " $RUNS " == *" probot "* ]] && [ ! -x bench/intake/probot/node_modules/.bin/probot ]; then
  (cd bench/intake/probot && npm install --no-audit --no-fund --loglevel=error)
fi

openssl genrsa 2048 2>/dev/null > "$out/app-key.pem"
summary=()
for round in $(seq "$ROUNDS"); do
for run in $RUNS; do
  # a run's files and its line in the summary: "redis:quick", or "redis:quick.2" in the second round
  tag=$run
  [ "$ROUNDS" -gt 1 ] && tag="$run.$round"
  store=${run%%:*}
  github=${run#*:}
  port=$(free_port)
  if [ "$store" = probot ]; then
    # the way `probot run` starts an app: from the environment, one Node process
    (cd bench/intake/probot && APP_ID=1 PRIVATE_KEY="$(openssl genrsa 2048 2>/dev/null)" WEBHOOK_SECRET="$secret" \
      HOST=127.0.0.1 PORT="$port" WEBHOOK_PATH=/webhooks/github LOG_LEVEL=warn \
      exec node_modules/.bin/probot run ./app.js) > "$out/probot.log" 2>&1 &
    bot=$!
    ready="http://127.0.0.1:$port/ping"
    title="Probot 14 (handler counts only, stores nothing)"
  else
    gport=$(free_port)
    if [ "$github" = quick ]; then
      node bench/intake/github.js "$gport" > "$out/github-$tag.log" 2>&1 &
      pids+=($!)
    fi
    settings=(--server.port="$port" --pitapat.github.webhook-secret="$secret"
              --pitapat.github.app-id=1 --pitapat.github.private-key="$(cat "$out/app-key.pem")"
              --pitapat.github.api-url="http://127.0.0.1:$gport"
              --pitapat.gitops.repo="$out/$tag/gitops.git" --pitapat.gitops.workdir="$out/$tag/work"
              --logging.level.dev.pitapat=warn ${BOT_ARGS:-})
    if [ "$store" = redis ]; then
      rport=$(free_port)
      mkdir -p "$out/redis-$tag"
      redis-server --port "$rport" --bind 127.0.0.1 --dir "$out/redis-$tag" --appendonly yes \
        --appendfsync everysec ${REDIS_ARGS:-} --save "" --daemonize no --loglevel warning > "$out/redis-$tag.log" 2>&1 &
      redis=$!
      pids+=($redis)
      for _ in $(seq 100); do redis-cli -p "$rport" ping >/dev/null 2>&1 && break; sleep 0.1; done
      settings+=(--spring.data.redis.url="redis://127.0.0.1:$rport")
    fi
    # shellcheck disable=SC2086
    "$java" $JVM_FLAGS -jar "$JAR" "${settings[@]}" > "$out/bot-$tag.log" 2>&1 &
    bot=$!
    ready="http://127.0.0.1:$port/actuator/health"
    title="pitapat, store: $store, GitHub $( [ "$github" = quick ] && echo "answering quickly" || echo "unreachable (a backlog builds up)")"
  fi
  pids+=($bot)
  for _ in $(seq 300); do curl -s -o /dev/null "$ready" && break; sleep 0.1; done
  sleep 5
  idle=$(rss_mib $bot)

  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 5s -s bench/intake/deliveries.lua \
    "http://127.0.0.1:$port" -- "$out/body.json" "$signature" > "$out/warmup-$tag.txt"
  cpu_before=$(cpu_ticks $bot); redis_before=$( [ "$store" = redis ] && cpu_ticks $redis || echo 0)
  rewrites_before=$( [ "$store" = redis ] && children_ticks $redis || echo 0)
  wrk_before=$(children_ticks)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s --latency -s bench/intake/deliveries.lua \
    "http://127.0.0.1:$port" -- "$out/body.json" "$signature" > "$out/wrk-$tag.txt"
  cpu_after=$(cpu_ticks $bot); redis_after=$( [ "$store" = redis ] && cpu_ticks $redis || echo 0)
  rewrites_after=$( [ "$store" = redis ] && children_ticks $redis || echo 0)
  wrk_after=$(children_ticks)

  after=$(rss_mib $bot)
  peak=$(hwm_mib $bot)
  rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$out/wrk-$tag.txt")
  total=$(awk '/requests in/ {print $1}' "$out/wrk-$tag.txt")
  p50=$(awk '$1=="50%" {print $2}' "$out/wrk-$tag.txt")
  p99=$(awk '$1=="99%" {print $2}' "$out/wrk-$tag.txt")
  bad=$(awk '/Non-2xx/ {print $5}' "$out/wrk-$tag.txt"); bad=${bad:-0}
  errors=$(awk '/Socket errors/ {print}' "$out/wrk-$tag.txt")
  echo "== $title"
  sed -n '/Latency Distribution/,/99%/p' "$out/wrk-$tag.txt"
  echo "   deliveries measured: $total   throughput: $rps/s   p50: $p50   p99: $p99   non-2xx: $bad ${errors:+  ($errors)}"
  if [ "$store" = probot ]; then
    echo "   counted by its handler (warm-up + measured): $(curl -s "http://127.0.0.1:$port/count")"
  else
    metrics=$(curl -s "http://127.0.0.1:$port/actuator/prometheus")
    queued=$(awk '/^pitapat_deliveries_total\{event="issue_comment",outcome="queued"/ {printf "%.0f", $2}' <<< "$metrics")
    # worked off meanwhile: handled (each /deploy refused with a reply), or tried and left to retry (GitHub away)
    handled=$(awk '/^pitapat_deliveries_total\{event="issue_comment",outcome="(processed|unactionable)"/ {n += $2} END {printf "%.0f", n}' <<< "$metrics")
    retried=$(awk '/^pitapat_deliveries_total\{event="issue_comment",outcome="retried"/ {printf "%.0f", $2}' <<< "$metrics")
    echo "   deliveries queued by the bot (warm-up + measured): ${queued:-?}; meanwhile its workers handled ${handled:-0} and tried ${retried:-0} that wait to be retried"
    [ "$github" = quick ] && echo "   GitHub stand-in answered: $(curl -s "http://127.0.0.1:$gport/__calls")"
    [ "$store" = redis ] && echo "   payloads kept as: $(curl -s "http://127.0.0.1:$port/actuator/health" | python3 -c "import json,sys; print(json.load(sys.stdin)[\"components\"][\"store\"][\"details\"].get(\"payloads\",\"?\"))" 2>/dev/null || echo "?")"
  fi
  echo "   RSS idle: ${idle} MiB   after load: ${after} MiB   peak: ${peak} MiB"
  # CPU time per acknowledged delivery while measured (the process's own; for Redis also its AOF rewrites, forks
  # that end within the run, counted apart): what the throughput of a machine whose cores are all busy follows,
  # and steadier than it from run to run
  echo "   CPU per delivery while measured: $(awk -v a="$cpu_before" -v b="$cpu_after" -v n="$total" -v t="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.0f", (b - a) / t / n * 1e6}') µs$( [ "$store" = redis ] && awk -v a="$redis_before" \
    -v b="$redis_after" -v c="$rewrites_before" -v d="$rewrites_after" -v n="$total" -v t="$(getconf CLK_TCK)" \
    'BEGIN {printf ", its Redis %.0f µs and %.0f µs more in the forks that rewrote its AOF meanwhile", (b - a) / t / n * 1e6, (d - c) / t / n * 1e6}')"
  # wrk sends the same requests to every pitapat run, so its CPU per delivery gauges how fast the machine ran it
  # (against Probot wrk spends more per delivery: not comparable with pitapat's runs)
  echo "   wrk's own CPU per delivery (gauges the machine's speed between pitapat runs): $(awk -v a="$wrk_before" -v b="$wrk_after" \
    -v n="$total" -v t="$(getconf CLK_TCK)" 'BEGIN {printf "%.0f", (b - a) / t / n * 1e6}') µs"
  echo
  ratio=""
  if [ "$store" = probot ]; then
    probot_rps=$rps
  elif [ -n "${probot_rps:-}" ] && [ -n "$rps" ]; then
    ratio=$(awk -v a="$rps" -v b="$probot_rps" 'BEGIN {printf "  %.2fx this round'"'"'s Probot", a / b}')
  fi
  summary+=("$(printf '%-17s %8s/s  p50 %8s  p99 %8s  RSS idle %4s MiB, after %4s MiB, peak %4s MiB  (%s deliveries, %s non-2xx)' \
    "$tag" "$rps" "$p50" "$p99" "$idle" "$after" "$peak" "$total" "$bad")$ratio")
  kill $bot; wait $bot 2>/dev/null || true
  if [ "$store" = redis ]; then
    # each run's Redis starts empty: a run's AOF (about 1 GB) loaded by the next run's Redis slowed that run
    redis-cli -p "$rport" shutdown nosave >/dev/null 2>&1 || true
    rm -rf "${out:?}/redis-$tag"
  fi
done
done

echo "== summary"
printf '%s\n' "${summary[@]}"
echo "raw output: $out"
