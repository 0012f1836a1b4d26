-- wrk script for bench/run.sh. Environment:
--   BENCH_METHOD   GET (default) or POST
--   BENCH_PATH     request path; a "%d" in it walks a per-thread counter (e.g. distinct connected-app ids)
--   BENCH_COOKIES  a file with one BFF session cookie value per line; requests rotate through them
--   BENCH_CSRF     "1" to send X-CSRF: 1
-- Requests are prebuilt where possible so that wrk's own cost is the same in every scenario.
-- done() prints one line: BENCH_JSON {...} (latency in microseconds).

local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

local method, path, walk, cookies, csrf, prebuilt, n, i

function init(args)
  method = os.getenv("BENCH_METHOD") or "GET"
  path = os.getenv("BENCH_PATH") or "/"
  walk = string.find(path, "%d", 1, true) ~= nil
  csrf = os.getenv("BENCH_CSRF") == "1"
  cookies = {}
  local file = os.getenv("BENCH_COOKIES")
  if file and file ~= "" then
    for line in io.lines(file) do
      if line ~= "" then table.insert(cookies, line) end
    end
  end
  if #cookies == 0 then cookies = { false } end
  prebuilt = {}
  for k, cookie in ipairs(cookies) do
    prebuilt[k] = wrk.format(method, path, headers_for(cookie), method == "POST" and "" or nil)
  end
  n = 0
  i = 0
end

function headers_for(cookie)
  local h = {}
  if cookie then h["Cookie"] = "__Host-bff-session=" .. cookie end
  if csrf then h["X-CSRF"] = "1" end
  return h
end

function request()
  i = i + 1
  if i > #cookies then i = 1 end
  if walk then
    n = n + 1
    local id = string.format("%d%07d", thread_id, n)
    local p = string.gsub(path, "%%d", id)
    return wrk.format(method, p, headers_for(cookies[i]), method == "POST" and "" or nil)
  end
  return prebuilt[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,"http_errors":%d,"socket_errors":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.status, e.connect + e.read + e.write + e.timeout))
end
