-- The body of a new valid signature for the wrk scripts (dofile'd by sign.lua and soak.lua):
-- unique id and address per run NONCE, wrk THREAD and counter N; CONSENT is the required
-- consent's text as a JSON string, exactly the petition's words.
return function(nonce, thread, n, consent)
  local id = string.format("%08x-%04x-4000-8000-%012x", nonce % 0xffffffff, thread, n)
  return string.format(
    '{"id":"%s","first_name":"Bench","last_name":"Mark","email":"bench-%d-%d-%d@example.se",'
      .. '"postal_code":"12345","comment":"","public":false,"consents":[{"id":"consent_organizer",'
      .. '"text":%s,"given":true}],"locale":"sv","source":{"url":"https://bench.example/"}}',
    id, nonce, thread, n, consent)
end
