#include "api/framing.hpp"

#include "api/header_text.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace ledger::api {

namespace {

// The transfer codings named by every Transfer-Encoding line, in order.
std::vector<std::string_view> codings(const std::vector<std::string>& lines) {
  std::vector<std::string_view> out;
  for (std::string_view line : lines)
    while (true) {
      auto comma = line.find(',');
      out.push_back(trim_ows(line.substr(0, comma)));
      if (comma == std::string_view::npos)
        break;
      line.remove_prefix(comma + 1);
    }
  return out;
}

} // namespace

std::optional<std::string> framing_problem(const framing_headers& h) {
  if (!h.transfer_encoding.empty()) {
    if (!h.content_length.empty())
      return std::string{"a request may not carry both Content-Length and "
                         "Transfer-Encoding"};
    auto names = codings(h.transfer_encoding);
    if (names.size() != 1 || !iequals(names.front(), "chunked"))
      return std::string{"the only transfer coding accepted is a single "
                         "\"chunked\""};
    return std::nullopt;
  }
  if (h.content_length.size() > 1)
    return std::string{"Content-Length may be given only once"};
  if (h.content_length.size() == 1) {
    std::string_view value = h.content_length.front();
    if (value.empty() || value.size() > 19 ||
        !std::all_of(value.begin(), value.end(),
                     [](char c) { return c >= '0' && c <= '9'; }))
      return std::string{"Content-Length must be a decimal number"};
  }
  return std::nullopt;
}

} // namespace ledger::api
