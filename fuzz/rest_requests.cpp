// The REST adapter end to end, without a socket: the router (api/router.hpp)
// with every route, the old Flask ones and /v1, in front of an engine that
// answers at once. So query strings become ledger configurations and names
// (create_ledger?name=...&updatetime=...), and JSON bodies configurations
// and trade lists (POST /v1/ledgers, PATCH /update_ledger, POST
// /v1/ledgers/{name}/trades), exactly as ledgerd reads them.
//
// The input is a request in a plain-text form:
//   METHOD TARGET
//   header-name: value        (any number of lines; names are lower-cased)
//                             (an empty line)
//   body
// "x-api-key: fuzz-key" is the valid key. "x-fuzz-fail: CODE" makes the
// engine refuse every call with CODE (holding_mismatch, unknown_ledger,
// name_taken, invalid_config, invalid_value or invalid_transition).
//
// LEDGER_FUZZ_PRINT=1 prints each request's answer (to see what a corpus
// or regression file does).
//
// Properties:
//  - the router never throws and answers exactly once, before handle()
//    returns (this engine answers at once); admit() refuses only what
//    handle() refuses the same way;
//  - never a 5xx: nothing a client sends makes a route fail;
//  - every JSON answer (gunzipped when gzip was chosen) is strict JSON,
//    however much of the request it echoes;
//  - the engine is asked only about valid ledger names, valid
//    configurations (check_config) and valid trades.

#include "api/gzip.hpp"
#include "api/router.hpp"
#include "core/history_step.hpp"
#include "core/ledger_config.hpp"
#include "json/document.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>

#include "fuzz/check.hpp"

using namespace ledger;
using namespace ledger::api;

namespace {

void check_name(const std::string& name) {
  FUZZ_CHECK(is_valid_ledger_name(name));
}

void check_order(const order& o) {
  FUZZ_CHECK(is_valid_ticker(o.ticker));
  FUZZ_CHECK(o.shares.shares() >= 1);
  FUZZ_CHECK(!o.price || o.price->micros() > 0);
}

// Answers at once: with the failure when one is set, else with values made
// from what it was asked (so the answers echo the request's text).
class echo_backend : public backend {
public:
  std::optional<failure> fail;

  static ledger_view view_of(ledger_config c) {
    ledger_view v;
    v.record = new_ledger_record(std::move(c), timestamp{});
    return v;
  }

  static ledger_view view_named(const std::string& name) {
    ledger_config c;
    c.name = name;
    c.tickers = {"AAPL"};
    c.algo_path = "builtin:null";
    return view_of(std::move(c));
  }

  template <class T>
  void answer(const callback<T>& done, T value) {
    if (fail)
      done(*fail);
    else
      done(std::move(value));
  }

