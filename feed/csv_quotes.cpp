#include "feed/csv_quotes.hpp"

#include "core/calendar.hpp"
#include "core/ledger_config.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <sstream>

namespace ledger::feed {

namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream s{line};
  while (std::getline(s, cell, ','))
    out.push_back(cell);
  if (!line.empty() && line.back() == ',')
    out.emplace_back();
  return out;
}

std::string trim(std::string text) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
  text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(),
             text.end());
  return text;
}

// "2000-01-03" or "Jan 1 2000".
std::optional<timestamp> parse_date(const std::string& text) {
  int y = 0, m = 0, d = 0;
  char dash1 = 0, dash2 = 0;
  std::istringstream iso{text};
  if (iso >> y >> dash1 >> m >> dash2 >> d && dash1 == '-' && dash2 == '-' &&
      iso.peek() == EOF)
    return utc_midnight(y, m, d);
  static constexpr std::array<const char*, 12> months{
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::istringstream words{text};
  std::string month;
  if (!(words >> month >> d >> y) || !(words >> std::ws).eof())
    return std::nullopt;
  auto i = std::find(months.begin(), months.end(), month);
  if (i == months.end())
    return std::nullopt;
  return utc_midnight(y, static_cast<int>(i - months.begin()) + 1, d);
}

std::string at_line(std::size_t n, const std::string& what) {
  return "line " + std::to_string(n) + ": " + what;
}

} // namespace

std::variant<std::vector<quote_batch>, std::string>
read_quote_csv(std::istream& in, const std::optional<std::string>& ticker) {
  std::string line;
  if (!std::getline(in, line))
    return std::string{"the file is empty"};
  auto header = split(trim(line));
  for (auto& h : header)
    h = trim(h);
  std::size_t symbol_col, date_col, price_col;
  if (header == std::vector<std::string>{"symbol", "date", "price"}) {
    symbol_col = 0, date_col = 1, price_col = 2;
  } else if (header.size() >= 5 && header[0] == "date" &&
             std::find(header.begin(), header.end(), "close") != header.end()) {
    if (!ticker)
      return std::string{"this file has no symbol column: name its series "
                         "with --ticker"};
    symbol_col = header.size(), date_col = 0;
    price_col = static_cast<std::size_t>(
      std::find(header.begin(), header.end(), "close") - header.begin());
  } else {
    return std::string{"unknown header: expected 'symbol,date,price' or "
                       "'date,open,high,low,close,...'"};
  }
  if (ticker && !is_valid_ticker(*ticker))
    return "ticker '" + *ticker + "' is not a valid ticker";
  std::map<timestamp, quote_batch> by_date;
  std::size_t n = 1;
  while (std::getline(in, line)) {
    ++n;
    line = trim(line);
    if (line.empty())
      continue;
    auto cells = split(line);
    if (cells.size() != header.size())
      return at_line(n, "expected " + std::to_string(header.size()) +
                          " columns, found " + std::to_string(cells.size()));
    auto name = symbol_col < cells.size() ? trim(cells[symbol_col]) : *ticker;
    if (ticker && symbol_col < cells.size() && name != *ticker)
      continue; // --ticker on a symbol file keeps one series
    if (!is_valid_ticker(name))
      return at_line(n, "symbol '" + name + "' is not a valid ticker");
    auto date = parse_date(trim(cells[date_col]));
    if (!date)
      return at_line(n, "date '" + trim(cells[date_col]) + "' is not a date");
    // Some data carries more decimals than a price keeps: truncate the
    // text to micro-units rather than refuse the file.
    auto text = trim(cells[price_col]);
    auto dot = text.find('.');
    if (dot != std::string::npos && text.size() > dot + 7)
      text.resize(dot + 7);
    auto p = price::parse(text);
    if (!p)
      return at_line(n, "price '" + trim(cells[price_col]) +
                          "' is not a positive number");
    by_date[*date].push_back(quote{name, *date, *p});
  }
  std::vector<quote_batch> out;
  out.reserve(by_date.size());
  for (auto& [date, batch] : by_date)
    out.push_back(std::move(batch));
  if (out.empty())
    return std::string{"the file has no prices"};
  return out;
}

} // namespace ledger::feed
