-- wrk script for the soak test: a mix of what a live campaign receives.
--   60 % new valid signatures, 25 % petition reads (every page view), 5 % a retry of a signature
--   already sent (same id), 5 % malformed JSON, 5 % an oversized body.
-- Arguments (wrk ... -- NONCE CONSENT): a run nonce for unique ids, and the required consent's
-- text as a JSON string.
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
  local id = string.format("%08x-%04x-4000-8000-%012x", nonce % 0xffffffff, thread, n)
  return string.format(
    '{"id":"%s","first_name":"Soak","last_name":"Test","email":"soak-%d-%d-%d@example.se",'
      .. '"postal_code":"","comment":"","public":false,"consents":[{"id":"consent_organizer",'
      .. '"text":%s,"given":true}],"locale":"sv","source":{"url":"https://soak.example/"}}',
    id, nonce, thread, n, consent)
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
