#include "core/lifecycle.hpp"

#include "core/enum_names.hpp"

#include <array>
#include <utility>

namespace ledger {

namespace {

constexpr enum_names<ledger_status, 4> names{{
  {ledger_status::created, "created"},
  {ledger_status::running, "running"},
  {ledger_status::stopped, "stopped"},
  {ledger_status::finished, "finished"},
}};

} // namespace

std::string_view to_string(ledger_status s) {
  return name_in(names, s, "created");
}

std::optional<ledger_status> parse_status(std::string_view text) {
  return value_in(names, text);
}

std::string_view to_string(transition_error e) {
  switch (e) {
  case transition_error::already_running:
    return "already_running";
  case transition_error::not_running:
    return "not_running";
  case transition_error::finished:
    return "finished";
  }
  return "finished";
}

lifecycle::lifecycle(std::chrono::milliseconds lifespan, ledger_status status,
                     std::optional<timestamp> first_started)
  : lifespan_(lifespan), first_started_(first_started), status_(status) {}

std::optional<timestamp> lifecycle::ends_at() const {
  if (!first_started_)
    return std::nullopt;
  return *first_started_ + lifespan_;
}

bool lifecycle::expired(timestamp now) const {
  auto end = ends_at();
  return end && now >= *end;
}

std::optional<transition_error> lifecycle::start(timestamp now) {
  if (status_ == ledger_status::finished)
    return transition_error::finished;
  if (status_ == ledger_status::running)
    return transition_error::already_running;
  if (expired(now)) {
    status_ = ledger_status::finished;
    return transition_error::finished;
  }
  if (!first_started_)
    first_started_ = now;
  status_ = ledger_status::running;
  return std::nullopt;
}

std::optional<transition_error> lifecycle::stop() {
  if (status_ == ledger_status::finished)
    return transition_error::finished;
  if (status_ != ledger_status::running)
    return transition_error::not_running;
  status_ = ledger_status::stopped;
  return std::nullopt;
}

std::optional<transition_error> lifecycle::finish() {
  if (status_ == ledger_status::finished)
    return transition_error::finished;
  status_ = ledger_status::finished;
  return std::nullopt;
}

} // namespace ledger
