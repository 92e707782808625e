// /v1/ledgers/{name}/stats and /v1/compare: a ledger's statistics, and
// several ledgers' over one window side by side (docs/api.md,
// "Statistics"). The reader streams the facts into core/statistics.hpp;
// these routes only read parameters and write the answer.

#include "api/routes.hpp"
#include "api/stats_view.hpp"

#include <charconv>
#include <mutex>
#include <set>

namespace ledger::api {

namespace {

/// How many ledgers one comparison may name.
constexpr std::size_t max_compared = 20;

// A plain decimal: optional '-', digits, optional '.' and digits.
bool is_decimal(std::string_view text) {
  std::size_t i = !text.empty() && text[0] == '-' ? 1 : 0;
  std::size_t digits = 0;
  bool point = false;
  for (; i < text.size(); ++i) {
    if (text[i] >= '0' && text[i] <= '9')
      ++digits;
    else if (text[i] == '.' && !point)
      point = true;
    else
      return false;
  }
  return digits > 0 && digits <= 30;
}

// ?risk_free=: the annual risk-free rate as a fraction, default 0; a 400 and
// nullopt when it is not a decimal in (-1, 1].
std::optional<double> risk_free(const call_ptr& c) {
  auto text = c->target.param("risk_free");
  if (!text)
    return 0.0;
  // The text is checked first, so from_chars (which would also take "inf"
  // or exponents) only ever sees a decimal; it ignores the locale.
  double rate = 0;
  if (is_decimal(*text) &&
      std::from_chars(text->data(), text->data() + text->size(), rate).ec ==
        std::errc{} &&
      rate > -1 && rate <= 1)
    return rate;
  c->reply(bad_parameter("risk_free must be the annual risk-free rate as a "
                         "decimal fraction above -1 and at most 1, like 0.02"));
  return std::nullopt;
}

persistence::facts_request request_for(const ledger_view& info, double rate) {
  persistence::facts_request r;
  r.settings = statistics_settings{info.record.config.interval, rate};
  return r;
}

void stats(const call_ptr& c, const services& s) {
  auto name = path_name(c);
  if (!name)
    return;
  auto rate = risk_free(c);
  if (!rate)
    return;
  auto engine = s.engine;
  engine->get(*name, on_success<ledger_view>(c, [c, engine, n = *name,
                                                 rate](ledger_view& info) {
    engine->facts(n, request_for(info, *rate),
                  on_success<persistence::ledger_facts>(
                    c, [c, info](persistence::ledger_facts& facts) {
                      c->reply(json_response(200, stats_view(info, facts)));
                    }));
  }));
}

// ?names=a,b,c: valid, distinct, 1 to max_compared; else answers 400.
std::optional<std::vector<std::string>> compared_names(const call_ptr& c) {
  auto text = c->target.param("names");
  if (!text || text->empty()) {
    c->reply(bad_parameter("names is required: ledger names separated by "
                           "commas, like names=a,b"));
    return std::nullopt;
  }
  std::vector<std::string> names;
  std::set<std::string> seen;
  std::size_t start = 0;
  for (;;) {
    auto comma = text->find(',', start);
    auto read =
      ledger_name(text->substr(start, comma - start), "a name in names");
    if (auto r = std::get_if<response>(&read)) {
      c->reply(std::move(*r));
      return std::nullopt;
    }
    auto& one = std::get<std::string>(read);
    if (!seen.insert(one).second) {
      c->reply(bad_parameter("names lists " + one + " twice"));
      return std::nullopt;
    }
    names.push_back(one);
    if (names.size() > max_compared) {
      c->reply(bad_parameter("names may list at most " +
                             std::to_string(max_compared) + " ledgers"));
      return std::nullopt;
    }
    if (comma == std::string::npos)
      return names;
    start = comma + 1;
  }
}

// The answers of a comparison's reads, which may arrive on any thread.
struct comparison {
  std::mutex lock;
  std::vector<compared_ledger> ledgers;
  std::size_t missing;
  std::optional<timestamp> from, to;
  double rate = 0;
};

void compare(const call_ptr& c, const services& s) {
  std::optional<timestamp> from, to;
  if (!read_bound(c, "from", from) || !read_bound(c, "to", to))
    return;
  if (from && to && *from > *to) {
    c->reply(bad_parameter("from must not be after to"));
    return;
  }
  auto rate = risk_free(c);
  if (!rate)
    return;
  auto names = compared_names(c);
  if (!names)
    return;
  auto all = std::make_shared<comparison>();
  all->ledgers.resize(names->size());
  all->missing = names->size();
  all->from = from;
  all->to = to;
  all->rate = *rate;
  auto engine = s.engine;
  for (std::size_t i = 0; i < names->size(); ++i) {
    auto n = (*names)[i];
    // get first: an unknown name is a 404 naming it (the first failure
    // answers; a call answers once).
    engine->get(
      n, on_success<ledger_view>(c, [c, engine, all, i, n](ledger_view& info) {
        auto request = request_for(info, all->rate);
        request.from = all->from;
        request.to = all->to;
        request.tallies = false;
        engine->facts(n, request,
                      on_success<persistence::ledger_facts>(
                        c, [c, all, i, n](persistence::ledger_facts& facts) {
                          std::lock_guard<std::mutex> guard{all->lock};
                          all->ledgers[i] = compared_ledger{n, facts.stats};
                          if (--all->missing == 0)
                            c->reply(json_response(
                              200, compare_view(all->from, all->to, all->rate,
                                                all->ledgers)));
                        }));
      }));
  }
}

} // namespace

std::vector<route> stats_routes() {
  return {
    {"GET", "/v1/ledgers/{name}/stats", access::read, stats},
    {"GET", "/v1/compare", access::read, compare},
  };
}

} // namespace ledger::api
