#include "persistence/leases.hpp"

#include "persistence/connection_url.hpp"
#include "persistence/store.hpp"

#include <pqxx/pqxx>

#include <stdexcept>

namespace ledger::persistence {

namespace {

// The first key of every advisory lock of ours ("LEDG" and "LEND" as
// int4): the second is a shard number or a node id.
constexpr int shard_lock_class = 0x4c454447;
constexpr int node_lock_class = 0x4c454e44;

// A lease connection must notice a dead peer within seconds, not the
// kernel's two hours: TCP keepalives and a bound on unacknowledged sends.
std::string lease_url(const std::string& url) {
  auto with = with_connect_timeout(url, 5);
  const std::string extra[] = {"keepalives=1", "keepalives_idle=5",
                               "keepalives_interval=2", "keepalives_count=2",
                               "tcp_user_timeout=10000"};
  bool is_url = with.rfind("postgres", 0) == 0;
  for (auto& kv : extra)
    with +=
      (is_url ? (with.find('?') == std::string::npos ? "?" : "&") : " ") + kv;
  return with;
}

// Live nodes: those whose node lock some session holds in this database;
// their shards: those whose shard lock the same session holds.
const char* live_nodes_sql =
  "WITH held AS ("
  "  SELECT classid::bigint AS class, objid::bigint AS key, pid"
  "  FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2"
  "  AND database = (SELECT oid FROM pg_database"
  "                  WHERE datname = current_database()))"
  " SELECT n.id, n.name, n.http,"
  "  COALESCE((SELECT string_agg(s.key::text, ',' ORDER BY s.key)"
  "            FROM held s WHERE s.class = 1279607879 AND s.pid = h.pid), '')"
  " FROM engine_nodes n JOIN held h ON h.class = 1279610436 AND h.key = n.id"
  " ORDER BY n.id";

std::vector<int> split_shards(const std::string& text) {
  std::vector<int> out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto comma = text.find(',', at);
    if (comma == std::string::npos)
      comma = text.size();
    out.push_back(std::stoi(text.substr(at, comma - at)));
    at = comma + 1;
  }
  return out;
}

std::vector<engine_node> read_live_nodes(pqxx::connection& c) {
  pqxx::nontransaction tx{c};
  std::vector<engine_node> out;
  for (const auto& row : tx.exec(live_nodes_sql))
    out.push_back(engine_node{
      row[0].as<std::int64_t>(), row[1].as<std::string>(),
      row[2].as<std::string>(), split_shards(row[3].as<std::string>())});
  return out;
}

std::unique_ptr<pqxx::connection> connect(const std::string& url) {
  try {
    return std::make_unique<pqxx::connection>(url);
  } catch (const pqxx::pqxx_exception& e) {
    throw store_unavailable(redact(std::string{"cannot connect to "} +
                                     redacted(url) + ": " + e.base().what(),
                                   url));
  }
}

} // namespace

static_assert(shard_lock_class == 1279607879 && node_lock_class == 1279610436,
              "live_nodes_sql spells the lock classes out");

std::vector<engine_node> live_engine_nodes(const std::string& url) {
  auto full = with_connect_timeout(url, 5);
  auto c = connect(full);
  try {
    return read_live_nodes(*c);
  } catch (const pqxx::broken_connection& e) {
    throw store_unavailable(redact(e.what(), full));
  }
}

struct lease_session::impl {
  std::string url;
  std::string node;
  std::unique_ptr<pqxx::connection> c;
  std::int64_t id = 0;

  // pqxx failures leave as store_unavailable without the password.
  template <class Body>
  auto guarded(Body&& body) {
    try {
      return body();
    } catch (const pqxx::broken_connection& e) {
      throw store_unavailable(
        redact(std::string{"lease connection: "} + e.what(), url));
    } catch (const pqxx::sql_error& e) {
      throw std::runtime_error(redact(e.what(), url));
    }
  }
};

lease_session::lease_session(const std::string& url, std::string node,
                             std::string http, int shards)
  : impl_(std::make_unique<impl>()) {
  impl_->url = lease_url(url);
  impl_->node = std::move(node);
  impl_->c = connect(impl_->url);
  impl_->guarded([&] {
    {
      // The first node splits the database; the lock makes two first
      // nodes agree on one count.
      pqxx::work split{*impl_->c};
      split.exec("LOCK TABLE engine_shards IN EXCLUSIVE MODE");
      auto count =
        split.exec1("SELECT count(*) FROM engine_shards")[0].as<int>();
      if (count == 0)
        split.exec("INSERT INTO engine_shards (shard) SELECT "
                   "generate_series(0, " +
                   std::to_string(shards - 1) + ")");
      else if (count != shards)
        throw std::invalid_argument(
          "the database is split into " + std::to_string(count) +
          " engine shards, this node into " + std::to_string(shards) +
          " (LEDGER_ENGINE_SHARDS must be the same on every node)");
      split.commit();
    }
    pqxx::nontransaction tx{*impl_->c};
    tx.exec("SET statement_timeout = '10s'");
    tx.exec_params("INSERT INTO engine_nodes (name) VALUES ($1)"
                   " ON CONFLICT (name) DO NOTHING",
                   impl_->node);
    impl_->id = tx.exec_params1("SELECT id FROM engine_nodes WHERE name = $1",
                                impl_->node)[0]
                  .as<std::int64_t>();
    if (!tx.exec_params1("SELECT pg_try_advisory_lock($1, $2::integer)",
                         node_lock_class, impl_->id)[0]
           .as<bool>())
      throw std::runtime_error("a node named " + impl_->node +
                               " is running already (--node-name)");
    tx.exec_params("UPDATE engine_nodes SET http = $2, started_at = now()"
                   " WHERE id = $1",
                   impl_->id, http);
    return 0;
  });
}

lease_session::~lease_session() = default;

std::int64_t lease_session::node_id() const {
  return impl_->id;
}

std::vector<engine_node> lease_session::live_nodes() {
  return impl_->guarded([&] { return read_live_nodes(*impl_->c); });
}

std::optional<std::int64_t> lease_session::try_acquire(int shard) {
  return impl_->guarded([&]() -> std::optional<std::int64_t> {
    pqxx::nontransaction tx{*impl_->c};
    if (!tx.exec_params1("SELECT pg_try_advisory_lock($1, $2)",
                         shard_lock_class, shard)[0]
           .as<bool>())
      return std::nullopt;
    // Autocommitted at once: from here on, the previous holder's writes
    // (with the old epoch) are refused.
    return tx
      .exec_params1("UPDATE engine_shards SET epoch = epoch + 1, owner = $2,"
                    " acquired_at = now() WHERE shard = $1 RETURNING epoch",
                    shard, impl_->node)[0]
      .as<std::int64_t>();
  });
}

void lease_session::release(int shard) {
  impl_->guarded([&] {
    pqxx::nontransaction tx{*impl_->c};
    tx.exec_params("UPDATE engine_shards SET owner = NULL"
                   " WHERE shard = $1 AND owner = $2",
                   shard, impl_->node);
    tx.exec_params("SELECT pg_advisory_unlock($1, $2)", shard_lock_class,
                   shard);
    return 0;
  });
}

bool lease_session::alive() {
  try {
    pqxx::nontransaction tx{*impl_->c};
    tx.exec("SELECT 1");
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

} // namespace ledger::persistence
