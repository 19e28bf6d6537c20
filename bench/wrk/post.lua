-- wrk script of the Jetway benchmark: POSTs one fixed body with the headers the run script passes
-- in the environment, and prints one machine-readable RESULT line (times in microseconds) in the
-- same shape as loadgen/LoadGen.java, so bench/Report.java can read both.
--   BENCH_BODY_FILE  the JSON body
--   BENCH_HEADERS    headers separated by "|", each "name: value"
--   BENCH_EXPECT     optional: a text every response body must contain (else it counts as an error)
local f = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
for h in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
  local name, value = string.match(h, "^%s*([^:]+):%s*(.-)%s*$")
  if name then wrk.headers[name] = value end
end

local expect = os.getenv("BENCH_EXPECT")
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  bad = 0
end
if expect and expect ~= "" then
  function response(status, headers, body)
    if status == 200 and not string.find(body, expect, 1, true) then
      bad = bad + 1
    end
  end
end

function done(summary, latency, requests)
  local badBodies = 0
  for _, t in ipairs(threads) do
    badBodies = badBodies + (t:get("bad") or 0)
  end
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout + badBodies
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT mode=closed n=%d errors=%d rps=%.1f p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f\n",
    summary.requests, errors, summary.requests / secs,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