  void create(ledger_config c, bool, callback<ledger_view> done) override {
    FUZZ_CHECK(!check_config(c));
    answer(done, view_of(std::move(c)));
  }
  void start(std::string n, callback<ledger_view> done) override {
    check_name(n);
    answer(done, view_named(n));
  }
  void stop(std::string n, callback<ledger_view> done) override {
    check_name(n);
    answer(done, view_named(n));
  }
  void get(std::string n, callback<ledger_view> done) override {
    check_name(n);
    answer(done, view_named(n));
  }
  void list(callback<std::vector<ledger_view>> done) override {
    answer(done, std::vector<ledger_view>{view_named("a"), view_named("b")});
  }
  void remove(std::string n, callback<bool> done) override {
    check_name(n);
    answer(done, true);
  }
  void report(std::string n, std::vector<order> trades,
              std::optional<holdings> expected,
              callback<report_result> done) override {
    check_name(n);
    if (expected)
      for (auto& [ticker, shares] : *expected)
        FUZZ_CHECK(is_valid_ticker(ticker) && shares > 0);
    // Every other trade filled, the rest rejected: both shapes rendered.
    report_result r;
    r.applied = true;
    for (std::size_t i = 0; i < trades.size(); ++i) {
      auto& o = trades[i];
      check_order(o);
      if (i % 2 == 1) {
        r.applied = false;
        r.outcomes.emplace_back(
          rejection{o, reject_code::insufficient_funds, "no " + o.ticker});
        continue;
      }
      auto at = o.price.value_or(*price::from_micros(1));
      auto delta = cash_delta_of(o.direction, at, o.shares, money{});
      r.outcomes.emplace_back(fill{o.direction, o.ticker, o.shares, at, o.price,
                                   money{}, delta.value_or(money{})});
    }
    if (fail && expected)
      fail->computed = *expected;
    answer(done, std::move(r));
  }
  void snapshot(ledger_view known, callback<ledger_snapshot> done) override {
    check_name(known.record.config.name);
    answer(done, ledger_snapshot{std::move(known), {}});
  }
  void trades(std::string n, std::int64_t after, std::size_t limit,
              callback<std::vector<persistence::trade_row>> done) override {
    check_name(n);
    FUZZ_CHECK(after >= 0 && limit >= 1 && limit <= 1000);
    answer(done, std::vector<persistence::trade_row>{});
  }
  void
  history(std::string n, std::int64_t after, std::size_t limit,
          std::optional<timestamp>, std::optional<timestamp>,
          callback<std::vector<persistence::valuation_row>> done) override {
    check_name(n);
    FUZZ_CHECK(after >= 0 && limit >= 1 && limit <= 1000);
    answer(done, std::vector<persistence::valuation_row>{});
  }
  void history_buckets(std::string n, persistence::bucket_request r,
                       callback<persistence::bucket_page> done) override {
    check_name(n);
    FUZZ_CHECK(r.limit >= 1 && r.limit <= 1000);
    FUZZ_CHECK(r.step >= min_history_step && r.step <= max_history_step);
    answer(done, persistence::bucket_page{});
  }
  void facts(std::string n, persistence::facts_request,
             callback<persistence::ledger_facts> done) override {
    check_name(n);
    answer(done, persistence::ledger_facts{});
  }
  void claim(std::string n, std::string key, std::string,
             callback<persistence::idempotency_claim> done) override {
    check_name(n);
    FUZZ_CHECK(!key.empty() && key.size() <= 255);
    answer(done, persistence::idempotency_claim{});
  }
  void settle(std::string n, std::string, bool, int, std::string,
              callback<bool> done) override {
    check_name(n);
    answer(done, true);
  }
  void ready(callback<readiness> done) override {
    readiness r;
    r.database = true;
    done(r);
  }
  std::optional<metrics_snapshot> engine_figures() const override {
    return metrics_snapshot{};
  }
  std::optional<broker_figures> broker() const override { return std::nullopt; }
};

// The failure codes the router answers without logging (reply_failure).
std::optional<failure> failure_named(std::string_view code) {
  for (std::string_view known :
       {"unknown_ledger", "name_taken", "invalid_config", "invalid_value",
        "invalid_transition", "holding_mismatch"})
    if (code == known)
      return failure{std::string{code}, "the engine says no", {}};
  return std::nullopt;
}

std::string_view take_line(std::string_view& text) {
  auto end = text.find('\n');
  auto line = text.substr(0, end);
  text =
    end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  return line;
}

request read_request(std::string_view text) {
  request req;
  auto first = take_line(text);
  auto space = first.find(' ');
  req.method = std::string{first.substr(0, space)};
  if (space != std::string_view::npos)
    req.target = std::string{first.substr(space + 1)};
  while (!text.empty()) {
    auto line = take_line(text);
    if (line.empty())
      break;
    auto colon = line.find(':');
    std::string name{line.substr(0, colon)};
    for (auto& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto value = colon == std::string_view::npos ? std::string_view{}
                                                 : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ')
      value.remove_prefix(1);
    req.headers.emplace(std::move(name), std::string{value});
  }
  req.body = std::string{text};
  return req;
}

bool has_header(const response& r, std::string_view name) {
  for (auto& [key, value] : r.headers)
    if (key == name)
      return true;
  return false;
}

void check_response(const response& r) {
  FUZZ_CHECK(r.status >= 200 && r.status < 500);
  if (r.content_type != "application/json" || r.payload().empty())
    return;
  std::string text{r.payload()};
  if (has_header(r, "Content-Encoding"))
    text = gunzip(text);
  json::document doc;
  if (auto why = doc.parse(text))
    ledger::fuzz::differ("every JSON answer is strict JSON", text, *why,
                         __FILE__, __LINE__);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto req = read_request(ledger::fuzz::text_of(data, size));
  auto engine = std::make_shared<echo_backend>();
  engine->fail = failure_named(req.header("x-fuzz-fail"));
  router_options options;
  options.keys.add("fuzz-key");
  options.view_cache_bytes = 1 << 20;
  router r{engine, options};

  auto refused = r.admit(req);
  int answers = 0;
  response answer;
  r.handle(req, [&](response a) {
    ++answers;
    answer = std::move(a);
  });
  FUZZ_CHECK(answers == 1);
  if (refused) {
    FUZZ_CHECK(refused->status == answer.status);
    FUZZ_CHECK_EQUAL_TEXT(refused->body, answer.body);
  }
  if (std::getenv("LEDGER_FUZZ_PRINT"))
    std::fprintf(
      stderr, "%s %s -> %d %.*s\n", req.method.c_str(), req.target.c_str(),
      answer.status,
      static_cast<int>(std::min<std::size_t>(answer.payload().size(), 300)),
      answer.payload().data());
  check_response(answer);
  return 0;
}
