#include "json/trades.hpp"

#include "core/ledger_config.hpp"

#include <cstring>

namespace ledger::json {

namespace {

void write_key(writer& w, const std::string& key) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}

std::string member_name(const rapidjson::Value& name) {
  return std::string{name.GetString(), name.GetStringLength()};
}

} // namespace

void write_order(writer& w, const order& o) {
  w.StartObject();
  write_member(w, "type", to_string(o.direction));
  write_member(w, "ticker", o.ticker);
  w.Key("quantity");
  w.Int64(o.shares.shares());
  if (o.price) {
    w.Key("price");
    write_price(w, *o.price);
  }
  w.EndObject();
}

void write_fill(writer& w, const fill& f) {
  w.StartObject();
  write_member(w, "type", to_string(f.direction));
  write_member(w, "ticker", f.ticker);
  w.Key("quantity");
  w.Int64(f.shares.shares());
  w.Key("price");
  write_price(w, f.fill_price);
  w.Key("fee");
  write_money(w, f.fee);
  if (f.limit) {
    w.Key("limit");
    write_price(w, *f.limit);
  }
  w.EndObject();
}

void write_rejection(writer& w, const rejection& r) {
  w.StartObject();
  write_member(w, "code", to_string(r.code));
  write_member(w, "message", r.reason);
  w.Key("trade");
  write_order(w, r.order);
  w.EndObject();
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

std::variant<order, std::string> read_order(const rapidjson::Value& v) {
  if (!v.IsObject())
    return std::string{"a trade must be an object"};
  std::optional<side> direction;
  std::optional<std::string> ticker;
  std::optional<quantity> shares;
  std::optional<price> limit;
  for (auto& m : v.GetObject()) {
    auto key = member_name(m.name);
    if (key == "type") {
      if (m.value.IsString())
        direction = parse_side(m.value.GetString());
      if (!direction)
        return std::string{"type must be \"buy\" or \"sell\""};
    } else if (key == "ticker") {
      // With the length: an embedded NUL must not cut the ticker short.
      if (!m.value.IsString()
          || !is_valid_ticker({m.value.GetString(), m.value.GetStringLength()}))
        return std::string{"ticker must be 1 to 16 characters of A-Z, a-z, "
                           "0-9, . ^ _ -"};
      ticker = std::string{m.value.GetString(), m.value.GetStringLength()};
    } else if (key == "quantity") {
      auto n = read_integer(m.value);
      if (n)
        shares = quantity::make(*n);
      if (!shares)
        return std::string{"quantity must be a whole number of at least 1"};
    } else if (key == "price") {
      if (m.value.IsNull())
        continue;
      limit = read_price(m.value);
      if (!limit)
        return std::string{"price must be a positive number with at most "
                           "6 decimals"};
    } else {
      return "unknown field \"" + key.substr(0, 32) + "\" in a trade";
    }
  }
  if (!direction)
    return std::string{"a trade needs a type"};
  if (!ticker)
    return std::string{"a trade needs a ticker"};
  if (!shares)
    return std::string{"a trade needs a quantity"};
  return order{*direction, *ticker, *shares, limit};
}

std::variant<std::vector<order>, std::string>
read_orders(const rapidjson::Value& v) {
  const rapidjson::Value* list = &v;
  if (v.IsObject()) {
    auto trades = v.FindMember("trades");
    if (trades == v.MemberEnd() || v.MemberCount() != 1)
      return std::string{"expected a list of trades or {\"trades\": [...]}"};
    list = &trades->value;
  }
  if (!list->IsArray())
    return std::string{"expected a list of trades"};
  std::vector<order> out;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    auto one = read_order((*list)[i]);
    if (auto why = std::get_if<std::string>(&one))
      return "trade " + std::to_string(i) + ": " + *why;
    out.push_back(std::get<order>(std::move(one)));
  }
  return out;
}

std::variant<rejection, std::string> read_rejection(const rapidjson::Value& v) {
  auto code_text = read_string(v, "code");
  auto code = code_text ? parse_reject_code(*code_text) : std::nullopt;
  if (!code)
    return std::string{"a rejection needs a known code"};
  auto trade = v.FindMember("trade");
  if (trade == v.MemberEnd())
    return std::string{"a rejection needs its trade"};
  auto o = read_order(trade->value);
  if (auto why = std::get_if<std::string>(&o))
    return "rejected trade: " + *why;
  return rejection{std::get<order>(std::move(o)), *code,
                   read_string(v, "message").value_or("")};
}

std::variant<fill, std::string> read_fill(const rapidjson::Value& v) {
  if (!v.IsObject())
    return std::string{"a fill must be an object"};
  rapidjson::Value as_order{rapidjson::kObjectType};
  rapidjson::MemoryPoolAllocator<> alloc;
  std::optional<money> fee;
  std::optional<price> limit;
  for (auto& m : v.GetObject()) {
    auto key = member_name(m.name);
    if (key == "fee")
      fee = read_money(m.value);
    else if (key == "limit")
      limit = read_price(m.value);
    else
      as_order.AddMember(rapidjson::Value{m.name, alloc},
                         rapidjson::Value{m.value, alloc}, alloc);
  }
  auto o = read_order(as_order);
  if (auto why = std::get_if<std::string>(&o))
    return *why;
  auto& ord = std::get<order>(o);
  if (!ord.price || !fee)
    return std::string{"a fill needs its price and fee"};
  auto notional = checked_mul(ord.price->micros(), ord.shares.shares());
  auto delta = notional ? (ord.direction == side::buy
                             ? checked_add(*notional, fee->micros())
                             : checked_sub(*notional, fee->micros()))
                        : std::nullopt;
  if (!delta)
    return std::string{"a fill's amount does not fit"};
  return fill{
    ord.direction,
    ord.ticker,
    ord.shares,
    *ord.price,
    limit,
    *fee,
    money::from_micros(ord.direction == side::buy ? -*delta : *delta)};
}

std::variant<holdings, std::string> read_holdings(const rapidjson::Value& v) {
  if (!v.IsObject())
    return std::string{"holdings must be an object of ticker: shares"};
  holdings out;
  for (auto& m : v.GetObject()) {
    auto n = read_integer(m.value);
    if (!is_valid_ticker(member_name(m.name)) || !n || *n < 0)
      return "holding of " + member_name(m.name).substr(0, 32) +
             " must be a whole number of shares";
    if (*n > 0)
      out.emplace(member_name(m.name), *n);
  }
  return out;
}

std::variant<price_map, std::string> read_prices(const rapidjson::Value& v) {
  if (!v.IsObject())
    return std::string{"prices must be an object of ticker: price"};
  price_map out;
  for (auto& m : v.GetObject()) {
    auto p = read_price(m.value);
    if (!is_valid_ticker(member_name(m.name)) || !p)
      return "price of " + member_name(m.name).substr(0, 32) +
             " must be a positive number";
    out.emplace(member_name(m.name), *p);
  }
  return out;
}

} // namespace ledger::json
