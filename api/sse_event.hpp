#pragma once

// One engine event on its way to Server-Sent Events clients: numbered by
// the hub, framed as an SSE message only when a client first reads it, and
// then shared by every client (and the resume ring) without a copy.

#include "core/tick_record.hpp"
#include "messaging/codec_event.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace ledger::api {

class sse_event {
public:
  /// A tick record or a status change, copied from the ledger's call.
  sse_event(std::int64_t id, messaging::ledger_event source);

  std::int64_t id() const { return id_; }
  const std::string& ledger() const { return ledger_; }

  /// "id: <id>\nevent: tick|status\ndata: <the JSON of encode_tick_event
  /// or encode_status_event>\n\n". Encoded on the first call (any
  /// thread), after which the source is dropped: the bytes are all that
  /// is kept.
  const std::string& frame() const;

private:
  std::int64_t id_;
  std::string ledger_;
  mutable std::once_flag once_;
  mutable messaging::ledger_event source_;
  mutable std::string frame_;
};

using sse_event_ptr = std::shared_ptr<const sse_event>;

/// An SSE message of its own: "event: <name>\ndata: <data>\n\n" (no id,
/// so a client's Last-Event-ID stays as it was). `data` is one line.
std::string sse_message(std::string_view name, std::string_view data);

/// An SSE comment line (clients ignore it; proxies see traffic):
/// ": <text>\n\n".
std::string sse_comment(std::string_view text);

} // namespace ledger::api
