"""Writes the benchmark's delivery: the real issue_comment example, placed on pull request 7, body "/deploy staging".

The example is also one of those the Redis store's payload dictionary learnt (bot/dictionary/train.sh). So that
the benchmark measures what another organisation's payloads cost, its owner, repository, issue text, ids, node ids
and times are changed, each to a value of the same length: the payload stays 14,237 bytes.

Prints the X-Hub-Signature-256 of the written bytes under the secret given as the first argument.
"""
import hashlib
import hmac
import json
import random
import re
import string
import sys
from pathlib import Path

secret, out = sys.argv[1], Path(sys.argv[2])
root = Path(__file__).resolve().parents[2]
payload = json.loads((root / "bot/src/test/resources/webhooks/issue_comment/created.json").read_text())
repo = payload["repository"]
payload["issue"]["number"] = 7
payload["issue"]["pull_request"] = {
    "url": f"{repo['url']}/pulls/7",
    "html_url": f"{repo['html_url']}/pull/7",
    "diff_url": f"{repo['html_url']}/pull/7.diff",
    "patch_url": f"{repo['html_url']}/pull/7.patch",
}
payload["comment"]["body"] = "/deploy staging"
text = json.dumps(payload, separators=(",", ":"))

for old, new in {
    "Codertocat": "acme-infra",
    "codertocat": "acme-infra",
    "Hello-World": "payment-api",
    "hello-world": "payment-api",
    "Spelling error in the README file": "Checkout fails on an empty basket",
    "It looks like you accidently spelled 'commit' with two 't's.":
        "Removing the last item, then paying, answers 500 every time.",
}.items():
    assert len(old) == len(new), (old, new)
    text = text.replace(old, new)
rng = random.Random(7)
changed = {}  # one value for each: the same user's id is the same wherever it appears


def other(value, make):
    return changed.setdefault(value, make(value))


def number(v):
    return str(rng.randint(10 ** (len(v) - 1), 10 ** len(v) - 1))


def node_id(v):
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in v)


def time(v):
    return "2026-%02d-%02dT%02d:%02d:%02dZ" % (
        rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))


text = re.sub(r"\d{3,}", lambda m: other(m.group(), number), text)
text = re.sub(r'("node_id":")([^"]+)', lambda m: m.group(1) + other(m.group(2), node_id), text)
text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", lambda m: other(m.group(), time), text)
body = text.encode()
json.loads(body)  # still JSON
out.write_bytes(body)
print("sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest())
