// Three ledgerd nodes on one database (docs/scale-out.md): hundreds of
// ledgers spread over them by engine shard, each ticked by exactly one
// node; one node killed with kill -9, its shards taken over by the others,
// then started again and given its share back. At the end every ledger's
// record holds ticks 1..N without a double or a gap, and its book equals
// its trades.

#include "core/engine_shard.hpp"
#include "persistence/leases.hpp"
#include "tests/actors/database_checks.hpp"
#include "tests/e2e/e2e_world.hpp"
#include "tests/fault/fault_probes.hpp"
#include "tests/support/http_client.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
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

// The owner of a ledger as each node tells it (GET /v1/ledgers/{name}
// answers on any node, with "owner"): all must name the same one. A node
// knows the others' shards as its lease keeper last read them (once a
// second), so right after a move they may disagree for a moment.
std::string owner_of(const std::vector<node>& nodes,
                     const std::string& ledger) {
  std::set<std::string> named;
  auto until = std::chrono::steady_clock::now() + 5s;
  do {
    named.clear();
    for (auto& n : nodes) {
      http_client c{n.port};
      auto r = c.get("/v1/ledgers/" + ledger);
      BOOST_REQUIRE_MESSAGE(r.status == 200,
                            n.name << ": " << r.status << " " << r.body);
      named.insert(json_at(r.body, "owner.node"));
    }
    if (named.size() == 1u && *named.begin() != "null")
      return *named.begin();
    std::this_thread::sleep_for(200ms);
  } while (std::chrono::steady_clock::now() < until);
  std::string said;
  for (auto& name : named)
    said += " '" + name + "'";
  BOOST_FAIL(ledger << ": owners named:" << said);
  return {};
}

// A gauge of a node's /metrics ("" labels: the whole series name).
std::uint64_t gauge(const node& n, const std::string& series) {
  http_client c{n.port};
  auto r = c.get("/metrics");
  BOOST_REQUIRE(r.status == 200);
  auto at = r.body.find("\n" + series + " ");
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, series);
  return std::stoull(r.body.substr(at + series.size() + 2));
}

