#include "api/header_text.hpp"

#include <algorithm>
#include <cctype>

namespace ledger::api {

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::string_view next_list_item(std::string_view& list) {
  auto comma = list.find(',');
  auto item = list.substr(0, comma);
  list = comma == std::string_view::npos ? std::string_view{}
                                         : list.substr(comma + 1);
  return item;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

} // namespace ledger::api
