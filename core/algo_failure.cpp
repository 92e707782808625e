#include "core/algo_failure.hpp"

#include "core/enum_names.hpp"

#include <array>
#include <utility>

namespace ledger {

namespace {

constexpr enum_names<algo_failure, 6> names{{
  {algo_failure::model_error, "model_error"},
  {algo_failure::bad_output, "bad_output"},
  {algo_failure::bad_request, "bad_request"},
  {algo_failure::timeout, "timeout"},
  {algo_failure::overloaded, "overloaded"},
  {algo_failure::broker_unavailable, "broker_unavailable"},
}};

} // namespace

std::string_view to_string(algo_failure f) {
  return name_in(names, f, "model_error");
}

std::optional<algo_failure> parse_algo_failure(std::string_view text) {
  return value_in(names, text);
}

bool sent_by_workers(algo_failure f) {
  return f != algo_failure::overloaded && f != algo_failure::broker_unavailable;
}

tick_outcome outcome_of(algo_failure f) {
  switch (f) {
  case algo_failure::timeout:
    return tick_outcome::timeout;
  case algo_failure::broker_unavailable:
    return tick_outcome::broker_unavailable;
  case algo_failure::overloaded:
    return tick_outcome::skipped;
  case algo_failure::model_error:
  case algo_failure::bad_output:
  case algo_failure::bad_request:
    return tick_outcome::model_error;
  }
  return tick_outcome::model_error;
}

} // namespace ledger
