#!/usr/bin/env bash
# Trains the Redis store's payload dictionary (store.PayloadCodec) on every example payload of
# @octokit/webhooks-examples, written the way GitHub sends them (compact JSON), and prints its SHA-256.
#
# A shipped dictionary never changes: payloads kept with it can only be read with it. A new one goes to a new
# file with the next number, under a new encoding name, and the old one stays for what is still stored.
#
#   bot/dictionary/train.sh [examples index.json] [output]
#
# Dictionary 1 (github-1.zdict) was made with zstd 1.5.4 from @octokit/webhooks-examples 7.6.1, whose index the
# build unpacks into bot/target (any `./mvnw -B verify` or `./mvnw -B -pl bot generate-test-resources`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
index=${1:-$here/../target/octokit-webhooks-examples/package/api.github.com/index.json}
out=${2:-$here/../src/main/resources/dev/pitapat/store/github-1.zdict}
[ -f "$index" ] || { echo "no examples at $index: run ./mvnw -B -pl bot generate-test-resources first" >&2; exit 1; }
command -v zstd >/dev/null || { echo "needs the zstd command line tool (Debian: apt-get install zstd)" >&2; exit 1; }
samples=$(mktemp -d)
trap 'rm -rf "$samples"' EXIT
python3 - "$index" "$samples" <<'PY'
import json, sys
for event in json.load(open(sys.argv[1])):
    for n, example in enumerate(event["examples"]):
        with open(f"{sys.argv[2]}/{event['name']}-{n}.json", "w") as f:
            f.write(json.dumps(example, separators=(",", ":")))
PY
# 32 KB: with 16 KB the benchmark's payload kept 3% larger, asking for 64 KB gave 26 KB and 39% larger;
# the ID spells "pat" and 1
zstd -q -f --train "$samples"/*.json --maxdict=32768 --dictID=1885434881 -o "$out"
sha256sum "$out"
