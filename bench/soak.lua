-- wrk script for the soak test: a mix of what a live campaign receives.
--   60 % new valid signatures, 25 % petition reads (every page view), 5 % a retry of a signature
--   already sent (same id), 5 % malformed JSON, 5 % an oversized body.
-- Arguments (wrk ... -- NONCE CONSENT): see bench/signature.lua.
local signature_of = dofile("bench/signature.lua")
local threads = 0
function setup(thread)
  thread:set("thread", threads)
  threads = threads + 1
end

function init(args)
  nonce = tonumber(args[1]) or 0
  consent = args[2]
  counter = 0
  math.randomseed(nonce + thread)
  oversized = string.rep("x", 20000)
end

local function signature(n)
  return signature_of(nonce, thread, n, consent)
end

local sign_path = "/api/v1/petitions/upprop-socialtjansten/signatures"
local json = { ["Content-Type"] = "application/json" }

function request()
  local roll = math.random(100)
  if roll <= 60 then
    counter = counter + 1
    return wrk.format("POST", sign_path, json, signature(counter))
  elseif roll <= 85 then
    return wrk.format("GET", "/api/v1/petitions/upprop-socialtjansten?lang=sv")
  elseif roll <= 90 then
    return wrk.format("POST", sign_path, json, signature(math.max(counter, 1)))
  elseif roll <= 95 then
    return wrk.format("POST", sign_path, json, '{"id": "not a uuid", "first_name": ')
  else
    return wrk.format("POST", sign_path, json, oversized)
  end
end
