#pragma once

#include <string_view>

namespace ledger::api {

/// The OpenAPI 3.0 description of every route, served at /openapi.json.
std::string_view openapi_document();

} // namespace ledger::api
