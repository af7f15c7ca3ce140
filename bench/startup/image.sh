#!/usr/bin/env bash
# The container image's start-up (docs/image.md), with and without its JDK AOT cache: milliseconds from starting
# the image's entrypoint to the first 200 from /actuator/health/readiness, and the CPU time and resident memory of
# the JVM at that moment, on embedded defaults, each start in an empty working directory. The image runs without a
# container runtime, as ImageIT starts it: unpacked, in a chroot, as its user (65532), with only its environment.
# The two ways take turns round by round. Prints each way's minimum, median and maximum; asserts nothing.
#
#   aot     the image's entrypoint as built (-XX:AOTCache=/app/pitapat.aot)
#   noaot   the same without -XX:AOTCache
#
#   bench/startup/image.sh            # 5 rounds; needs root, jq, python3 and bot/target/image/pitapat.tar
#   ROUNDS=10 bench/startup/image.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

: "${ROUNDS:=5}"
tar=$root/bot/target/image/pitapat.tar
if [ "$(id -u)" != 0 ]; then
  echo "image.sh: needs root (chroot, mounts)" >&2
  exit 1
fi
[ -f "$tar" ] || ./mvnw -B -q -Pimage -DskipTests package

out=$(mktemp -d /tmp/pitapat-image-startup.XXXXXX)
rootfs=$out/rootfs
mkdir -p "$out/image" "$rootfs"
tar --extract --file="$tar" --directory="$out/image"
config=$out/image/$(jq -r '.[0].Config' "$out/image/manifest.json")
for layer in $(jq -r '.[0].Layers[]' "$out/image/manifest.json"); do
  tar --extract --gzip --file="$out/image/$layer" --directory="$rootfs" --warning=no-unknown-keyword
done
mapfile -t environment < <(jq -r '.config.Env[]' "$config")
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$config")
workdir=$(jq -r '.config.WorkingDir' "$config")
user=$(jq -r '.config.User' "$config")
# shellcheck source=bench/startup/ready.sh
source "$root/bench/startup/ready.sh"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

# Starts one way and prints "<ms to ready> <CPU seconds> <RSS MiB>" (or "failed").
start() {
  local way=$1 log=$2 command java
  if [ "$way" = noaot ]; then
    mapfile -t command < <(printf '%s\n' "${entrypoint[@]}" | grep -v '^-XX:AOTCache=')
  else
    command=("${entrypoint[@]}")
  fi
  rm -rf "${rootfs:?}$workdir/data"
  start_and_await "$port" "$log" \
    unshare --mount --fork --kill-child sh -c 'r=$0; mount --rbind /dev "$r/dev" && mount -t proc proc "$r/proc" && exec "$@"' \
    "$rootfs" env -i "${environment[@]}" HOME=/home/nonroot \
    unshare --root="$rootfs" --wd="$workdir" --setuid="$user" --setgid="$user" \
    "${command[@]}" --server.port="$port" --server.address=127.0.0.1
  java=$(pgrep -P "$STARTED" || true) # none when the start failed
  if [ "$READY_MS" = failed ]; then
    echo failed
  else
    echo "$READY_MS $(awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$java/stat")" \
      "$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$java/status")"
  fi
  kill "$java" 2>/dev/null || kill "$STARTED" 2>/dev/null || true
  wait "$STARTED" 2>/dev/null || true
}

# bench/README.md's speed gauge: seconds for a fixed piece of Python (0.55 in a fast spell, 0.78 in a slow one)
gauge() {
  local TIMEFORMAT=%R
  { time python3 -c "sum(range(3*10**7))"; } 2>&1
}

echo "pitapat image start-up — $(nproc) cores, $(jq -r '.config.Labels["dev.pitapat.base.java"] // "?"' "$config")," \
  "load $(cut -d' ' -f1-3 /proc/loadavg), speed gauge $(gauge) s"
for round in $(seq "$ROUNDS"); do
  line="round $round:"
  for way in aot noaot; do
    read -r ms cpu rss < <(start "$way" "$out/$way-$round.log") || true
    echo "$ms $cpu $rss" >>"$out/$way.txt"
    line+=" $way $ms ms, $cpu s CPU, $rss MiB;"
  done
  echo "$line"
done
echo "== summary (ms to ready, CPU seconds then; speed gauge $(gauge) s at the end)"
for way in aot noaot; do
  for column in 1 2 3; do
    sort -n -k"$column" "$out/$way.txt" | awk -v c="$column" '{v[NR] = $c} END {printf "%s %s %s  ", v[1], v[int((NR + 1) / 2)], v[NR]}'
  done | awk -v way="$way" '{printf "%-6s ms %s / %s / %s   CPU s %s / %s / %s   RSS MiB %s / %s / %s  (min / median / max)\n", way, $1, $2, $3, $4, $5, $6, $7, $8, $9}'
done
rm -rf "$rootfs"
echo "logs: $out"
