#include "api/sse_event.hpp"

#include <type_traits>
#include <utility>

namespace ledger::api {

namespace {

const std::string& ledger_of(const messaging::ledger_event& e) {
  return std::visit([](auto& x) -> const std::string& { return x.ledger; }, e);
}

} // namespace

sse_event::sse_event(std::int64_t id, messaging::ledger_event source)
  : id_(id), ledger_(ledger_of(source)), source_(std::move(source)) {}

const std::string& sse_event::frame() const {
  std::call_once(once_, [this] {
    // The codecs write one line of JSON (strings escape their newlines),
    // so the whole event fits one "data:" field.
    std::string data;
    std::string_view name;
    if (auto tick = std::get_if<tick_record>(&source_)) {
      data = messaging::encode_tick_event(*tick);
      name = messaging::tick_event_name;
    } else {
      data = messaging::encode_status_event(
        std::get<messaging::status_event>(source_));
      name = messaging::status_event_name;
    }
    frame_ = "id: " + std::to_string(id_) + "\n" + sse_message(name, data);
    source_ = messaging::status_event{}; // frees the record's vectors
  });
  return frame_;
}

std::string sse_message(std::string_view name, std::string_view data) {
  std::string out;
  out.reserve(name.size() + data.size() + 16);
  out += "event: ";
  out += name;
  out += "\ndata: ";
  out += data;
  out += "\n\n";
  return out;
}

std::string sse_comment(std::string_view text) {
  std::string out{": "};
  out += text;
  out += "\n\n";
  return out;
}

} // namespace ledger::api
