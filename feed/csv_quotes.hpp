#pragma once

#include "feed/quote.hpp"

#include <istream>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ledger::feed {

/// Reads real prices from CSV, in either of the two shapes of the sample
/// data, and groups them into one batch per date, oldest first:
///  - `symbol,date,price` with dates like `Jan 1 2000` (stocks.csv);
///  - `date,open,high,low,close,adjclose,volume` with ISO dates
///    (sp500-2000.csv): the close is the price, `ticker` names the series.
/// Errors name the line: "line 12: price 'abc' is not a positive number".
std::variant<std::vector<quote_batch>, std::string>
read_quote_csv(std::istream& in, const std::optional<std::string>& ticker);

} // namespace ledger::feed
