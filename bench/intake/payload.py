"""Writes the benchmark's delivery: the real issue_comment example, placed on pull request 7, body "/deploy staging".

Prints the X-Hub-Signature-256 of the written bytes under the secret given as the first argument.
"""
import hashlib
import hmac
import json
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
body = json.dumps(payload, separators=(",", ":")).encode()
out.write_bytes(body)
print("sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest())
