#include "api/http.hpp"

#include "json/exact.hpp"

namespace ledger::api {

std::string_view request::header(std::string_view name) const {
  auto i = headers.find(name);
  return i == headers.end() ? std::string_view{} : std::string_view{i->second};
}

std::optional<std::string> target_parts::param(std::string_view name) const {
  auto i = query.find(name);
  if (i == query.end())
    return std::nullopt;
  return i->second;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

} // namespace

std::optional<std::string> percent_decode(std::string_view text,
                                          bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size())
        return std::nullopt;
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
        return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<target_parts> parse_target(std::string_view target) {
  if (target.empty() || target[0] != '/')
    return std::nullopt;
  for (unsigned char ch : target)
    if (ch <= 0x20 || ch >= 0x7F) // RFC 3986: these must be escaped
      return std::nullopt;
  target_parts parts;
  auto question = target.find('?');
  auto raw_path = target.substr(0, question);
  auto path = percent_decode(raw_path, false);
  if (!path)
    return std::nullopt;
  parts.path = std::move(*path);
  while (!raw_path.empty()) {
    auto slash = raw_path.find('/');
    auto segment = raw_path.substr(0, slash);
    if (!segment.empty())
      parts.segments.push_back(*percent_decode(segment, false));
    raw_path = slash == std::string_view::npos ? std::string_view{}
                                               : raw_path.substr(slash + 1);
  }
  if (question == std::string_view::npos)
    return parts;
  auto query = target.substr(question + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{}
                                          : query.substr(amp + 1);
    if (pair.empty())
      continue;
    auto eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(
      eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1),
      true);
    if (!name || !value)
      return std::nullopt;
    parts.query.emplace(std::move(*name), std::move(*value));
  }
  return parts;
}

response error_response(int status, std::string_view code,
                        std::string_view message) {
  rapidjson::StringBuffer buffer;
  json::writer w{buffer};
  w.StartObject();
  w.Key("error");
  w.StartObject();
  json::write_member(w, "code", code);
  json::write_member(w, "message", message);
  w.EndObject();
  w.EndObject();
  return json_response(status, buffer.GetString());
}

response json_response(int status, std::string body) {
  response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

std::string_view status_code_name(int status) {
  switch (status) {
  case 400:
    return "bad_request";
  case 401:
    return "unauthorized";
  case 404:
    return "not_found";
  case 405:
    return "method_not_allowed";
  case 408:
    return "request_timeout";
  case 409:
    return "conflict";
  case 413:
    return "body_too_large";
  case 422:
    return "unprocessable";
  case 431:
    return "header_too_large";
  case 503:
    return "unavailable";
  default:
    return status >= 500 ? "internal" : "error";
  }
}

} // namespace ledger::api
