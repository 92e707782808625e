#include "bench/pipeline_probe.hpp"

#include <pqxx/pqxx>

#include <chrono>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace ledger::bench {

std::map<std::string, std::uint64_t> ticks_by_outcome(const std::string& url) {
  pqxx::connection c{url};
  pqxx::nontransaction tx{c};
  std::map<std::string, std::uint64_t> out;
  for (const auto& row :
       tx.exec("SELECT outcome, count(*) FROM ticks GROUP BY outcome"))
    out[row[0].as<std::string>()] = row[1].as<std::uint64_t>();
  return out;
}

std::uint64_t ticks_lost(const std::string& url) {
  pqxx::connection c{url};
  pqxx::nontransaction tx{c};
  return tx
    .exec1("SELECT coalesce(sum(m - n), 0) FROM (SELECT max(tick) AS m,"
           " count(*) AS n FROM ticks GROUP BY ledger_id) AS per_ledger")[0]
    .as<std::uint64_t>();
}

histogram latency_histogram(const std::string& text,
                            const std::string& metric) {
  histogram out;
  const std::string prefix = metric + "_bucket{le=\"";
  std::istringstream lines{text};
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(prefix, 0) != 0)
      continue;
    auto close = line.find('"', prefix.size());
    auto bound = line.substr(prefix.size(), close - prefix.size());
    double us = bound == "+Inf" ? 1e18 : std::stod(bound) * 1e6;
    out.emplace_back(us, std::stoull(line.substr(line.rfind(' ') + 1)));
  }
  return out;
}

namespace {

// Per-bucket counts between two scrapes (not cumulative).
std::vector<std::uint64_t> window(const histogram& a, const histogram& b) {
  std::vector<std::uint64_t> out;
  std::uint64_t prev = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    auto cumulative = b[i].second - (i < a.size() ? a[i].second : 0);
    out.push_back(cumulative - prev);
    prev = cumulative;
  }
  return out;
}

} // namespace

double quantile_ms(const histogram& a, const histogram& b, double q) {
  auto counts = window(a, b);
  std::uint64_t total = 0;
  for (auto n : counts)
    total += n;
  if (total == 0)
    return 0;
  double rank = q * static_cast<double>(total);
  double seen = 0, lower = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    double upper = b[i].first;
    if (seen + counts[i] >= rank && counts[i] > 0) {
      if (upper > 1e17)
        return lower / 1000; // above the last bound: report the bound
      return (lower + (upper - lower) * (rank - seen) / counts[i]) / 1000;
    }
    seen += counts[i];
    lower = upper;
  }
  return lower / 1000;
}

double max_ms(const histogram& a, const histogram& b) {
  auto counts = window(a, b);
  double highest = 0;
  for (std::size_t i = 0; i < counts.size(); ++i)
    if (counts[i] > 0)
      highest = b[i].first > 1e17 ? (i > 0 ? b[i - 1].first : 0) : b[i].first;
  return highest / 1000;
}

namespace {

double process_seconds(pid_t pid) {
  std::ifstream in{"/proc/" + std::to_string(pid) + "/stat"};
  std::string text;
  std::getline(in, text);
  auto close = text.rfind(')');
  if (close == std::string::npos)
    return 0;
  std::istringstream fields{text.substr(close + 2)};
  std::string f;
  double utime = 0, stime = 0;
  // Fields after the command: state is 3rd overall; utime 14th, stime 15th.
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14)
      utime = std::stod(f);
    if (i == 15)
      stime = std::stod(f);
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::string command_of(pid_t pid) {
  std::ifstream in{"/proc/" + std::to_string(pid) + "/comm"};
  std::string name;
  std::getline(in, name);
  return name;
}

} // namespace

cpu_sample sample_cpu(pid_t ledgerd, const std::vector<pid_t>& workers) {
  cpu_sample s;
  s.at = std::chrono::duration<double>(
           std::chrono::steady_clock::now().time_since_epoch())
           .count();
  s.seconds["ledgerd"] = process_seconds(ledgerd);
  double w = 0;
  for (auto pid : workers)
    w += process_seconds(pid);
  s.seconds["worker"] = w;
  if (auto* dir = opendir("/proc")) {
    while (auto* e = readdir(dir)) {
      pid_t pid = std::atoi(e->d_name);
      if (pid <= 0)
        continue;
      auto name = command_of(pid);
      if (name.rfind("postgres", 0) == 0)
        s.seconds["postgres"] += process_seconds(pid);
      else if (name == "beam.smp" || name.rfind("erl_", 0) == 0 ||
               name == "epmd" || name == "inet_gethost")
        s.seconds["rabbitmq"] += process_seconds(pid);
      else if (name == "python3")
        s.seconds["model_hosts"] += process_seconds(pid);
    }
    closedir(dir);
  }
  return s;
}

std::map<std::string, double> cpu_percent(const cpu_sample& a,
                                          const cpu_sample& b) {
  std::map<std::string, double> out;
  double wall = b.at - a.at;
  for (auto& [role, seconds] : b.seconds) {
    auto before = a.seconds.count(role) ? a.seconds.at(role) : 0.0;
    out[role] = wall > 0 ? 100.0 * (seconds - before) / wall : 0.0;
  }
  return out;
}

std::uint64_t resident_bytes(pid_t pid) {
  std::ifstream in{"/proc/" + std::to_string(pid) + "/statm"};
  std::uint64_t pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

} // namespace ledger::bench
