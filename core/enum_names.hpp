#pragma once

// How the domain's enums are named on the wire and in the database: one
// table of (value, name) pairs per enum, read both ways by the two
// functions here.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace ledger {

template <class E, std::size_t N>
using enum_names = std::array<std::pair<E, std::string_view>, N>;

/// The name of `value`; `otherwise` for a value the table lacks (one made
/// by a cast: every enumerator is in its table).
template <class E, std::size_t N>
constexpr std::string_view name_in(const enum_names<E, N>& names, E value,
                                   std::string_view otherwise) {
  for (auto& [v, name] : names)
    if (v == value)
      return name;
  return otherwise;
}

/// The value named `text`, exactly (case matters); nullopt for none.
template <class E, std::size_t N>
constexpr std::optional<E> value_in(const enum_names<E, N>& names,
                                    std::string_view text) {
  for (auto& [v, name] : names)
    if (name == text)
      return v;
  return std::nullopt;
}

} // namespace ledger
