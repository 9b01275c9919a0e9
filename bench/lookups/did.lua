-- One DID lookup per request, a uniformly random number among the loaded ones.
local dids = tonumber(os.getenv("BENCH_DIDS"))
local headers = { ["X-Auth-Token"] = os.getenv("BENCH_TOKEN") }

function setup(thread)
  thread:set("seed", math.random(1, 2 ^ 30))
end

function init(args)
  math.randomseed(seed or os.time())
end

function request()
  return wrk.format("GET", "/v2/lookups/dids/%2B1415" .. (2000000 + math.random(0, dids - 1)), headers)
end
