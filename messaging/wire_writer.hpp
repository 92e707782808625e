#pragma once

// Writing wire messages: every body is one object that starts with
// "v": 1. Numbers are written exactly through json/ (write_money, ...).

#include "core/lifecycle.hpp"
#include "core/money.hpp"
#include "json/exact.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ledger::messaging {

/// Builds one message body: begin() opens the object and writes "v": 1,
/// finish() closes it and returns the text.
class wire_writer {
public:
  wire_writer() : w_(buffer_) {}
  wire_writer(const wire_writer&) = delete;
  wire_writer& operator=(const wire_writer&) = delete;

  json::writer& begin();
  std::string finish();

private:
  rapidjson::StringBuffer buffer_;
  json::writer w_;
};

/// ["AAPL", "MSFT"]
void write_text_array(json::writer& w, const std::vector<std::string>& items);

} // namespace ledger::messaging
