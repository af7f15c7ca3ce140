#!/usr/bin/env bash
# Start-up benchmark: milliseconds from starting the bot to its first 200 from /actuator/health/readiness, on
# embedded defaults, for each way of starting it, the ways taking turns round by round so that a slower or
# faster spell of the machine falls on all of them alike. Prints each way's minimum, median and maximum;
# asserts nothing.
#
#   jar      java <the shipped memory flags> -jar bot/target/pitapat.jar  (the executable jar as built, its
#            configuration classes parsed at start)
#   pitapat  ./pitapat (the jar extracted, the bean definitions Spring AOT generated at build time and, on a
#            JDK 25+, its JDK AOT cache; prepared before the first round)
#
#   bench/startup/run.sh               # 10 rounds, each start in a fresh working directory (first start)
#   ROUNDS=5 AGAIN=1 bench/startup/run.sh   # each start in a directory a start has used (a restart)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

: "${ROUNDS:=10}"
: "${WAYS:=jar pitapat}"
: "${AGAIN:=}"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[ -f bot/target/pitapat.jar ] || ./mvnw -B -q -DskipTests package
# The shipped flags, as ./pitapat passes them
flags=$(sed -n '/^flags=(/,/)$/p' pitapat | tr -d '()\n' | sed 's/^flags=//')
export MALLOC_ARENA_MAX=2

out=$(mktemp -d /tmp/pitapat-startup.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

# shellcheck source=bench/startup/ready.sh
source "$root/bench/startup/ready.sh"

# Prepares ./pitapat's extracted jar and AOT cache (its first start), outside the measured rounds.
mkdir -p "$out/prepare"
start_and_await "$port" "$out/prepare.log" env -C "$out/prepare" "$root/pitapat" --server.port="$port"
kill "$STARTED" 2>/dev/null || true; wait "$STARTED" 2>/dev/null || true
grep '^pitapat:' "$out/prepare.log" || true

# Starts one way in $2 and prints the milliseconds to ready (or "failed").
start() {
  local way=$1 dir=$2
  mkdir -p "$dir"
  case $way in
    # shellcheck disable=SC2086
    jar) start_and_await "$port" "$dir/bot.log" env -C "$dir" "$java" $flags -jar "$root/bot/target/pitapat.jar" --server.port="$port" ;;
    pitapat) start_and_await "$port" "$dir/bot.log" env -C "$dir" "$root/pitapat" --server.port="$port" ;;
  esac
  kill "$STARTED" 2>/dev/null || true; wait "$STARTED" 2>/dev/null || true
  echo "$READY_MS"
}

echo "pitapat start-up benchmark — $(nproc) cores, $("$java" -version 2>&1 | head -1)"
echo "to ready: first 200 from /actuator/health/readiness; $ROUNDS rounds, ways in turn: $WAYS;" \
  "$([ -n "$AGAIN" ] && echo "restarts in a used directory" || echo "first starts in a fresh directory")"
for round in $(seq "$ROUNDS"); do
  line="round $round:"
  for way in $WAYS; do
    dir="$out/$way-$round"
    if [ -n "$AGAIN" ]; then
      dir="$out/$way"
      [ -d "$dir" ] || start "$way" "$dir" >/dev/null
    fi
    ms=$(start "$way" "$dir")
    echo "$ms" >> "$out/$way.ms"
    line+=" $way $ms ms"
  done
  echo "$line"
done
echo "== summary (ms to ready)"
for way in $WAYS; do
  sort -n "$out/$way.ms" | awk -v way="$way" '{v[NR]=$1} END {printf "%-8s min %5d  median %5d  max %5d  (%d starts)\n", way, v[1], v[int((NR+1)/2)], v[NR], NR}'
done
echo "raw output: $out"
