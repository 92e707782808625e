#pragma once

// The dashboard's files, embedded at build time (web/CMakeLists.txt): the
// page, its script and style, and the chart library.

#include <cstddef>
#include <string_view>

namespace ledger::api {

struct web_asset {
  std::string_view name; ///< "app.js", served at /dashboard/<name>
  std::string_view body;
};

extern const web_asset web_assets[];
extern const std::size_t web_asset_count;

} // namespace ledger::api
