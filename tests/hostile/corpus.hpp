#pragma once

// The hostile corpus: several hundred requests a careless or malicious
// client might send, each of which ledgerd must refuse with a 4xx JSON
// error without changing anything. Built from tables of bad values crossed
// with the routes they reach, plus hand-written protocol abuse.

#include <string>
#include <vector>

namespace ledger::test {

struct hostile_case {
  std::string name;    ///< what it tries, for the failure message
  std::string request; ///< the raw bytes sent on a fresh connection
};

/// Every case; `key` is a valid API key (most cases carry it, so they
/// reach the validation behind the key check).
std::vector<hostile_case> hostile_corpus(const std::string& key);

} // namespace ledger::test
