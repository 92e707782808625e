#include "persistence/fence.hpp"

#include "persistence/sql_values.hpp"

#include <map>

namespace ledger::persistence::detail {

namespace {

const statement& shard_epochs() {
  static const statement s{"shard_epochs",
                           "SELECT shard, epoch FROM engine_shards"
                           " WHERE shard = ANY($1::integer[]) ORDER BY shard"
                           " FOR SHARE"};
  return s;
}

} // namespace

std::set<int> refused_shards(session& db, pqxx::transaction_base& tx,
                             const std::set<int>& asked,
                             const write_fence& fence) {
  std::set<int> refused;
  array_literal held;
  for (int shard : asked)
    if (fence.epochs.count(shard) > 0)
      held.push(shard);
    else
      refused.insert(shard);
  if (held.empty())
    return refused;
  std::map<int, std::int64_t> current;
  for (const auto& row : db.exec(tx, shard_epochs(), held.str()))
    current[row[0].as<int>()] = row[1].as<std::int64_t>();
  for (int shard : asked) {
    auto mine = fence.epochs.find(shard);
    auto now = current.find(shard);
    if (mine != fence.epochs.end() &&
        (now == current.end() || now->second != mine->second))
      refused.insert(shard);
  }
  return refused;
}

} // namespace ledger::persistence::detail
