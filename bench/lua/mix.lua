-- wrk script for bench/load.sh: a realistic mix from many sessions. Environment:
--   BENCH_COOKIES  a file with one BFF session cookie value per line (requests rotate through them)
--   MIX_API        "1" when the BFF proxies /api/** (otherwise those slots become GET /me)
-- Per 20 requests: 10 GET /me, 3 GET /me/connected-apps, 2 POST revoke (a new app id each time), 5 GET /api/hello.
-- Every response is counted by status; done() prints: MIX_JSON {...}

local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

local cookies, slots, i, n, c

function init(args)
  cookies = {}
  for line in io.lines(os.getenv("BENCH_COOKIES")) do
    if line ~= "" then table.insert(cookies, line) end
  end
  local api = os.getenv("MIX_API") == "1"
  local me, list, revoke, proxied = "/me", "/me/connected-apps", "revoke", api and "/api/hello" or "/me"
  slots = { me, proxied, list, me, revoke, me, proxied, me, list, me, proxied, me, me, revoke, proxied, me, list, me, proxied, me }
  i, n = 0, 0
  c = thread_id * 7919
  ok, non2xx, s401, s403, s404, s429, s5xx, other = 0, 0, 0, 0, 0, 0, 0, 0
end

function request()
  i = i + 1
  c = c + 1
  local slot = slots[(i - 1) % #slots + 1]
  local headers = { ["Cookie"] = "__Host-bff-session=" .. cookies[c % #cookies + 1], ["X-CSRF"] = "1" }
  if slot == "revoke" then
    n = n + 1
    return wrk.format("POST", string.format("/me/connected-apps/load-%d-%d/revoke", thread_id, n), headers, "")
  end
  return wrk.format("GET", slot, headers, nil)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 return end
  non2xx = non2xx + 1
  if status == 401 then s401 = s401 + 1
  elseif status == 403 then s403 = s403 + 1
  elseif status == 404 then s404 = s404 + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status >= 500 then s5xx = s5xx + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local t = { ok = 0, non2xx = 0, s401 = 0, s403 = 0, s404 = 0, s429 = 0, s5xx = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'MIX_JSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_us":%d,"p99_us":%d,"max_us":%d,"ok_2xx":%d,"non_2xx":%d,"by_status":{"401":%d,"403":%d,"404":%d,"429":%d,"5xx":%d,"other":%d},"socket_errors":%d,"timeouts":%d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50), latency:percentile(99), latency.max,
    t.ok, t.non2xx, t.s401, t.s403, t.s404, t.s429, t.s5xx, t.other, e.connect + e.read + e.write, e.timeout))
end
