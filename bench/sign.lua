-- wrk script: every request is a new, valid signature with its own id and e-mail address.
-- The run's nonce (wrk ... -- NONCE CONSENT) keeps ids unique across runs on the same database;
-- CONSENT is the required consent's text as a JSON string, exactly the petition's words.
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
  local id = string.format("%08x-%04x-4000-8000-%012x", nonce % 0xffffffff, thread, counter)
  local body = string.format(
    '{"id":"%s","first_name":"Bench","last_name":"Mark","email":"bench-%d-%d-%d@example.se",'
      .. '"postal_code":"12345","comment":"","public":false,"consents":[{"id":"consent_organizer",'
      .. '"text":%s,"given":true}],"locale":"sv",'
      .. '"source":{"url":"https://bench.example/"}}',
    id, nonce, thread, counter, consent)
  return wrk.format("POST", "/api/v1/petitions/upprop-socialtjansten/signatures",
    { ["Content-Type"] = "application/json" }, body)
end
