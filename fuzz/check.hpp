#pragma once

// What the fuzz targets share: checking a property, and reading the input.
// A violated property prints what broke and aborts, which libFuzzer reports
// as a crash and saves the input that caused it.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace ledger::fuzz {

[[noreturn]] inline void violated(const char* what, const char* file,
                                  int line) {
  std::fprintf(stderr, "%s:%d: property violated: %s\n", file, line, what);
  std::abort();
}

/// Prints two texts that should have been equal, then aborts.
[[noreturn]] inline void differ(const char* what, std::string_view first,
                                std::string_view second, const char* file,
                                int line) {
  std::fprintf(stderr, "first:  %.*s\nsecond: %.*s\n",
               static_cast<int>(first.size() > 2000 ? 2000 : first.size()),
               first.data(),
               static_cast<int>(second.size() > 2000 ? 2000 : second.size()),
               second.data());
  violated(what, file, line);
}

/// The input as text.
inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

} // namespace ledger::fuzz

/// Aborts, naming the condition, unless it holds.
#define FUZZ_CHECK(cond)                                                       \
  do {                                                                         \
    if (!(cond))                                                               \
      ::ledger::fuzz::violated(#cond, __FILE__, __LINE__);                     \
  } while (0)

/// Aborts, printing both, unless the two texts are equal.
#define FUZZ_CHECK_EQUAL_TEXT(a, b)                                            \
  do {                                                                         \
    /* References keep temporaries alive to the end of the block. */           \
    const auto& fuzz_a_ = (a);                                                 \
    const auto& fuzz_b_ = (b);                                                 \
    if (std::string_view{fuzz_a_} != std::string_view{fuzz_b_})                \
      ::ledger::fuzz::differ(#a " == " #b, fuzz_a_, fuzz_b_, __FILE__,         \
                             __LINE__);                                        \
  } while (0)
