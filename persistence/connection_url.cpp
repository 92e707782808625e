#include "persistence/connection_url.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <libpq-fe.h>
#include <map>
#include <memory>
#include <stdexcept>

namespace ledger::persistence {

namespace {

// Keyword -> value, as libpq parsed them (escapes and quotes decoded).
using options = std::map<std::string, std::string>;

// libpq quotes the input it choked on, which may hold the password (and
// quotes of its own): mask from where that echo opens to the last quote.
// The markers keep libpq's own quoted literals, as in `missing "=" after`.
std::string without_echo(std::string message) {
  auto begin = std::string::npos;
  for (std::string_view marker : {": \"", "after \"", "option \""})
    if (auto at = message.find(marker); at != std::string::npos)
      begin = std::min(begin, at + marker.size() - 1);
  if (begin == std::string::npos)
    begin = message.find('"'); // a format unknown here: mask all quoted
  if (begin != std::string::npos) {
    auto end = message.rfind('"');
    message.replace(begin, end > begin ? end + 1 - begin : message.npos,
                    "\"...\"");
  }
  return message;
}

options parse(std::string_view conninfo) {
  // libpq stops at a NUL: what follows would be dropped silently.
  if (conninfo.find('\0') != std::string_view::npos)
    throw std::invalid_argument("the database connection string holds a NUL");
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> parsed{
    PQconninfoParse(std::string{conninfo}.c_str(), &error), PQconninfoFree};
  if (!parsed) {
    std::string why = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    why.erase(why.find_last_not_of('\n') + 1);
    throw std::invalid_argument("malformed database connection string: " +
                                without_echo(why));
  }
  options out;
  for (auto* o = parsed.get(); o->keyword != nullptr; ++o)
    if (o->val != nullptr)
      out.emplace(o->keyword, o->val);
  return out;
}

bool is_url(std::string_view s) {
  return s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0;
}

// A URL value with every byte but the unreserved ones %-escaped, so libpq
// decodes it back to `value`.
std::string url_spelling(std::string_view value) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value)
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
      out += static_cast<char>(c);
    else
      out += {'%', hex[c >> 4], hex[c & 15]};
  return out;
}

// A keyword/value value, single-quoted (\ and ' escaped) when it is empty or
// holds what would end or escape it bare.
std::string keyword_spelling(std::string_view value) {
  if (!value.empty() && value.find_first_of(" \t\n\v\f\r'\\") == value.npos)
    return std::string{value};
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "'";
}

// `opts` spelled like `model`; the password as "***" when `mask`.
std::string render(const options& opts, std::string_view model, bool mask) {
  bool url = is_url(model);
  std::string out = url ? "postgresql://" : "";
  const char* separator = url ? "?" : "";
  for (auto& [key, value] : opts) {
    out += separator + key + '=';
    if (mask && key == "password")
      out += "***";
    else
      out += url ? url_spelling(value) : keyword_spelling(value);
    separator = url ? "&" : " ";
  }
  return out;
}

} // namespace

std::string redact(std::string_view text, std::string_view conninfo) {
  std::string out{text};
  auto opts = parse(conninfo);
  auto password = opts.find("password");
  if (password == opts.end() || password->second.empty())
    return out;
  auto& value = password->second;
  // Longest first, so a spelling holding another is masked whole.
  std::string spellings[] = {value, url_spelling(value),
                             keyword_spelling(value)};
  std::sort(std::begin(spellings), std::end(spellings),
            [](auto& a, auto& b) { return a.size() > b.size(); });
  for (auto& secret : spellings)
    for (auto pos = out.find(secret); pos != std::string::npos;
         pos = out.find(secret, pos + 3))
      out.replace(pos, secret.size(), "***");
  return out;
}

std::string redacted(std::string_view conninfo) {
  return render(parse(conninfo), conninfo, true);
}

std::string with_connect_timeout(std::string_view conninfo, int seconds) {
  auto opts = parse(conninfo);
  opts.emplace("connect_timeout", std::to_string(seconds)); // unless set
  return render(opts, conninfo, false);
}

std::string with_database(std::string_view conninfo,
                          std::string_view database) {
  auto opts = parse(conninfo);
  opts["dbname"] = database;
  return render(opts, conninfo, false);
}

std::string with_server(std::string_view conninfo, std::string_view host,
                        unsigned short port) {
  auto opts = parse(conninfo);
  opts["host"] = host;
  opts["port"] = std::to_string(port);
  opts.erase("hostaddr");
  return render(opts, conninfo, false);
}

} // namespace ledger::persistence
