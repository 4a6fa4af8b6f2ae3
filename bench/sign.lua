-- wrk script: every request is a new, valid signature with its own id and e-mail address.
-- The run's nonce (wrk ... -- NONCE) keeps ids unique across runs on the same database.
local threads = 0
function setup(thread)
  thread:set("thread", threads)
  threads = threads + 1
end

function init(args)
  nonce = tonumber(args[1]) or 0
  counter = 0
end

function request()
  counter = counter + 1
  local id = string.format("%08x-%04x-4000-8000-%012x", nonce % 0xffffffff, thread, counter)
  local body = string.format(
    '{"id":"%s","first_name":"Bench","last_name":"Mark","email":"bench-%d-%d-%d@example.se",'
      .. '"postal_code":"12345","comment":"","public":false,"consents":[{"id":"consent_organizer",'
      .. '"text":"Genom att skriva på godkänner jag …","given":true}],"locale":"sv",'
      .. '"source":{"url":"https://bench.example/"}}',
    id, nonce, thread, counter)
  return wrk.format("POST", "/api/v1/petitions/upprop-socialtjansten/signatures",
    { ["Content-Type"] = "application/json" }, body)
end
