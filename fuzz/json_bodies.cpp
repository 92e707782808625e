// The one JSON document (json/document.hpp) and the readers of JSON bodies
// (json/trades.hpp, json/fields.hpp): trade lists as REST clients, ledgerctl
// and models send them, fills, rejections, holdings, prices. The input is
// one JSON text.
//
// Properties:
//  - parse and the readers never throw; a refusal is a sentence without a
//    NUL (sentences travel as messages);
//  - what parse accepts holds no raw NUL and fits the size limit, and
//    written back (numbers as their own text) it parses again to the same
//    text: numbers stay numbers and strings strings, exactly, and every
//    string and key is valid UTF-8;
//  - each reader runs on the root; what it accepts it writes
//    back (json/trades.hpp's writers) in a form it reads again to the same
//    text, with only valid tickers and positive quantities, prices and
//    holdings;
//  - field_reader getters on a fresh reader: a required getter gives a
//    value exactly when the reader did not fail; an optional one never
//    gives a value together with a failure.

#include "core/ledger_config.hpp"
#include "core/text.hpp"
#include "json/document.hpp"
#include "json/exact.hpp"
#include "json/fields.hpp"
#include "json/trades.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <variant>

#include "fuzz/check.hpp"

using namespace ledger;

namespace {

template <class Write>
std::string to_text(Write write) {
  rapidjson::StringBuffer buffer;
  json::writer w{buffer};
  write(w);
  return {buffer.GetString(), buffer.GetSize()};
}

std::string canonical(const json::document& doc) {
  return to_text(
    [&](json::writer& w) { json::write_kept(w, doc, doc.root()); });
}

// A refusal: a sentence, which may travel as a message (no NUL).
void sentence(const std::string& why) {
  FUZZ_CHECK(!why.empty());
  FUZZ_CHECK(why.find('\0') == std::string::npos);
}

// Reads `v` with `read`; when it accepts, writes the value with `write`,
// reads that text again and writes it again: the same text both times.
template <class T, class Read, class Write>
std::optional<T> round_trip(const json::document& doc,
                            const rapidjson::Value& v, Read read, Write write) {
  auto first = read(doc, v);
  if (auto why = std::get_if<std::string>(&first)) {
    sentence(*why);
    return std::nullopt;
  }
  auto text = to_text([&](json::writer& w) { write(w, std::get<T>(first)); });
  json::document again;
  if (auto why = again.parse(text))
    ledger::fuzz::differ("a reader's value is written as JSON", text, *why,
                         __FILE__, __LINE__);
  auto second = read(again, again.root());
  if (auto why = std::get_if<std::string>(&second))
    ledger::fuzz::differ("a written value reads again", text, *why, __FILE__,
                         __LINE__);
  FUZZ_CHECK_EQUAL_TEXT(
    text, to_text([&](json::writer& w) { write(w, std::get<T>(second)); }));
  return std::get<T>(std::move(first));
}

void check_order(const order& o) {
  FUZZ_CHECK(is_valid_ticker(o.ticker));
  FUZZ_CHECK(o.shares.shares() >= 1);
  FUZZ_CHECK(!o.price || o.price->micros() > 0);
}

void write_orders(json::writer& w, const std::vector<order>& orders) {
  w.StartArray();
  for (auto& o : orders)
    json::write_order(w, o);
  w.EndArray();
}

void check_readers(const json::document& doc) {
  auto& root = doc.root();
  if (auto orders = round_trip<std::vector<order>>(doc, root, json::read_orders,
                                                   write_orders))
    for (auto& o : *orders)
      check_order(o);
  if (auto fills = round_trip<std::vector<fill>>(
        doc, root, json::read_fill_list, json::write_fill_list))
    for (auto& f : *fills) {
      FUZZ_CHECK(is_valid_ticker(f.ticker));
      FUZZ_CHECK(f.shares.shares() >= 1 && f.fill_price.micros() > 0);
    }
  if (auto rejections = round_trip<std::vector<rejection>>(
        doc, root, json::read_rejection_list, json::write_rejection_list))
    for (auto& r : *rejections)
      check_order(r.order);
  if (auto h = round_trip<holdings>(doc, root, json::read_holdings,
                                    json::write_holdings))
    for (auto& [ticker, shares] : *h)
      FUZZ_CHECK(is_valid_ticker(ticker) && shares > 0);
  auto read_prices = [](const json::document&, const rapidjson::Value& v) {
    return json::read_prices(v);
  };
  if (auto p =
        round_trip<price_map>(doc, root, read_prices, json::write_prices))
    for (auto& [ticker, mark] : *p)
      FUZZ_CHECK(is_valid_ticker(ticker) && mark.micros() > 0);
}

// A required getter: a value exactly when the fresh reader did not fail.
template <class Get>
void required(const json::document& doc, Get get) {
  json::field_reader f{doc, doc.root()};
  bool was_object = !f.failed();
  auto value = get(f);
  FUZZ_CHECK(!value || was_object);
  FUZZ_CHECK(static_cast<bool>(value) != f.failed());
  if (f.failed())
    sentence(f.error());
}

// An optional getter: never a value together with a failure.
template <class Get>
void optional(const json::document& doc, Get get) {
  json::field_reader f{doc, doc.root()};
  auto value = get(f);
  FUZZ_CHECK(!(value && f.failed()));
}

// Member names the readers of the project use most.
void check_fields(const json::document& doc) {
  for (std::string_view key :
       {"name", "ticker", "tickers", "price", "quantity", "balance", "time",
        "end", "start", "trades", "holding", "message", "tick", "limit"}) {
    required(doc, [&](auto& f) { return f.text(key); });
    required(doc, [&](auto& f) { return f.message(key); });
    required(doc, [&](auto& f) { return f.integer(key); });
    required(doc, [&](auto& f) { return f.amount(key); });
    required(doc, [&](auto& f) { return f.positive_price(key); });
    required(doc, [&](auto& f) { return f.time(key); });
    required(doc, [&](auto& f) { return f.text_list(key); });
    required(doc, [&](auto& f) { return f.array(key); });
    required(doc, [&](auto& f) { return f.object(key); });
    optional(doc, [&](auto& f) { return f.optional_text(key); });
    optional(doc, [&](auto& f) { return f.optional_message(key); });
    optional(doc, [&](auto& f) { return f.optional_integer(key); });
    optional(doc, [&](auto& f) { return f.optional_amount(key); });
    optional(doc, [&](auto& f) { return f.optional_number_text(key); });
    optional(doc, [&](auto& f) { return f.optional_time(key); });
    optional(doc, [&](auto& f) { return f.optional_flag(key); });
    // Text getters give clean text (core/text.hpp), messages no NUL.
    json::field_reader f{doc, doc.root()};
    if (auto t = f.optional_text(key))
      FUZZ_CHECK(is_clean_text(*t));
    if (auto m = f.optional_message(key))
      FUZZ_CHECK(is_valid_utf8(*m) && m->find('\0') == std::string::npos);
  }
  json::field_reader f{doc, doc.root()};
  f.only({"name", "trades", "holding"});
  if (f.failed())
    sentence(f.error());
  else if (doc.root().IsObject())
    for (auto& m : doc.root().GetObject()) {
      std::string_view key{m.name.GetString(), m.name.GetStringLength()};
      FUZZ_CHECK(key == "name" || key == "trades" || key == "holding");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto body = ledger::fuzz::text_of(data, size);
  json::document doc;
  if (auto why = doc.parse(body)) {
    sentence(*why);
    return 0;
  }
  FUZZ_CHECK(body.find('\0') == std::string_view::npos);
  FUZZ_CHECK(body.size() <= json::max_document_bytes);
  auto text = canonical(doc);
  json::document again;
  if (auto why = again.parse(text))
    ledger::fuzz::differ("a parsed document, written back, parses", text, *why,
                         __FILE__, __LINE__);
  FUZZ_CHECK_EQUAL_TEXT(text, canonical(again));
  check_readers(doc);
  check_fields(doc);
  return 0;
}
