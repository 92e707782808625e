#pragma once

// What the fault tests measure with: HTTP requests with a bound (a hung
// engine must fail a test, not hang it), /readyz polled, the record read
// back from Postgres by time, and a few small words for their messages.

#include "tests/e2e/e2e_world.hpp"
#include "tests/support/program.hpp" // occurrences

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace ledger::test {

using wall_time = std::chrono::system_clock::time_point;

/// The API key of the world's ledgerd (world::env).
inline constexpr const char* world_api_key = "e2e-key";

/// An HTTP answer: status 0 when none came within the limit.
struct answer {
  int status = 0;
  std::string body;
  std::chrono::milliseconds took{0};
};

/// One request on a connection of its own, waiting at most `limit`.
answer request_within(unsigned short port, const std::string& method,
                      const std::string& target, const std::string& body = "",
                      std::chrono::milliseconds limit = std::chrono::seconds{
                        15});

/// A JSON member by path ("broker.status") as text; "" when absent.
std::string json_at(const std::string& body, const std::string& path);

/// Polls /readyz (each answer within 10 s) until it answers `status`;
/// returns the answer, whose `took` is the time from the call until then.
answer wait_for_readyz(unsigned short port, int status,
                       std::chrono::seconds limit);

/// Ticks of every ledger whose time lies in [from, to), by outcome.
std::map<std::string, std::size_t> outcomes_between(world& w, wall_time from,
                                                    wall_time to);

/// "ok 12, timeout 3"
std::string describe(const std::map<std::string, std::size_t>& counts);

/// Waits up to `limit` until every running ledger has an ok tick after
/// `since`; returns those that still have none.
std::vector<std::string> without_ok_tick_after(world& w, wall_time since,
                                               std::chrono::seconds limit);

/// True when something accepts TCP connections on 127.0.0.1:`port`.
bool port_open(unsigned short port);

/// The port of a URL's authority ("amqp://u:p@host:18672/vhost": 18672).
unsigned short port_of(const std::string& url);

/// Seconds between two times, one decimal: "12.3".
std::string seconds_between(wall_time from, wall_time to);

} // namespace ledger::test
