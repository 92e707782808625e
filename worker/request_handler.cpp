#include "worker/request_handler.hpp"

#include "json/fields.hpp"
#include "json/trades.hpp"
#include "worker/algo_path.hpp"
#include "worker/builtin_algorithms.hpp"
#include "worker/tick_line.hpp"

#include <exception>

namespace ledger::worker {

namespace {

algo_reply failed(algo_reply reply, algo_failure code, std::string message) {
  reply.orders.clear();
  reply.error = code;
  reply.error_message = std::move(message);
  return reply;
}

/// The host's "ok" reply: its trades, read as strictly as the engine's
/// codec reads them.
algo_reply read_trades(algo_reply reply, const host_reply& answer,
                       std::size_t max_trades) {
  auto& root = answer.doc.root();
  auto trades = root.FindMember("trades");
  if (trades == root.MemberEnd())
    return failed(std::move(reply), algo_failure::bad_output,
                  "the model host's reply has no trades");
  const auto& list = trades->value;
  if (list.IsArray() && list.Size() > max_trades)
    return failed(std::move(reply), algo_failure::bad_output,
                  "the model returned " + std::to_string(list.Size()) +
                    " trades; at most " + std::to_string(max_trades) +
                    " per tick");
  auto orders = json::read_orders(answer.doc, list);
  if (auto* why = std::get_if<std::string>(&orders))
    return failed(std::move(reply), algo_failure::bad_output, *why);
  reply.orders = std::get<std::vector<order>>(std::move(orders));
  return reply;
}

/// The host's "ok": false reply. bad_request means the worker and the SDK
/// disagree on the protocol, which the ledger can only record as a failed
/// model.
algo_reply read_failure(algo_reply reply, const host_reply& answer) {
  json::field_reader f{answer.doc, answer.doc.root()};
  auto code = f.optional_text("error").value_or("");
  auto message = message_of(answer).value_or("no message");
  auto known = parse_algo_failure(code);
  if (known == algo_failure::model_error || known == algo_failure::bad_output)
    return failed(std::move(reply), *known, std::move(message));
  if (known == algo_failure::bad_request)
    return failed(std::move(reply), algo_failure::model_error,
                  "the model host refused the request: " + message);
  return failed(std::move(reply), algo_failure::model_error,
                "the model host failed with \"" + code.substr(0, 32) +
                  "\": " + message);
}

} // namespace

request_handler::request_handler(handler_options options, host_pool& hosts)
  : options_(std::move(options)), hosts_(hosts) {}

algo_reply request_handler::handle(const algo_request& request) {
  return handle(request, std::chrono::system_clock::now());
}

bool request_handler::release(const std::string& ledger,
                              std::chrono::milliseconds budget) {
  if (!hosts_.serves(ledger))
    return false;
  return !hosts_.drop_ledger(ledger, budget).has_value();
}

algo_reply request_handler::handle(const algo_request& request, timestamp now) {
  try {
    return ask(request, now);
  } catch (const std::exception& e) {
    // Our own failure (out of memory for a reply, ...): still answer, so
    // the ledger records it instead of waiting for its deadline.
    algo_reply reply;
    reply.ledger = request.ledger;
    reply.tick = request.tick;
    return failed(std::move(reply), algo_failure::model_error,
                  std::string{"the worker failed: "} + e.what());
  }
}

const request_handler::resolution&
request_handler::resolve(const std::string& algo_path) {
  auto now = std::chrono::steady_clock::now();
  auto known = resolved_.find(algo_path);
  if (known != resolved_.end() && now < known->second.until)
    return known->second.result;
  if (resolved_.size() >= 1024) // ledgers name few algorithms; stay bounded
    resolved_.clear();
  auto& entry = resolved_[algo_path];
  entry.result = resolve_algo_path(options_.algos_root, algo_path);
  entry.until = now + options_.resolve_cache;
  return entry.result;
}

algo_reply request_handler::ask(const algo_request& request, timestamp now) {
  algo_reply reply;
  reply.ledger = request.ledger;
  reply.tick = request.tick;
  // The ledger has stopped waiting: an answer is only for its record, so
  // no model runs for it (and none is started).
  if (request.deadline <= now)
    return failed(std::move(reply), algo_failure::timeout,
                  "the deadline passed before the model was asked");
  if (is_builtin(request.algo)) {
    auto orders = run_builtin(request.algo, request);
    if (auto* why = std::get_if<std::string>(&orders))
      return failed(std::move(reply), algo_failure::model_error, *why);
    reply.orders = std::get<std::vector<order>>(std::move(orders));
    return reply;
  }
  auto& resolved = resolve(request.algo);
  if (auto* why = std::get_if<std::string>(&resolved))
    return failed(std::move(reply), algo_failure::model_error, *why);
  auto budget = std::max(
    options_.min_budget,
    std::chrono::ceil<std::chrono::milliseconds>(request.deadline - now));
  auto& host =
    hosts_.host_for(std::get<std::filesystem::path>(resolved), request.ledger);
  auto result = host.call(
    request.ledger,
    [&request](json::writer& w) { write_tick_members(w, request); }, budget);
  if (auto* e = std::get_if<host_error>(&result))
    return failed(std::move(reply), e->code, e->message);
  auto& answer = std::get<host_reply>(result);
  if (answer.ok)
    return read_trades(std::move(reply), answer, options_.max_trades);
  return read_failure(std::move(reply), answer);
}

} // namespace ledger::worker
