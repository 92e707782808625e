#include "core/idempotency.hpp"

#include <cstdint>
#include <cstdio>

namespace ledger {

std::string idempotency_hash(std::string_view ledger, std::string_view body) {
  std::uint64_t h = 14695981039346656037ull;
  auto mix = [&](std::string_view text) {
    for (unsigned char ch : text) {
      h ^= ch;
      h *= 1099511628211ull;
    }
  };
  mix(ledger);
  mix("\n");
  mix(body);
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

std::string command_idempotency_key(std::string_view correlation_id) {
  return "command " + std::string{correlation_id};
}

} // namespace ledger
