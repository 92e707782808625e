// ledger-feed's CSV reader (feed/csv_quotes.hpp): the input is a CSV file,
// read twice, once as it comes and once with --ticker SPX.
//
// Properties:
//  - it never throws; a refusal carries a sentence;
//  - what it accepts is at least one batch, batches in strictly increasing
//    date order, each non-empty and of one date; every quote has a valid
//    ticker (the --ticker one when given) and a positive price; there are
//    no more quotes than lines.

#include "feed/csv_quotes.hpp"

#include "core/ledger_config.hpp"

#include <algorithm>
#include <sstream>

#include "fuzz/check.hpp"

using namespace ledger;

namespace {

void check(std::string_view text, const std::optional<std::string>& ticker) {
  std::istringstream in{std::string{text}};
  auto read = feed::read_quote_csv(in, ticker);
  if (auto why = std::get_if<std::string>(&read)) {
    FUZZ_CHECK(!why->empty());
    return;
  }
  auto& batches = std::get<std::vector<feed::quote_batch>>(read);
  FUZZ_CHECK(!batches.empty());
  std::size_t quotes = 0;
  for (std::size_t i = 0; i < batches.size(); ++i) {
    auto& batch = batches[i];
    FUZZ_CHECK(!batch.empty());
    if (i > 0)
      FUZZ_CHECK(batches[i - 1].front().time < batch.front().time);
    for (auto& q : batch) {
      FUZZ_CHECK(q.time == batch.front().time);
      FUZZ_CHECK(is_valid_ticker(q.ticker));
      FUZZ_CHECK(!ticker || q.ticker == *ticker);
      FUZZ_CHECK(q.last.micros() > 0);
      ++quotes;
    }
  }
  auto lines =
    static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n') + 1);
  FUZZ_CHECK(quotes < lines);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto text = ledger::fuzz::text_of(data, size);
  check(text, std::nullopt);
  check(text, std::string{"SPX"});
  return 0;
}
