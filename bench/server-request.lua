-- The request wrk sends to both servers. Set by environment variables so the
-- route is easy to switch (see bench/README.md, "Server"):
--   BENCH_METHOD, BENCH_PATH (defaults set by server-bench.sh),
--   BENCH_TOKEN (sent as "Authorization: Bearer ..." when set),
--   BENCH_AUTHORIZATION (a whole Authorization value, e.g. "Token ..."; wins over BENCH_TOKEN),
--   BENCH_BODY (sent with Content-Type: application/json when set).
wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.path = os.getenv("BENCH_PATH") or "/"
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
local authorization = os.getenv("BENCH_AUTHORIZATION")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
