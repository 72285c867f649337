-- wrk script: the request mix of `ssr-serve load-test` (per 20 requests: 8 GET /v1/items?ids= of 10
-- ids, 5 GET /v1/items/{id}, 3 POST /v1/features of 10 ids, 4 POST /v1/recommend of a 20-item
-- history), to check that the load test's own client is not what limits the requests/s.
-- Usage: SSR_ITEMS=3416 SSR_MODELS=gru4rec,sgru4rec wrk -t2 -c64 -d10s -s bench/serve-load-mix.lua \
--          -H "Authorization: Bearer $SSR_SERVE_TOKEN" http://127.0.0.1:PORT
local items = tonumber(os.getenv("SSR_ITEMS") or "3416")
local models = {}
for name in string.gmatch(os.getenv("SSR_MODELS") or "gru4rec", "[^,]+") do table.insert(models, name) end
local counter = 0

-- wrk.format replaces wrk.headers (the token, Host) when given headers: add Content-Type to a copy.
local function jsonHeaders()
  local h = {}
  for k, v in pairs(wrk.headers) do h[k] = v end
  h["Content-Type"] = "application/json"
  return h
end

local function ids(n)
  local t = {}
  for i = 1, n do t[i] = tostring(math.random(1, items)) end
  return table.concat(t, ",")
end

request = function()
  local slot = counter % 20
  counter = counter + 1
  if slot < 8 then
    return wrk.format("GET", "/v1/items?ids=" .. ids(10))
  elseif slot < 13 then
    return wrk.format("GET", "/v1/items/" .. math.random(1, items))
  elseif slot < 16 then
    return wrk.format("POST", "/v1/features", jsonHeaders(), '{"ids":[' .. ids(10) .. ']}')
  else
    local model = models[(math.floor(counter / 20) % #models) + 1]
    return wrk.format("POST", "/v1/recommend", jsonHeaders(),
      '{"model":"' .. model .. '","history":[' .. ids(20) .. '],"k":10}')
  end
end

done = function(summary, latency, requests)
  io.write(string.format("wrk: %d requests, %d non-2xx/3xx, %d socket errors; p50 %.2f ms, p99 %.2f ms\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
