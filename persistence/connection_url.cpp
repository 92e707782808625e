#include "persistence/connection_url.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace ledger::persistence {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool is_url(std::string_view s) {
  return starts_with(s, "postgresql://") || starts_with(s, "postgres://");
}

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 15]);
    }
  }
  return out;
}

// A URL cut at its structural delimiters; views into the original.
struct url_parts {
  std::string_view scheme;   // "postgresql://"
  std::string_view userinfo; // "user:pw", without the '@'
  bool has_userinfo = false;
  std::string_view hosts; // "host:5432" (or a comma-separated list)
  std::string_view path;  // "/db", or ""
  std::string_view query; // "?k=v&...", or ""
};

url_parts split_url(std::string_view url) {
  url_parts p;
  auto sep = url.find("://") + 3;
  p.scheme = url.substr(0, sep);
  auto rest = url.substr(sep);
  auto authority_end = std::min(rest.find_first_of("/?"), rest.size());
  auto authority = rest.substr(0, authority_end);
  // The last '@' ends the user info, so a stray '@' in a password still
  // leaves the host intact.
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    p.userinfo = authority.substr(0, at);
    p.has_userinfo = true;
    p.hosts = authority.substr(at + 1);
  } else {
    p.hosts = authority;
  }
  rest.remove_prefix(authority_end);
  auto query_start = std::min(rest.find('?'), rest.size());
  p.path = rest.substr(0, query_start);
  p.query = rest.substr(query_start);
  return p;
}

struct span {
  std::size_t begin;
  std::size_t end;
};

// Where the value of the query parameter `key` sits in `url`, if present.
std::optional<span> query_value(std::string_view url, std::string_view key) {
  auto q = url.find('?');
  if (q == std::string_view::npos)
    return std::nullopt;
  std::size_t pos = q + 1;
  while (pos <= url.size()) {
    auto amp = std::min(url.find('&', pos), url.size());
    auto param = url.substr(pos, amp - pos);
    auto eq = param.find('=');
    if (eq != std::string_view::npos && param.substr(0, eq) == key)
      return span{pos + eq + 1, amp};
    pos = amp + 1;
  }
  return std::nullopt;
}

// Where the user-info password sits in `url`, if present.
std::optional<span> userinfo_password(std::string_view url) {
  auto p = split_url(url);
  if (!p.has_userinfo)
    return std::nullopt;
  auto colon = p.userinfo.find(':');
  if (colon == std::string_view::npos)
    return std::nullopt;
  auto begin = p.scheme.size() + colon + 1;
  return span{begin, p.scheme.size() + p.userinfo.size()};
}

// One `key=value` of the keyword/value form, with the raw extent of the
// value (quotes included) and its unescaped text.
struct keyword {
  std::string key;
  std::string value;
  span raw;
};

std::vector<keyword> parse_keywords(std::string_view s) {
  std::vector<keyword> out;
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
      ++i;
  };
  while (true) {
    skip_space();
    if (i >= s.size())
      break;
    keyword kw;
    while (i < s.size() && s[i] != '=' &&
           !std::isspace(static_cast<unsigned char>(s[i])))
      kw.key.push_back(s[i++]);
    skip_space();
    if (i >= s.size() || s[i] != '=')
      break; // malformed: libpq will say so when connecting
    ++i;
    skip_space();
    kw.raw.begin = i;
    if (i < s.size() && s[i] == '\'') {
      ++i;
      while (i < s.size() && s[i] != '\'') {
        if (s[i] == '\\' && i + 1 < s.size())
          ++i;
        kw.value.push_back(s[i++]);
      }
      if (i < s.size())
        ++i; // the closing quote
    } else {
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) {
        if (s[i] == '\\' && i + 1 < s.size())
          ++i;
        kw.value.push_back(s[i++]);
      }
    }
    kw.raw.end = i;
    out.push_back(std::move(kw));
  }
  return out;
}

