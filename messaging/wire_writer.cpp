#include "messaging/wire_writer.hpp"

#include "json/time.hpp"
#include "messaging/wire_message.hpp"

namespace ledger::messaging {

json::writer& wire_writer::begin() {
  w_.StartObject();
  w_.Key("v");
  w_.Int(wire_version);
  return w_;
}

std::string wire_writer::finish() {
  w_.EndObject();
  return std::string{buffer_.GetString(), buffer_.GetSize()};
}

void write_text_array(json::writer& w, const std::vector<std::string>& items) {
  w.StartArray();
  for (auto& item : items)
    json::write_text(w, item);
  w.EndArray();
}

} // namespace ledger::messaging
