-- wrk script for page runs: cycles through prebuilt requests (one per line of the file given as
-- the first script argument: "<path>\t<cookie header>") and prints the result as one JSON line.
local requests = {}
local next_index = 0

function init(args)
  for line in io.lines(args[1]) do
    local path, cookie = line:match("^([^\t]*)\t(.*)$")
    requests[#requests + 1] = wrk.format("GET", path, { ["Cookie"] = cookie })
  end
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationMicros":%d,"bytes":%d,"status":%d,"socket":%d,"timeouts":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
