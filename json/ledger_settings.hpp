#pragma once

// A new ledger's members, read alike from the two ways of creating one: the
// REST body (POST /v1/ledgers) and the wire's create command. Only two
// member names differ between them; the sentences are the same.

#include "core/ledger_config.hpp"
#include "json/fields.hpp"

#include <optional>
#include <string_view>

namespace ledger::json {

/// The members whose names differ between the REST body and the wire.
struct new_ledger_members {
  std::string_view algo;    ///< "algo_path" (REST), "algo" (wire)
  std::string_view balance; ///< "initial_balance" (REST), "balance" (wire)
};

inline constexpr new_ledger_members rest_ledger_members{"algo_path",
                                                        "initial_balance"};
inline constexpr new_ledger_members wire_ledger_members{"algo", "balance"};

/// What a create asks for: the configuration, not yet checked
/// (check_config), and whether to start it at once (default yes).
struct new_ledger {
  ledger_config config;
  bool start = true;
};

/// Reads name, tickers, the algorithm, interval, end (days), the balance,
/// fee, slippage_bps, tolerance_bps, calendar ("XNYS", or absent or null
/// for none) and start from `f`, each with its JSON type ("name": 5 is
/// refused). nullopt with `f`'s error set on the first
/// problem. The caller restricts the object's members (field_reader::only).
std::optional<new_ledger> read_new_ledger(field_reader& f,
                                          const new_ledger_members& names);

} // namespace ledger::json