// Every ledger runs on exactly one node: the nodes' running ledgers add up
// to all of them, and each ledger's owner is the node running its shard.
std::map<std::string, std::size_t>
check_one_owner_each(world& w, const std::vector<node>& nodes,
                     const std::vector<std::string>& names) {
  auto shards = shards_by_node(w);
  std::map<std::string, std::size_t> per_node;
  for (auto& name : names)
    ++per_node[owner_of(nodes, name)];
  std::uint64_t running = 0;
  for (auto& n : nodes) {
    running += gauge(n, "ledger_ledgers{status=\"running\"}");
    BOOST_TEST(gauge(n, "ledger_engine_nodes_live") == nodes.size());
    BOOST_TEST(gauge(n, "ledger_engine_shards_held{node=\"" + n.name + "\"}") ==
               shards[n.name]);
  }
  BOOST_TEST(running == names.size());
  return per_node;
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

// A ledger name starting with `stem` whose shard `node` holds.
std::string name_in_shard_of(world& w, const std::string& node,
                             const std::string& stem) {
  auto live = persistence::live_engine_nodes(w.db.url());
  for (int i = 0; i < 10'000; ++i) {
    auto candidate = stem + std::to_string(i);
    auto shard = engine_shard_of(candidate, default_engine_shards);
    for (auto& n : live)
      if (n.name == node &&
          std::count(n.shards.begin(), n.shards.end(), shard) > 0)
        return candidate;
  }
  BOOST_FAIL("node " << node << " holds no shard");
  return {};
}

// The stored record follows a change once persistence has written it.
bool stored_status_becomes(world& w, const std::string& name,
                           ledger_status status) {
  auto until = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < until) {
    if (w.store.find_ledger(name)->status == status)
      return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

// A node other than `name` (the `skip`-th of them).
const node& other_than(const std::vector<node>& nodes, const std::string& name,
                       std::size_t skip = 0) {
  for (auto& n : nodes)
    if (n.name != name && skip-- == 0)
      return n;
  BOOST_FAIL("no such node");
  return nodes.front();
}

// Any node answers for any ledger (docs/scale-out.md, "Talking to the
// nodes"): a change sent to a node that does not own the ledger is carried
// out by its owner, through RabbitMQ, and answered with the owner's result;
// queue commands are answered whichever node takes them.
void check_forwarding(world& w, const std::vector<node>& nodes,
                      const std::vector<std::string>& names) {
  header_list key{{"X-API-Key", api_key}};
  auto& name = names[7];
  auto owner = owner_of(nodes, name);
  http_client elsewhere{other_than(nodes, owner).port};
  auto stopped =
    elsewhere.request("POST", "/v1/ledgers/" + name + "/stop", "", key);
  BOOST_TEST_REQUIRE(stopped.status == 200, stopped.body);
  BOOST_TEST(json_at(stopped.body, "status") == "stopped");
  BOOST_TEST(json_at(stopped.body, "owner.node") == owner);
  BOOST_TEST(stored_status_becomes(w, name, ledger_status::stopped));
  // The owner's refusal is the answer, in its words: a name nobody has,
  // of a shard this node does not hold.
  auto nobody = name_in_shard_of(w, owner, "nobody");
  auto refused =
    elsewhere.request("POST", "/v1/ledgers/" + nobody + "/stop", "", key);
  BOOST_TEST(refused.status == 404, refused.body);
  BOOST_TEST(refused.error_code() == "unknown_ledger");
  http_client third{other_than(nodes, owner, 1).port};
  auto started =
    third.request("POST", "/v1/ledgers/" + name + "/start", "", key);
  BOOST_TEST_REQUIRE(started.status == 200, started.body);
  BOOST_TEST(json_at(started.body, "status") == "running");

  // Created on a node that does not hold the new ledger's shard: its owner
  // creates and ticks it; deleted through yet another node.
  auto born = name_in_shard_of(w, "n2", "born");
  http_client n1{nodes[0].port};
  auto created = n1.request(
    "POST", "/v1/ledgers",
    R"({"name": ")" + born +
      R"(", "tickers": ["AAPL", "MSFT"], "algo_path": "builtin:random",
        "interval": "200ms", "end": 1, "initial_balance": 3000})",
    key);
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  BOOST_TEST(json_at(created.body, "owner.node") == "n2");
  BOOST_TEST(w.wait_for_ticks(born, tick_outcome::ok, 3, 30s));
  BOOST_TEST(owner_of(nodes, born) == "n2");
  http_client n3{nodes[2].port};
  auto removed = n3.request("DELETE", "/v1/ledgers/" + born, "", key);
  BOOST_TEST(removed.status == 204, removed.body);
  BOOST_TEST(!w.store.find_ledger(born).has_value());

  // Queue commands reach whichever node takes them from the shared queue:
  // each is answered by the ledger's owner, for ledgers of every node.
  std::set<std::string> owners;
  for (int i = 0; i < 12; ++i) {
    auto& ledger = names[static_cast<std::size_t>(i * 13)];
    owners.insert(owner_of(nodes, ledger));
    auto [status, said] = w.ctl({"stop", ledger});
    BOOST_TEST(status == 0, ledger << ": " << said);
    std::tie(status, said) = w.ctl({"start", ledger});
    BOOST_TEST(status == 0, ledger << ": " << said);
    BOOST_TEST(stored_status_becomes(w, ledger, ledger_status::running));
  }
  BOOST_TEST(owners.size() == 3u);

  // ledgerctl nodes: the three nodes and their shards, 64 in all.
  auto [listed, table] = w.ctl({"nodes"});
  BOOST_TEST_REQUIRE(listed == 0, table);
  std::size_t shards = 0;
  for (auto& [name, held] : shards_by_node(w)) {
    auto line = table.find("\n" + name + "  ");
    BOOST_TEST_REQUIRE(line != std::string::npos, table);
    auto row = table.substr(line + 1, table.find('\n', line + 1) - line - 1);
    // NODE  HTTP  SHARDS  WHICH: the count stands alone between spaces.
    BOOST_TEST(
      row.find("  " + std::to_string(held) + "  ") != std::string::npos, row);
    shards += held;
  }
  BOOST_TEST(shards == 64u);
  BOOST_TEST(table.find("NODE") == 0u, table);
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
  BOOST_TEST(check_one_owner_each(w, nodes, names).size() == 3u);
  check_forwarding(w, nodes, names);

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
  BOOST_TEST(check_one_owner_each(w, alive, names).size() == 2u);

  // n2 again: it takes its share back from the others.
  nodes[1] = start_node(w, "n2");
  BOOST_REQUIRE_MESSAGE(wait_balanced(w, {"n1", "n2", "n3"}, 30s),
                        "the shards did not rebalance");
  BOOST_TEST(stalled(w, last_ticks(w, names), 2, 60s).empty());
  BOOST_TEST(check_one_owner_each(w, nodes, names).size() == 3u);

  // Stopped, the record is checked at rest.
  for (auto& n : nodes)
    n.process->signal(SIGTERM);
  for (auto& n : nodes) {
    auto status = n.process->wait(20s);
    BOOST_TEST(status == 0, n.name << " ended with " << status << ":\n"
                                   << n.process->output()
                                   << n.process->error_output());
  }
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
