#pragma once

// A backend for router tests: records each call and answers at once.

#include "api/backend.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ledger::test {

using namespace ledger::api;

// Answers every call at once: with `fail` when set, else a plain ledger.
class fake_backend : public backend {
public:
  std::vector<std::string> calls;
  std::optional<failure> fail;
  std::optional<holdings> last_expected;
  std::vector<order> last_trades;
  std::optional<persistence::facts_request> last_facts;
  std::optional<persistence::bucket_request> last_buckets;

  ledger_view info(const std::string& name) {
    ledger_config c;
    c.name = name;
    c.tickers = {"AAPL"};
    c.algo_path = "x";
    ledger_view i;
    i.record = new_ledger_record(c, timestamp{});
    return i;
  }

  template <class T>
  void answer(const callback<T>& done, T value) {
    if (fail)
      done(*fail);
    else
      done(std::move(value));
  }

  void create(ledger_config c, bool start,
              callback<ledger_view> done) override {
    calls.push_back("create " + c.name + (start ? " started" : ""));
    answer(done, info(c.name));
  }
  void start(std::string n, callback<ledger_view> done) override {
    calls.push_back("start " + n);
    answer(done, info(n));
  }
  void stop(std::string n, callback<ledger_view> done) override {
    calls.push_back("stop " + n);
    answer(done, info(n));
  }
  void get(std::string n, callback<ledger_view> done) override {
    calls.push_back("get " + n);
    answer(done, info(n));
  }
  void list(callback<std::vector<ledger_view>> done) override {
    calls.push_back("list");
    answer(done, std::vector<ledger_view>{info("a"), info("b"), info("c")});
  }
  void remove(std::string n, callback<bool> done) override {
    calls.push_back("remove " + n);
    answer(done, true);
  }
  void report(std::string n, std::vector<order> trades,
              std::optional<holdings> expected,
              callback<report_result> done) override {
    calls.push_back("report " + n);
    last_trades = trades;
    last_expected = expected;
    answer(done, report_result{true, {}});
  }
  void snapshot(ledger_view known, callback<ledger_snapshot> done) override {
    auto& n = known.record.config.name;
    calls.push_back("snapshot " + n);
    answer(done, ledger_snapshot{info(n), {}});
  }
  void trades(std::string n, std::int64_t, std::size_t,
              callback<std::vector<persistence::trade_row>> done) override {
    calls.push_back("trades " + n);
    answer(done, std::vector<persistence::trade_row>{});
  }
  void
  history(std::string n, std::int64_t, std::size_t, std::optional<timestamp>,
          std::optional<timestamp>,
          callback<std::vector<persistence::valuation_row>> done) override {
    calls.push_back("history " + n);
    answer(done, std::vector<persistence::valuation_row>{});
  }
  void history_buckets(std::string n, persistence::bucket_request request,
                       callback<persistence::bucket_page> done) override {
    calls.push_back("history_buckets " + n);
    last_buckets = request;
    answer(done, persistence::bucket_page{});
  }
  void facts(std::string n, persistence::facts_request request,
             callback<persistence::ledger_facts> done) override {
    calls.push_back("facts " + n);
    last_facts = request;
    answer(done, persistence::ledger_facts{});
  }
  void claim(std::string l, std::string, std::string,
             callback<persistence::idempotency_claim> done) override {
    calls.push_back("claim " + l);
    answer(done, persistence::idempotency_claim{});
  }
  void settle(std::string l, std::string, bool, int, std::string,
              callback<bool> done) override {
    calls.push_back("settle " + l);
    answer(done, true);
  }
  /// What ready() and broker() report of the broker.
  std::optional<broker_figures> broker_state;
  void ready(callback<readiness> done) override {
    readiness r;
    r.database = true;
    r.broker = broker_state;
    answer(done, r);
  }
  std::optional<metrics_snapshot> engine_figures() const override {
    metrics_snapshot s;
    s.ledgers[static_cast<std::size_t>(ledger_status::created)] = 3; // list()'s
    return s;
  }
  std::optional<broker_figures> broker() const override { return broker_state; }
};

} // namespace ledger::test
