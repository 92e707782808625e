// Three ledgerd nodes on one database (docs/scale-out.md): hundreds of
// ledgers spread over them by engine shard, each ticked by exactly one
// node; one node killed with kill -9, its shards taken over by the others,
// then started again and given its share back. At the end every ledger's
// record holds ticks 1..N without a double or a gap, and its book equals
// its trades.

#include "persistence/leases.hpp"
#include "tests/actors/database_checks.hpp"
#include "tests/e2e/e2e_world.hpp"
#include "tests/support/http_client.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

constexpr const char* api_key = "scale-key-91ad";
constexpr int ledgers = 240;

struct node {
  std::string name;
  unsigned short port = 0;
  program* process = nullptr;
};

node start_node(world& w, const std::string& name) {
  node n{name, 0,
         &start_engine(w, {"--node-name", name, "--api-keys", api_key})};
  n.port = w.http_port;
  BOOST_REQUIRE_MESSAGE(n.process->wait_for_output("HTTP on", 60s),
                        n.process->output());
  return n;
}

// Shards held per live node, by name.
std::map<std::string, std::size_t> shards_by_node(world& w) {
  std::map<std::string, std::size_t> out;
  for (auto& n : persistence::live_engine_nodes(w.db.url()))
    out[n.name] = n.shards.size();
  return out;
}

// Waits until the live nodes are exactly `names` and hold all 64 shards
// evenly (21 or 22 each for three, 32 for two).
bool wait_balanced(world& w, const std::set<std::string>& names,
                   std::chrono::seconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    auto held = shards_by_node(w);
    std::size_t total = 0;
    bool even = held.size() == names.size();
    for (auto& [name, n] : held) {
      total += n;
      even = even && names.count(name) > 0 && n >= 64 / names.size() &&
             n <= 64 / names.size() + 1;
    }
    if (even && total == 64)
      return true;
    std::this_thread::sleep_for(200ms);
  }
  return false;
}

// Which nodes answer 200 for a ledger's view: the one ticking it. The
// others answer 421 and name it.
std::vector<std::string> owners_of(const std::vector<node>& nodes,
                                   const std::string& ledger) {
  std::vector<std::string> out;
  for (auto& n : nodes) {
    http_client c{n.port};
    auto r = c.get("/v1/ledgers/" + ledger);
    if (r.status == 200)
      out.push_back(n.name);
    else
      BOOST_REQUIRE_MESSAGE(r.status == 421,
                            n.name << ": " << r.status << " " << r.body);
  }
  return out;
}

std::int64_t last_tick(world& w, const std::string& name) {
  auto record = w.store.find_ledger(name);
  BOOST_REQUIRE(record.has_value());
  return record->last_tick;
}

// Waits until every ledger has committed `more` ticks past `before`;
// returns those that did not.
std::vector<std::string>
stalled(world& w, const std::map<std::string, std::int64_t>& before, int more,
        std::chrono::seconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  std::vector<std::string> waiting;
  for (auto& [name, tick] : before)
    waiting.push_back(name);
  while (!waiting.empty() && std::chrono::steady_clock::now() < until) {
    std::vector<std::string> still;
    for (auto& name : waiting)
      if (last_tick(w, name) < before.at(name) + more)
        still.push_back(name);
    waiting.swap(still);
    if (!waiting.empty())
      std::this_thread::sleep_for(200ms);
  }
  return waiting;
}

std::map<std::string, std::int64_t>
last_ticks(world& w, const std::vector<std::string>& names) {
  std::map<std::string, std::int64_t> out;
  for (auto& name : names)
    out[name] = last_tick(w, name);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(fault)

BOOST_AUTO_TEST_CASE(three_nodes_share_the_ledgers_and_take_over_a_killed_one) {
  world w;
  std::vector<std::string> names;
  for (int i = 0; i < ledgers; ++i) {
    names.push_back("s" + std::to_string(i));
    store_running_ledger(w, names.back(), "builtin:random", 200ms);
  }
  BOOST_REQUIRE(
    w.start(LEDGER_WORKER_BINARY, {}).wait_for_output("serving", 30s));
  w.start(LEDGER_FEED_BINARY, {"random", "--tickers", "AAPL,MSFT", "--seed",
                               "5", "--pace", "100ms"});
  std::vector<node> nodes;
  for (auto name : {"n1", "n2", "n3"})
    nodes.push_back(start_node(w, name));
  BOOST_REQUIRE_MESSAGE(wait_balanced(w, {"n1", "n2", "n3"}, 30s),
                        "shards: " << shards_by_node(w).size() << " nodes");
  BOOST_REQUIRE(stalled(w, last_ticks(w, names), 3, 60s).empty());

  // Every ledger is ticked by exactly one node.
  std::map<std::string, std::size_t> per_node;
  for (auto& name : names) {
    auto owners = owners_of(nodes, name);
    BOOST_TEST_REQUIRE(owners.size() == 1u, name);
    ++per_node[owners.front()];
  }
  BOOST_TEST(per_node.size() == 3u);

  // kill -9 of n2: its shards go to n1 and n3, its ledgers go on ticking.
  auto killed_at = std::chrono::steady_clock::now();
  nodes[1].process->signal(SIGKILL);
  BOOST_TEST(nodes[1].process->wait(10s) == 128 + SIGKILL);
  auto before = last_ticks(w, names);
  BOOST_REQUIRE_MESSAGE(wait_balanced(w, {"n1", "n3"}, 30s),
                        "the killed node's shards were not taken over");
  auto taken_over = std::chrono::steady_clock::now() - killed_at;
  auto waiting = stalled(w, before, 2, 60s);
  BOOST_TEST(waiting.empty(),
             waiting.size()
               << " ledgers stalled, the first: "
               << (waiting.empty() ? std::string{} : waiting.front()));
  auto resumed = std::chrono::steady_clock::now() - killed_at;
  std::cout
    << "scale-out: shards taken over "
    << std::chrono::duration_cast<std::chrono::milliseconds>(taken_over).count()
    << " ms after kill -9, every ledger ticking again after "
    << std::chrono::duration_cast<std::chrono::milliseconds>(resumed).count()
    << " ms" << std::endl;
  std::vector<node> alive{nodes[0], nodes[2]};
  for (int i = 0; i < ledgers; i += 8)
    BOOST_TEST(owners_of(alive, names[i]).size() == 1u, names[i]);

  // n2 again: it takes its share back from the others.
  nodes[1] = start_node(w, "n2");
  BOOST_REQUIRE_MESSAGE(wait_balanced(w, {"n1", "n2", "n3"}, 30s),
                        "the shards did not rebalance");
  BOOST_TEST(stalled(w, last_ticks(w, names), 2, 60s).empty());
  per_node.clear();
  for (auto& name : names) {
    auto owners = owners_of(nodes, name);
    BOOST_TEST_REQUIRE(owners.size() == 1u, name);
    ++per_node[owners.front()];
  }
  BOOST_TEST(per_node.size() == 3u);

  // Stopped, the record is checked at rest.
  for (auto& n : nodes)
    n.process->signal(SIGTERM);
  for (auto& n : nodes)
    BOOST_TEST(n.process->wait(20s) == 0, n.process->output());
  std::size_t missed = 0;
  for (auto& name : names) {
    BOOST_TEST_CONTEXT(name) {
      check_invariant_in_database(w.store, name);
    }
    missed += w.count(name, tick_outcome::missed);
  }
  std::cout << "scale-out: " << missed << " missed tick record(s) over "
            << ledgers << " ledgers" << std::endl;
}

BOOST_AUTO_TEST_SUITE_END()
