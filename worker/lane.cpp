#include "worker/lane.hpp"

#include "messaging/reconnect.hpp"

namespace ledger::worker {

namespace {

// Short enough to notice stop() and to service hosts promptly, and well
// under the heartbeat, which rabbitmq-c only sends from inside calls.
constexpr auto poll_interval = std::chrono::milliseconds{200};
// A drain ends when the queue has been quiet this long.
constexpr auto drain_quiet = std::chrono::milliseconds{100};
// Deliveries answered before one ack covers them all (basic.ack with
// multiple): an ack costs the broker about as much as a third of a message.
constexpr int burst = 32;

} // namespace

lane::lane(lane_options options, logger log)
  : options_(std::move(options)), log_(std::move(log)) {
  options_.hosts.cancel = &abort_;
}

lane::~lane() {
  stop();
  abort();
  join();
}

void lane::start() {
  thread_ = std::thread{[this] { run(); }};
}

void lane::join() {
  if (thread_.joinable())
    thread_.join();
}

void lane::count(answered outcome) {
  switch (outcome) {
  case answered::trades:
    ++counts_.trades;
    break;
  case answered::timeout:
    ++counts_.timeouts;
    break;
  case answered::failed:
    ++counts_.failures;
    break;
  case answered::released:
    ++counts_.released;
    break;
  case answered::unreadable:
    ++counts_.rejected;
    log_("lane " + std::to_string(options_.index) +
         ": rejected a delivery that is not a trade request");
    break;
  }
}

void lane::run() {
  // The hosts are started from this thread and die with it
  // (PR_SET_PDEATHSIG), so none outlives a lane.
  host_pool pool{options_.hosts};
  request_handler handler{options_.handler, pool};
  messaging::amqp_connection c;
  try {
    serve_until_stopped(c, handler, pool);
  } catch (const std::exception& e) {
    log_("lane " + std::to_string(options_.index) + " failed: " + e.what());
  }
  int drained = drain(c, handler);
  c.close();
  auto ended = pool.shutdown(options_.hosts.shutdown_grace);
  log_("lane " + std::to_string(options_.index) +
       ": stopped consuming; answered " + std::to_string(drained) +
       " request(s) that had already arrived; model hosts: " +
       std::to_string(ended.exited) + " exited, " +
       std::to_string(ended.killed) + " killed");
  finished_ = true;
}

void lane::serve_until_stopped(messaging::amqp_connection& c,
                               request_handler& handler, host_pool& pool) {
  auto name = "lane " + std::to_string(options_.index);
  auto& topology = options_.topology;
  auto setup = [&](messaging::amqp_connection& x) {
    // The exchanges only: the commands queue is ledgerd's (and ledgerctl's)
    // to declare, and the worker's broker role may not bind it.
    messaging::declare_exchanges(x, topology);
    queue_ = messaging::declare_lane_queue(x, topology, options_.weight);
    x.consume(queue_, options_.prefetch);
  };
  auto on_error = [&](const std::string& what) { log_(name + ": " + what); };
  messaging::connect_options connect;
  connect.name = "ledger-worker " + name;
  while (!stop_) {
    if (!c.is_open()) {
      if (!messaging::connect_with_retry(c, options_.amqp_url, setup, stop_,
                                         on_error, connect))
        return;
      log_(name + ": serving " + queue_ + " (weight " + options_.weight +
           ") on " + topology.trade_requests_exchange() + " from " +
           c.redacted_url());
    }
    try {
      if (auto e = c.poll(poll_interval))
        answer_burst(c, handler, std::move(*e));
      pool.service();
    } catch (const messaging::amqp_error& e) {
      on_error(e.what());
      c.close();
    }
  }
}

int lane::answer_burst(messaging::amqp_connection& c, request_handler& handler,
                       messaging::envelope first) {
  std::optional<messaging::envelope> to_ack;
  int n = 0;
  for (std::optional<messaging::envelope> e = std::move(first); e;
       e = n < burst ? c.poll(std::chrono::milliseconds{0}) : std::nullopt) {
    auto outcome = answer_delivery(c, handler, *e);
    count(outcome);
    ++n;
    if (outcome != answered::unreadable) // rejected already
      to_ack = std::move(e);
  }
  if (to_ack)
    c.ack_through(*to_ack);
  return n;
}

int lane::drain(messaging::amqp_connection& c, request_handler& handler) {
  if (!c.is_open())
    return 0;
  int answered_here = 0;
  auto until = std::chrono::steady_clock::now() + options_.drain;
  try {
    // Unbound first: the ring moves this lane's ledgers to other lanes
    // now, instead of when the connection closes.
    c.unbind_queue(queue_, options_.topology.trade_requests_exchange(),
                   options_.weight);
    while (!abort_ && std::chrono::steady_clock::now() < until) {
      auto e = c.poll(drain_quiet);
      if (!e)
        break;
      answered_here += answer_burst(c, handler, std::move(*e));
    }
  } catch (const messaging::amqp_error& e) {
    log_("lane " + std::to_string(options_.index) + ": " + e.what());
  }
  return answered_here;
}

} // namespace ledger::worker
