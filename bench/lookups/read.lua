-- One read per request with a uniformly random key among the loaded ones, the same for the service and the floor.
-- BENCH_READ: did (BENCH_KEYS numbers), credential or ip (BENCH_KEYS accounts' password and IP servers), document
-- (a random line of the file BENCH_DOCUMENT_IDS, in account BENCH_ACCOUNT). BENCH_TOKEN goes in X-Auth-Token.
local read = os.getenv("BENCH_READ")
local keys = tonumber(os.getenv("BENCH_KEYS"))
local account = os.getenv("BENCH_ACCOUNT")
local headers = { ["X-Auth-Token"] = os.getenv("BENCH_TOKEN") }
local documents = {}

function setup(thread)
  thread:set("seed", math.random(1, 2 ^ 30))
end

function init(args)
  math.randomseed(seed or os.time())
  if read == "document" then
    for id in io.lines(os.getenv("BENCH_DOCUMENT_IDS")) do documents[#documents + 1] = id end
  end
end

local paths = {
  did = function()
    return "/v2/lookups/dids/%2B1415" .. (2000000 + math.random(0, keys - 1))
  end,
  credential = function()
    local k = math.random(0, keys - 1)
    return "/v2/lookups/credentials/bench-" .. k .. ".example.com/user-" .. k
  end,
  ip = function()
    local k = math.random(0, keys - 1)
    return string.format("/v2/lookups/ips/10.%d.%d.%d", math.floor(k / 65536) % 256, math.floor(k / 256) % 256, k % 256)
  end,
  document = function()
    return "/v2/accounts/" .. account .. "/connectivity/" .. documents[math.random(1, #documents)]
  end,
}
local path = paths[read]

function request()
  return wrk.format("GET", path(), headers)
end