std::string quote_keyword_value(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\')
      out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

// Every spelling of the password that could appear in a message.
std::vector<std::string> password_spellings(std::string_view conninfo) {
  std::vector<std::string> out;
  auto add = [&](std::string s) {
    if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end())
      out.push_back(std::move(s));
  };
  if (is_url(conninfo)) {
    for (auto where :
         {userinfo_password(conninfo), query_value(conninfo, "password")}) {
      if (!where)
        continue;
      auto raw = conninfo.substr(where->begin, where->end - where->begin);
      add(std::string{raw});
      add(percent_decode(raw));
    }
  } else {
    for (auto& kw : parse_keywords(conninfo)) {
      if (kw.key != "password")
        continue;
      add(kw.value);
      add(
        std::string{conninfo.substr(kw.raw.begin, kw.raw.end - kw.raw.begin)});
    }
  }
  // Longest first, so a password containing another is masked whole.
  std::sort(out.begin(), out.end(),
            [](auto& a, auto& b) { return a.size() > b.size(); });
  return out;
}

} // namespace

std::string password_of(std::string_view conninfo) {
  if (is_url(conninfo)) {
    if (auto where = query_value(conninfo, "password"))
      return percent_decode(
        conninfo.substr(where->begin, where->end - where->begin));
    if (auto where = userinfo_password(conninfo))
      return percent_decode(
        conninfo.substr(where->begin, where->end - where->begin));
    return {};
  }
  std::string out;
  for (auto& kw : parse_keywords(conninfo))
    if (kw.key == "password")
      out = kw.value; // the last one wins, as in libpq
  return out;
}

std::string redact(std::string_view text, std::string_view conninfo) {
  std::string out{text};
  for (auto& secret : password_spellings(conninfo)) {
    for (auto pos = out.find(secret); pos != std::string::npos;
         pos = out.find(secret, pos + 3))
      out.replace(pos, secret.size(), "***");
  }
  return out;
}

std::string redacted(std::string_view conninfo) {
  std::vector<span> secrets;
  if (is_url(conninfo)) {
    for (auto where :
         {userinfo_password(conninfo), query_value(conninfo, "password")})
      if (where)
        secrets.push_back(*where);
  } else {
    for (auto& kw : parse_keywords(conninfo))
      if (kw.key == "password")
        secrets.push_back(kw.raw);
  }
  // Replace from the back so earlier offsets stay valid.
  std::sort(secrets.begin(), secrets.end(),
            [](span a, span b) { return a.begin > b.begin; });
  std::string out{conninfo};
  for (auto s : secrets)
    out.replace(s.begin, s.end - s.begin, "***");
  return out;
}

std::string with_connect_timeout(std::string_view conninfo, int seconds) {
  auto value = std::to_string(seconds);
  if (is_url(conninfo)) {
    if (query_value(conninfo, "connect_timeout"))
      return std::string{conninfo};
    auto sep = conninfo.find('?') == std::string_view::npos ? "?" : "&";
    return std::string{conninfo} + sep + "connect_timeout=" + value;
  }
  for (auto& kw : parse_keywords(conninfo))
    if (kw.key == "connect_timeout")
      return std::string{conninfo};
  std::string out{conninfo};
  if (!out.empty())
    out += ' ';
  return out + "connect_timeout=" + value;
}

std::string with_database(std::string_view conninfo,
                          std::string_view database) {
  if (is_url(conninfo)) {
    auto p = split_url(conninfo);
    std::string out{p.scheme};
    if (p.has_userinfo) {
      out += p.userinfo;
      out += '@';
    }
    out += p.hosts;
    out += '/';
    out += percent_encode(database);
    // A dbname query parameter would override the path: rewrite it too.
    std::string query{p.query};
    if (auto where = query_value(query, "dbname"))
      query.replace(where->begin, where->end - where->begin,
                    percent_encode(database));
    return out + query;
  }
  // libpq lets a later keyword override an earlier one.
  std::string out{conninfo};
  if (!out.empty())
    out += ' ';
  return out + "dbname=" + quote_keyword_value(database);
}

} // namespace ledger::persistence
