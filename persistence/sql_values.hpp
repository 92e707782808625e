#pragma once

// Internal: how domain values cross into SQL text and back. Money and prices
// travel as exact decimal text (NUMERIC), times as epoch microseconds
// (TIMESTAMPTZ), never as double.

#include "core/lifecycle.hpp"
#include "core/market_hours.hpp"
#include "core/money.hpp"
#include "core/order.hpp"
#include "core/outcome.hpp"
#include "core/price.hpp"
#include "core/tick_record.hpp"

#include <pqxx/pqxx>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ledger::persistence::detail {

/// SQL turning a bigint of epoch microseconds (e.g. "$3") into a
/// TIMESTAMPTZ. Exact while |micros| < 2^53 (about 285 years from 1970):
/// interval arithmetic multiplies in double.
std::string sql_time(std::string_view micros_expr);

/// SQL turning a TIMESTAMPTZ column into bigint epoch microseconds; exact
/// (extract returns numeric since PostgreSQL 14).
std::string sql_micros(std::string_view column);

/// Microseconds since the epoch, floored (TIMESTAMPTZ keeps no more).
std::int64_t to_micros(timestamp t);

/// As text, for a bigint parameter.
std::string micros_text(timestamp t);

/// As TIMESTAMPTZ input text in UTC ("2023-11-14 00:00:00.000001+00"),
/// floored to the microsecond: for COPY, which takes no expressions.
std::string timestamptz_text(timestamp t);

/// For a nullable parameter: the text, or a null pointer (SQL NULL). The
/// optional must outlive the statement's execution.
inline const char* nullable(const std::optional<std::string>& text) {
  return text ? text->c_str() : nullptr;
}

/// micros_text of a time that may be absent.
std::optional<std::string> micros_text(const std::optional<timestamp>& t);

/// A row limit as a bigint parameter (size_t beyond int64 means "all").
std::int64_t sql_limit(std::size_t limit);

/// Reading columns; a value that does not decode throws std::runtime_error
/// naming `what` (the data is corrupt or not ours).
timestamp time_of(const pqxx::field& f, std::string_view what);
std::optional<timestamp> optional_time_of(const pqxx::field& f,
                                          std::string_view what);
money money_of(const pqxx::field& f, std::string_view what);
price price_of(const pqxx::field& f, std::string_view what);
std::optional<price> optional_price_of(const pqxx::field& f,
                                       std::string_view what);
quantity quantity_of(const pqxx::field& f, std::string_view what);
side side_of(const pqxx::field& f, std::string_view what);
ledger_status status_of(const pqxx::field& f, std::string_view what);
tick_outcome outcome_of(const pqxx::field& f, std::string_view what);
reject_code reject_code_of(const pqxx::field& f, std::string_view what);
/// NULL is none; a name the engine does not know is corrupt.
market_calendar calendar_of(const pqxx::field& f, std::string_view what);

/// A calendar as its nullable column's text: nullopt (NULL) for none.
std::optional<std::string> calendar_text(market_calendar c);
std::vector<std::string> text_array_of(const pqxx::field& f,
                                       std::string_view what);

/// Holdings as a JSON object ({"AAPL":8}) and back.
std::string holdings_json(const holdings& positions);
holdings holdings_of(const pqxx::field& f, std::string_view what);

/// Builds the text of a one-dimensional PostgreSQL array literal, for
/// passing many rows in one parameter ("$1::bigint[]" with unnest). Text
/// elements are always quoted and escaped, so any content is safe.
class array_literal {
public:
  void push(std::int64_t value);
  void push(std::string_view text);
  void push_null();

  /// The literal, "{...}".
  std::string str() const { return text_ + "}"; }

  bool empty() const { return text_.size() == 1; }

private:
  void separate();

  std::string text_ = "{";
};

} // namespace ledger::persistence::detail
