#include "json/trades.hpp"

#include "core/execution.hpp"
#include "core/ledger_config.hpp"
#include "json/fields.hpp"

namespace ledger::json {

namespace {

std::string member_name(const rapidjson::Value& name) {
  return std::string{name.GetString(), name.GetStringLength()};
}

// The members an order and a fill share, so both spell them alike.
void write_trade_members(writer& w, side direction, const std::string& ticker,
                         quantity shares) {
  write_member(w, "type", to_string(direction));
  write_member(w, "ticker", ticker);
  w.Key("quantity");
  w.Int64(shares.shares());
}

} // namespace

void write_order(writer& w, const order& o) {
  w.StartObject();
  write_trade_members(w, o.direction, o.ticker, o.shares);
  if (o.price) {
    w.Key("price");
    write_price(w, *o.price);
  }
  w.EndObject();
}

void write_fill(writer& w, const fill& f) {
  w.StartObject();
  write_fill_members(w, f);
  w.EndObject();
}

void write_fill_members(writer& w, const fill& f) {
  write_trade_members(w, f.direction, f.ticker, f.shares);
  w.Key("price");
  write_price(w, f.fill_price);
  w.Key("fee");
  write_money(w, f.fee);
  if (f.limit) {
    w.Key("limit");
    write_price(w, *f.limit);
  }
}

void write_rejection(writer& w, const rejection& r) {
  w.StartObject();
  write_member(w, "code", to_string(r.code));
  write_member(w, "message", r.reason);
  w.Key("trade");
  write_order(w, r.order);
  w.EndObject();
}

void write_fill_list(writer& w, const std::vector<fill>& fills) {
  w.StartArray();
  for (auto& f : fills)
    write_fill(w, f);
  w.EndArray();
}

void write_rejection_list(writer& w, const std::vector<rejection>& rejections) {
  w.StartArray();
  for (auto& r : rejections)
    write_rejection(w, r);
  w.EndArray();
}

void write_holdings(writer& w, const holdings& h) {
  w.StartObject();
  for (auto& [ticker, shares] : h) {
    write_key(w, ticker);
    w.Int64(shares);
  }
  w.EndObject();
}

void write_prices(writer& w, const price_map& p) {
  w.StartObject();
  for (auto& [ticker, quote] : p) {
    write_key(w, ticker);
    write_price(w, quote);
  }
  w.EndObject();
}

namespace {

constexpr const char* ticker_rule =
  "ticker must be 1 to 16 characters of A-Z, a-z, 0-9, . ^ _ -";

// Prefixes the sentence of a failed element with its index.
template <class T, class Read>
decoded<std::vector<T>> read_list(const rapidjson::Value& v, const char* what,
                                  Read read) {
  if (!v.IsArray())
    return std::string{what} + "s must be an array";
  std::vector<T> out;
  out.reserve(v.Size());
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    auto one = read(v[i]);
    if (auto why = std::get_if<std::string>(&one))
      return std::string{what} + " " + std::to_string(i) + ": " + *why;
    out.push_back(std::get<T>(std::move(one)));
  }
  return out;
}

// What an order and a fill both are, once their members' values are checked.
struct trade_members {
  side direction;
  std::string ticker;
  quantity shares;
};

// Reads the members an order and a fill share, and the others through
// `read_rest`, so both check them alike: every member's JSON type first (the
// reader keeps the first problem), then the side, ticker and quantity.
template <class ReadRest>
decoded<trade_members> read_trade_members(field_reader& f, ReadRest read_rest) {
  auto type = f.text("type");
  auto ticker = f.text("ticker");
  auto shares = f.integer("quantity");
  read_rest();
  if (f.failed())
    return f.error();
  auto direction = parse_side(*type);
  if (!direction)
    return std::string{"type must be \"buy\" or \"sell\""};
  if (!is_valid_ticker(*ticker))
    return std::string{ticker_rule};
  auto q = quantity::make(*shares);
  if (!q)
    return std::string{"quantity must be a whole number of at least 1"};
  return trade_members{*direction, std::move(*ticker), *q};
}

} // namespace

decoded<order> read_order(const document& doc, const rapidjson::Value& v) {
  field_reader f{doc, v};
  if (f.failed())
    return std::string{"a trade must be an object"};
  f.only({"type", "ticker", "quantity", "price"});
  std::optional<price> limit;
  auto read = read_trade_members(f, [&] {
    if (auto p = f.find("price"); p && !p->IsNull())
      limit = f.positive_price("price");
  });
  if (auto why = std::get_if<std::string>(&read))
    return *why;
  auto& m = std::get<trade_members>(read);
  return order{m.direction, std::move(m.ticker), m.shares, limit};
}

