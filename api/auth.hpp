#pragma once

// API keys: loaded from LEDGER_API_KEYS and/or a key file, compared in
// constant time, never printed (not even in errors about loading them).

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ledger::api {

/// The header that carries a key.
inline constexpr std::string_view api_key_header = "x-api-key";

/// The keys a server accepts.
class key_set {
public:
  /// The longest key; longer ones are refused when loading.
  static constexpr std::size_t max_key_length = 256;

  /// Keys from a comma-separated `list` and from `file` (when not empty):
  /// one key per line, blank lines and lines starting with '#' skipped;
  /// surrounding whitespace is trimmed. Throws std::invalid_argument when
  /// the file cannot be read or a key is too long (never quoting a key).
  static key_set load(std::string_view list, const std::string& file);

  /// Adds one key (trimmed; empty ones are ignored). Throws like load.
  void add(std::string_view key);

  bool empty() const { return keys_.empty(); }
  std::size_t size() const { return keys_.size(); }

  /// True when `presented` equals one of the keys. Every key is compared
  /// over max_key_length bytes, without an early exit, whatever matches:
  /// the time taken tells nothing about the keys or how close a guess is.
  bool accepts(std::string_view presented) const;

private:
  struct stored_key {
    std::array<unsigned char, max_key_length> bytes{};
    std::size_t length = 0;
  };

  std::vector<stored_key> keys_;
};

} // namespace ledger::api
