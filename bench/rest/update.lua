-- One reported trade per request, POST /v1/ledgers/u<k>/trades, the
-- requests of each thread going round the ledgers u0..u<BENCH_LEDGERS-1>.
-- Figures as in figures.lua.
local ledgers = tonumber(os.getenv("BENCH_LEDGERS") or "16")
local body = '{"trades": [{"type": "buy", "ticker": "AAPL", "quantity": 1,' ..
             ' "price": 0.01}]}'
local n = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("BENCH_KEY")

request = function()
  n = n + 1
  return wrk.format(nil, "/v1/ledgers/u" .. (n % ledgers) .. "/trades", nil,
                    body)
end

dofile(os.getenv("BENCH_DIR") .. "/figures.lua")
