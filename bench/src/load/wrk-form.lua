-- wrk script for form runs (sign-in, registration): posts one form recipe, building each request
-- in request() with the same substitutions as forms.ts fillBody, counts answers whose status is
-- not the expected one, and prints the result as one JSON line.
--
-- It counts like forms.ts and the argon2id reference: every request sent before the deadline is
-- waited for and counted, and the run lasts until the last of them is answered. (wrk's own
-- fixed window drops the requests in flight at its end: with 8 clients and answers a second
-- long, as better-auth's, that is a third of a 3-second run.) delay() stops each connection at
-- the deadline; when the last answer is in, the thread prints "drained" and stops, and
-- wrk-forms.ts interrupts wrk (SIGINT, as Ctrl-C), which then prints its summary and calls done().
--
-- The first script argument is a file of "<kind>\t<value>" lines written by wrk-forms.ts:
-- path, body (the template with {user} and {unique}), expect (the status), users, prefix,
-- seconds, and "header\t<name>\t<value>" once per header (content-type included).
--
-- Each wrk thread has its own Lua state; done() runs in yet another one and reads the counters
-- through thread:get(), so the counters below are globals of the thread's state.

local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } gatehouse_bench_timespec;
int clock_gettime(int clock_id, gatehouse_bench_timespec *time);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("gatehouse_bench_timespec")
local function now_micros()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1e6 + tonumber(timespec.tv_nsec) / 1e3
end

local path, template = "/", ""
local expect, users, prefix, seconds = 200, 0, "", 1
local headers = {}
local threads = {}
local started, deadline, last_answer = nil, nil, nil

-- Globals read by done() (per thread): requests built, unexpected answers, the first of them,
-- requests sent and not yet answered, microseconds from the first request sent to the last
-- answer (nil until drained: wrk's -d ran out first).
built = 0
unexpected = 0
first_unexpected = nil
in_flight = 0
elapsed = nil

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  for line in io.lines(args[1]) do
    local kind, value = line:match("^(%a+)\t(.*)$")
    if kind == "path" then path = value
    elseif kind == "body" then template = value
    elseif kind == "expect" then expect = tonumber(value)
    elseif kind == "users" then users = tonumber(value)
    elseif kind == "prefix" then prefix = value
    elseif kind == "seconds" then seconds = tonumber(value)
    elseif kind == "header" then
      local name, header = value:match("^([^\t]*)\t(.*)$")
      headers[name] = header
    end
  end
end

-- The last answer is in: let wrk-forms.ts end wrk's run.
local function finish(at)
  elapsed = at - started
  io.write("drained\n")
  io.flush()
  wrk.thread:stop()
end

-- Called before each request of a connection (its first included): until the deadline, send
-- now; after it, never again (an hour: wrk-forms.ts ends the run long before).
function delay()
  local now = now_micros()
  if started == nil then
    started = now
    deadline = now + seconds * 1e6
  end
  if now >= deadline then
    if in_flight == 0 and elapsed == nil then finish(last_answer or now) end
    return 3600 * 1000
  end
  in_flight = in_flight + 1
  return 0
end

-- As forms.ts: request n signs in user 1 + (n * 7919) % users (a large prime stride, so
-- consecutive sign-ins are far apart in the table), 7 digits; {unique} is the prefix and n.
-- n counts requests of this thread; with one thread (-t1) it is unique in the run. wrk builds
-- one request before the run to check it (script_verify_request), so the first one sent is n = 1.
function request()
  local n = built
  built = built + 1
  local user = users > 0 and string.format("%07d", 1 + (n * 7919) % users) or "0000000"
  local unique = prefix .. string.format("%d", n)
  -- Function replacements: the template and the values may hold "%", which a replacement string would read as a capture.
  local body = template:gsub("{user}", function() return user end):gsub("{unique}", function() return unique end)
  return wrk.format("POST", path, headers, body)
end

-- wrk's own errors.status counts only statuses of 400 and more: a 200 where 303 was expected would pass.
function response(status, _, body)
  local now = now_micros()
  in_flight = in_flight - 1
  last_answer = now
  if status ~= expect then
    unexpected = unexpected + 1
    if first_unexpected == nil then
      first_unexpected = status .. " " .. (body or ""):sub(1, 200)
    end
  end
  if deadline ~= nil and now >= deadline and in_flight == 0 and elapsed == nil then finish(now) end
end

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

-- CPU milliseconds of this wrk process (user + system, every thread: the threads have been
-- joined when done() runs), from /proc/self/stat fields 14 and 15 in ticks of 10 ms.
local function cpu_millis()
  local file = io.open("/proc/self/stat", "r")
  if file == nil then return -1 end
  local stat = file:read("*a")
  file:close()
  local fields = {}
  for field in stat:sub(stat:find("%)[^%)]*$") + 2):gmatch("%S+") do fields[#fields + 1] = field end
  return (tonumber(fields[12]) + tonumber(fields[13])) * 10
end

function done(summary, latency, _)
  local count, first, lost, micros = 0, nil, 0, 0
  for _, thread in ipairs(threads) do
    count = count + thread:get("unexpected")
    first = first or thread:get("first_unexpected")
    local drained = thread:get("elapsed")
    if drained == nil then lost = lost + thread:get("in_flight") end
    micros = math.max(micros, drained or summary.duration)
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"unexpected":%d,"unanswered":%d,"durationMicros":%d,"socket":%d,"timeouts":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"cpuMillis":%d%s}\n',
    summary.requests, count, lost, math.floor(micros), e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, cpu_millis(),
    first and (',"firstUnexpected":' .. json_string(first)) or ''))
end