decoded<std::vector<order>> read_order_list(const document& doc,
                                            const rapidjson::Value& v) {
  return read_list<order>(v, "trade", [&](const rapidjson::Value& item) {
    return read_order(doc, item);
  });
}

decoded<std::vector<order>> read_orders(const document& doc,
                                        const rapidjson::Value& v) {
  if (v.IsObject()) {
    auto trades = v.FindMember("trades");
    if (trades == v.MemberEnd() || v.MemberCount() != 1)
      return std::string{"expected a list of trades or {\"trades\": [...]}"};
    return read_order_list(doc, trades->value);
  }
  return read_order_list(doc, v);
}

decoded<rejection> read_rejection(const document& doc,
                                  const rapidjson::Value& v) {
  field_reader f{doc, v};
  if (f.failed())
    return std::string{"a rejection must be an object"};
  f.only({"code", "message", "trade"});
  auto code_text = f.text("code");
  auto message = f.optional_message("message");
  auto trade = f.object("trade");
  if (f.failed())
    return f.error();
  auto code = parse_reject_code(*code_text);
  if (!code)
    return std::string{"a rejection needs a known code"};
  auto o = read_order(doc, *trade);
  if (auto why = std::get_if<std::string>(&o))
    return "rejected trade: " + *why;
  return rejection{std::get<order>(std::move(o)), *code, message.value_or("")};
}

decoded<fill> read_fill(const document& doc, const rapidjson::Value& v) {
  field_reader f{doc, v};
  if (f.failed())
    return std::string{"a fill must be an object"};
  f.only({"type", "ticker", "quantity", "price", "fee", "limit"});
  std::optional<price> fill_price;
  std::optional<money> fee;
  std::optional<price> limit;
  auto read = read_trade_members(f, [&] {
    fill_price = f.positive_price("price");
    fee = f.amount("fee");
    if (auto l = f.find("limit"); l && !l->IsNull())
      limit = f.positive_price("limit");
  });
  if (auto why = std::get_if<std::string>(&read))
    return *why;
  auto& m = std::get<trade_members>(read);
  auto delta = cash_delta_of(m.direction, *fill_price, m.shares, *fee);
  if (!delta)
    return std::string{"a fill's amount does not fit"};
  return fill{
    m.direction, std::move(m.ticker), m.shares, *fill_price, limit, *fee,
    *delta};
}

decoded<std::vector<fill>> read_fill_list(const document& doc,
                                          const rapidjson::Value& v) {
  return read_list<fill>(v, "fill", [&](const rapidjson::Value& item) {
    return read_fill(doc, item);
  });
}

decoded<std::vector<rejection>> read_rejection_list(const document& doc,
                                                    const rapidjson::Value& v) {
  return read_list<rejection>(
    v, "rejection",
    [&](const rapidjson::Value& item) { return read_rejection(doc, item); });
}

decoded<holdings> read_stated_holdings(const document& doc,
                                       const rapidjson::Value& v) {
  if (!v.IsObject())
    return std::string{"holdings must be an object of ticker: shares"};
  holdings out;
  for (auto& m : v.GetObject()) {
    auto ticker = member_name(m.name);
    if (!is_valid_ticker(ticker))
      return "holding: " + std::string{ticker_rule};
    auto n = doc.is_number(m.value) ? read_integer(m.value) : std::nullopt;
    if (!n)
      return "holding of " + ticker + " must be a whole number of shares";
    if (*n != 0)
      out.emplace(std::move(ticker), *n);
  }
  return out;
}

decoded<holdings> read_holdings(const document& doc,
                                const rapidjson::Value& v) {
  auto out = read_stated_holdings(doc, v);
  if (auto h = std::get_if<holdings>(&out))
    if (auto why = negative_holding(*h))
      return *why;
  return out;
}

decoded<price_map> read_prices(const rapidjson::Value& v) {
  if (!v.IsObject())
    return std::string{"prices must be an object of ticker: price"};
  price_map out;
  for (auto& m : v.GetObject()) {
    auto ticker = member_name(m.name);
    if (!is_valid_ticker(ticker))
      return "price: " + std::string{ticker_rule};
    auto p = m.value.IsString() ? read_price(m.value) : std::nullopt;
    if (!p)
      return "price of " + ticker + " must be a positive number";
    out.emplace(std::move(ticker), *p);
  }
  return out;
}

} // namespace ledger::json
