-- wrk script: every request is a new, valid signature with its own id and e-mail address.
-- Arguments (wrk ... -- NONCE CONSENT): see bench/signature.lua.
local signature = dofile("bench/signature.lua")
local threads = 0
function setup(thread)
  thread:set("thread", threads)
  threads = threads + 1
end

function init(args)
  nonce = tonumber(args[1]) or 0
  consent = args[2]
  counter = 0
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/petitions/upprop-socialtjansten/signatures",
    { ["Content-Type"] = "application/json" }, signature(nonce, thread, counter, consent))
end
