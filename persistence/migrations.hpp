#pragma once

#include <string_view>
#include <vector>

namespace ledger::persistence {

/// The schema's migrations, in order: element i takes the database from
/// version i to version i + 1. Append only: a released migration is never
/// edited, since databases out there have already run it.
const std::vector<std::string_view>& migrations();

} // namespace ledger::persistence
