#include "worker/model_host.hpp"

#include <cstdlib>

namespace ledger::worker {

namespace {

std::string millis(std::chrono::milliseconds d) {
  return std::to_string(d.count()) + " ms";
}

std::string millis_since(std::chrono::steady_clock::time_point t) {
  return millis(std::chrono::duration_cast<std::chrono::milliseconds>(
    std::chrono::steady_clock::now() - t));
}

} // namespace

model_host::model_host(std::filesystem::path algo, host_options options)
  : algo_(std::move(algo)), options_(std::move(options)),
    recent_starts_(options_.max_starts, options_.restart_window) {}

model_host::~model_host() {
  // Idle hosts exit on end of input; one stuck in a model is killed.
  if (channel_)
    channel_->stop(options_.shutdown_grace);
}

pid_t model_host::pid() const {
  return channel_ ? channel_->pid() : -1;
}

std::variant<host_reply, host_error>
model_host::call(std::string_view ledger, const request_members& members,
                 std::chrono::milliseconds budget) {
  auto now = clock::now();
  if (auto refused = refuse(ledger, now))
    return *std::move(refused);
  return exchange(ledger, members, now + budget, budget);
}

std::variant<host_reply, host_error>
model_host::ping(std::chrono::milliseconds budget) {
  return exchange({}, ping_members, clock::now() + budget, budget);
}

std::optional<host_error> model_host::drop(std::string_view ledger,
                                           std::chrono::milliseconds budget) {
  if (!channel_)
    return std::nullopt; // a fresh host starts every model afresh anyway
  auto result = exchange(
    {},
    [ledger](json::writer& w) {
      w.Key("op");
      w.String("drop");
      json::write_member(w, "ledger", ledger);
    },
    clock::now() + budget, budget);
  if (auto* e = std::get_if<host_error>(&result))
    return *std::move(e);
  auto& reply = std::get<host_reply>(result);
  if (!reply.ok)
    return host_error{algo_failure::model_error,
                      "the model host refused to drop " + std::string{ledger} +
                        ": " + message_of(reply).value_or("no message")};
  return std::nullopt;
}

void model_host::service() {
  if (!channel_)
    return;
  if (pending_) {
    // A late reply that has come is dropped here; a host past its limit
    // is killed (and its ledger blamed) by await_pending.
    auto startup = pending_->startup;
    auto got = await_pending(clock::now());
    if (got.kind == awaited::reply && startup &&
        !std::get<host_reply>(got.result).ok)
      end_host(algo_failure::model_error, "refused a ping");
    return;
  }
  // Died while idle (killed from outside, say): the next call starts a
  // fresh host instead of finding out by losing a request.
  if (channel_->try_reap()) {
    channel_.reset();
  }
}

void model_host::close_input() {
  if (channel_)
    channel_->close_input();
}

bool model_host::exited() {
  if (!channel_)
    return true;
  if (!channel_->try_reap())
    return false;
  channel_.reset();
  pending_.reset();
  return true;
}

bool model_host::kill() {
  if (!channel_)
    return false;
  channel_->kill();
  channel_.reset();
  pending_.reset();
  return true;
}

std::variant<host_reply, host_error>
model_host::exchange(std::string_view ledger, const request_members& members,
                     clock::time_point deadline,
                     std::chrono::milliseconds budget) {
  if (options_.cancel && options_.cancel->load()) // not worth a host start
    return host_error{algo_failure::timeout, "the worker is stopping"};
  if (auto not_free = make_free(deadline))
    return *std::move(not_free);
  auto id = next_id_++;
  auto now = clock::now();
  pending_ = pending_request{id, now, now + options_.hard_limit,
                             std::string{ledger}, false};
  channel_->send(request_line(id, members));
  auto got = await_pending(deadline);
  switch (got.kind) {
  case awaited::reply:
  case awaited::failed:
    return std::move(got.result);
  case awaited::waiting:
    return host_error{algo_failure::timeout,
                      "no reply from the model within " + millis(budget) +
                        "; its host keeps working on it and will drop the "
                        "late reply"};
  case awaited::cancelled:
    break;
  }
  return host_error{algo_failure::timeout, "the worker is stopping"};
}

std::optional<host_error> model_host::make_free(clock::time_point deadline) {
  // At most: the old host is gone, a new one starts, its ping is awaited.
  for (int round = 0; round < 3; ++round) {
    if (!channel_)
      if (auto failed = start(clock::now()))
        return failed;
    if (!pending_)
      return std::nullopt;
    auto startup = pending_->startup;
    auto got = await_pending(deadline);
    switch (got.kind) {
    case awaited::reply:
      if (startup && !std::get<host_reply>(got.result).ok)
        return end_host(algo_failure::model_error,
                        "the model host refused a ping: " +
                          bounded(std::get<host_reply>(got.result).line));
      continue; // a late reply, dropped; or the start's ping: ready
    case awaited::failed:
      if (startup)
        return std::get<host_error>(std::move(got.result));
      continue; // the late request ended its host: start another
    case awaited::waiting:
      return host_error{algo_failure::timeout, busy_message()};
    case awaited::cancelled:
      return host_error{algo_failure::timeout, "the worker is stopping"};
    }
  }
  return host_error{algo_failure::model_error,
                    "the model host could not be made ready"};
}

std::string model_host::busy_message() const {
  auto& p = *pending_;
  if (p.startup)
    return "the model host is still starting (for " + millis_since(p.sent) +
           "); the request was not sent to it";
  return "the model host is still working on a late request" +
         (p.ledger.empty() ? std::string{}
                           : " of ledger " + bounded(p.ledger, 100)) +
         " (sent " + millis_since(p.sent) +
         " ago); this request was not sent to it";
}

model_host::awaited model_host::await_pending(clock::time_point until) {
  auto p = *pending_; // copied: the handlers below may end the host
  std::string line;
  auto status =
    channel_->next_line(std::min(until, p.limit), line, options_.cancel);
  switch (status) {
  case host_channel::status::line: {
    auto checked = check(std::move(line));
    auto kind = std::holds_alternative<host_reply>(checked) ? awaited::reply
                                                            : awaited::failed;
    return {kind, std::move(checked)};
  }
  case host_channel::status::timed_out:
    if (clock::now() < p.limit)
      return {awaited::waiting, host_error{}};
    if (p.startup)
      return {awaited::failed,
              end_host(algo_failure::model_error,
                       "the model host did not answer within " +
                         millis(options_.startup_timeout) + " of starting")};
    blame(p.ledger);
    return {awaited::failed,
            end_host(algo_failure::timeout,
                     "no reply from the model within the hard limit of " +
                       millis(options_.hard_limit) + "; its host was killed")};
  case host_channel::status::cancelled:
    return {awaited::cancelled, host_error{}};
  case host_channel::status::closed:
    blame(p.ledger);
    return {awaited::failed,
            died(p.startup ? "while starting" : "before replying")};
  case host_channel::status::oversized:
    blame(p.ledger);
    return {awaited::failed,
            end_host(algo_failure::bad_output,
                     "the model host's reply exceeds " +
                       std::to_string(options_.max_reply_bytes) + " bytes")};
  case host_channel::status::failed:
    break;
  }
  return {awaited::failed,
          end_host(algo_failure::model_error, channel_->error())};
}

std::variant<host_reply, host_error> model_host::check(std::string line) {
  auto parsed = parse_reply(std::move(line));
  if (auto* why = std::get_if<std::string>(&parsed)) {
    blame(pending_->ledger);
    return end_host(algo_failure::bad_output, *why);
  }
  auto& reply = std::get<host_reply>(parsed);
  if (reply.id == 0 && !reply.ok) {
    // The load-failure line: the host exits 3 right after it.
    auto message =
      message_of(reply).value_or("the model host failed to load the algorithm");
    channel_->stop(options_.shutdown_grace);
    channel_.reset();
    pending_.reset();
    return host_error{algo_failure::model_error, bounded(message)};
  }
  if (reply.id != pending_->id) {
    blame(pending_->ledger);
    return end_host(algo_failure::bad_output,
                    "the model host answered request " +
                      std::to_string(pending_->id) + " with the id " +
                      std::to_string(reply.id));
  }
  pending_.reset();
  return std::move(reply);
}

host_error model_host::died(std::string_view doing) {
  // End of output: the host is exiting; wait briefly for its status.
  auto status = channel_->stop(options_.shutdown_grace);
  channel_.reset();
  pending_.reset();
  return host_error{algo_failure::model_error, "the model host " +
                                                 describe_exit(status) + " " +
                                                 std::string{doing}};
}

host_error model_host::end_host(algo_failure code, std::string message) {
  if (channel_)
    channel_->kill();
  channel_.reset();
  pending_.reset();
  return host_error{code, std::move(message)};
}

} // namespace ledger::worker
