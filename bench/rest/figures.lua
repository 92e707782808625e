-- Prints a wrk run's figures as `name value unit` lines (bench/run.sh takes
-- medians of them). The figure's name comes from BENCH_FIGURE.
local figure = os.getenv("BENCH_FIGURE") or "figure"

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local failed = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("%s_req_per_s %.1f req/s\n", figure,
                         summary.requests / seconds))
  io.write(string.format("%s_p99 %.2f ms\n", figure,
                         latency:percentile(99) / 1000))
  io.write(string.format("%s_ok %d requests\n", figure,
                         summary.requests - e.status))
  io.write(string.format("%s_failed %d requests\n", figure, failed))
end
