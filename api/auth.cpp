#include "api/auth.hpp"

#include <fstream>
#include <stdexcept>

namespace ledger::api {

namespace {

std::string_view trim(std::string_view text) {
  constexpr std::string_view space = " \t\r\n";
  auto first = text.find_first_not_of(space);
  if (first == std::string_view::npos)
    return {};
  auto last = text.find_last_not_of(space);
  return text.substr(first, last - first + 1);
}

} // namespace

key_set key_set::load(std::string_view list, const std::string& file) {
  key_set keys;
  while (!list.empty()) {
    auto comma = list.find(',');
    keys.add(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{}
                                           : list.substr(comma + 1);
  }
  if (!file.empty()) {
    std::ifstream in{file};
    if (!in)
      throw std::invalid_argument("cannot read the API key file " + file);
    std::string line;
    while (std::getline(in, line)) {
      auto key = trim(line);
      if (!key.empty() && key[0] != '#')
        keys.add(key);
    }
  }
  return keys;
}

void key_set::add(std::string_view key) {
  key = trim(key);
  if (key.empty())
    return;
  if (key.size() > max_key_length)
    throw std::invalid_argument("an API key is longer than " +
                                std::to_string(max_key_length) + " bytes");
  stored_key k;
  for (std::size_t i = 0; i < key.size(); ++i)
    k.bytes[i] = static_cast<unsigned char>(key[i]);
  k.length = key.size();
  keys_.push_back(k);
}

bool key_set::accepts(std::string_view presented) const {
  // Pad the guess to the fixed width; only its own length (which the
  // client knows) decides how many bytes are copied.
  std::array<unsigned char, max_key_length> given{};
  auto n =
    presented.size() < max_key_length ? presented.size() : max_key_length;
  for (std::size_t i = 0; i < n; ++i)
    given[i] = static_cast<unsigned char>(presented[i]);
  unsigned found = 0;
  for (auto& key : keys_) {
    // Comparisons as values (setcc), accumulated with OR: no branch
    // depends on key bytes.
    unsigned diff = static_cast<unsigned>(key.length != presented.size());
    for (std::size_t i = 0; i < max_key_length; ++i)
      diff |= static_cast<unsigned>(key.bytes[i] ^ given[i]);
    found |= static_cast<unsigned>(diff == 0);
  }
  return found != 0 && !presented.empty();
}

} // namespace ledger::api
