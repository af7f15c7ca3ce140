-- wrk script: signed issue_comment deliveries of a real "/deploy staging" PR comment, each with a fresh
-- X-GitHub-Delivery id. The signature covers the body only, so one body and one signature serve every request.
-- Arguments (after "--"): <body file> <X-Hub-Signature-256 value>
local threads = {}
local next_thread = 1

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(args[1], "rb"))
  body = f:read("*a")
  f:close()
  signature = args[2]
  run = tostring(os.time()) .. tostring(math.random(100000, 999999))
  counter = 0
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/webhooks/github", {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "GitHub-Hookshot/bench",
    ["X-GitHub-Event"] = "issue_comment",
    ["X-GitHub-Delivery"] = string.format("%s-%d-%d", run, tid, counter),
    ["X-Hub-Signature-256"] = signature,
  }, body)
end
