#include "tests/fault/fault_probes.hpp"

#include "tests/support/http_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <pqxx/pqxx>
#include <rapidjson/document.h>

#include <cstdio>
#include <sstream>
#include <thread>

namespace ledger::test {

using namespace std::chrono_literals;

namespace {

double micros_since_epoch(wall_time t) {
  return static_cast<double>(
    std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch())
      .count());
}

} // namespace

answer request_within(unsigned short port, const std::string& method,
                      const std::string& target, const std::string& body,
                      std::chrono::milliseconds limit) {
  std::string bytes = method + " " + target +
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Connection: close\r\nX-API-Key: " +
                      world_api_key + "\r\n";
  if (!body.empty())
    bytes += "Content-Type: application/json\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n";
  bytes += "\r\n" + body;
  auto begun = std::chrono::steady_clock::now();
  std::string raw;
  try { // Connection: close, so the answer ends when the server closes.
    raw = raw_exchange(port, bytes, static_cast<int>(limit.count()));
  } catch (const std::exception&) { // refused: no answer, as a hang
  }
  answer a;
  a.took = std::chrono::duration_cast<std::chrono::milliseconds>(
    std::chrono::steady_clock::now() - begun);
  int status = 0;
  auto head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos ||
      std::sscanf(raw.c_str(), "HTTP/1.1 %d", &status) != 1)
    return a; // no (whole) answer within the limit
  a.status = status;
  a.body = raw.substr(head_end + 4);
  return a;
}

std::string json_at(const std::string& body, const std::string& path) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseNumbersAsStringsFlag>(body.data(), body.size());
  if (doc.HasParseError())
    return "";
  const rapidjson::Value* at = &doc;
  std::istringstream parts{path};
  for (std::string key; std::getline(parts, key, '.');) {
    if (!at->IsObject() || !at->HasMember(key.c_str()))
      return "";
    at = &(*at)[key.c_str()];
  }
  if (at->IsString())
    return at->GetString();
  if (at->IsBool())
    return at->GetBool() ? "true" : "false";
  return at->IsNull() ? "null" : "";
}

answer wait_for_readyz(unsigned short port, int status,
                       std::chrono::seconds limit) {
  auto begun = std::chrono::steady_clock::now();
  answer last;
  while (std::chrono::steady_clock::now() - begun < limit) {
    last = request_within(port, "GET", "/readyz", "", 10s);
    if (last.status == status)
      break;
    std::this_thread::sleep_for(250ms);
  }
  last.took = std::chrono::duration_cast<std::chrono::milliseconds>(
    std::chrono::steady_clock::now() - begun);
  return last;
}

std::map<std::string, std::size_t> outcomes_between(world& w, wall_time from,
                                                    wall_time to) {
  pqxx::connection c{w.db.url()};
  pqxx::nontransaction tx{c};
  std::map<std::string, std::size_t> counts;
  for (auto row : tx.exec_params(
         "SELECT outcome, count(*) FROM ticks "
         "WHERE time >= to_timestamp($1::float8 / 1e6) "
         "AND time < to_timestamp($2::float8 / 1e6) GROUP BY outcome",
         micros_since_epoch(from), micros_since_epoch(to)))
    counts[row[0].as<std::string>()] = row[1].as<std::size_t>();
  return counts;
}

std::string describe(const std::map<std::string, std::size_t>& counts) {
  std::string out;
  for (auto& [outcome, n] : counts)
    out += (out.empty() ? "" : ", ") + outcome + " " + std::to_string(n);
  return out.empty() ? "none" : out;
}

std::vector<std::string> without_ok_tick_after(world& w, wall_time since,
                                               std::chrono::seconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  pqxx::connection c{w.db.url()};
  for (;;) {
    pqxx::nontransaction tx{c};
    std::vector<std::string> late;
    for (auto row : tx.exec_params(
           "SELECT l.name FROM ledgers l WHERE l.status = 'running' "
           "AND NOT EXISTS (SELECT 1 FROM ticks t WHERE t.ledger_id = l.id "
           "AND t.outcome = 'ok' AND t.time > to_timestamp($1::float8 / 1e6)) "
           "ORDER BY l.name",
           micros_since_epoch(since)))
      late.push_back(row[0].as<std::string>());
    if (late.empty() || std::chrono::steady_clock::now() > until)
      return late;
    std::this_thread::sleep_for(500ms);
  }
}

bool port_open(unsigned short port) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket{ioc};
  boost::system::error_code ec;
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
  return !ec;
}

unsigned short port_of(const std::string& url) {
  auto at = url.rfind('@');
  auto colon = url.find(':', at == std::string::npos ? url.find("//") : at);
  return static_cast<unsigned short>(std::stoi(url.substr(colon + 1)));
}

std::string seconds_between(wall_time from, wall_time to) {
  char out[32];
  std::snprintf(out, sizeof out, "%.1f",
                std::chrono::duration<double>(to - from).count());
  return out;
}

} // namespace ledger::test
