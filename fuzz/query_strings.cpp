// Request targets and the header values the REST adapter reads
// (api/http.hpp, api/conditional.hpp, api/framing.hpp, api/gzip.hpp). The
// input is one request target ("/view_ledger?name=demo"); it is also read
// as an If-None-Match, Accept-Encoding, Content-Length and
// Transfer-Encoding value.
//
// Properties:
//  - parse_target and percent_decode never throw; no escape decodes to a
//    NUL; parse_target accepts only "/"-rooted targets of printable ASCII,
//    and nothing it decodes holds a NUL;
//  - percent_decode inverts percent-encoding, and text without '%' (or
//    '+', when it means a space) decodes to itself;
//  - a parsed target, written back with every segment, name and value
//    percent-encoded, parses to the same segments and parameters;
//  - none_match: "*" and a tag itself always match; framing_problem
//    accepts only one plain Content-Length or a single "chunked".

#include "api/conditional.hpp"
#include "api/framing.hpp"
#include "api/gzip.hpp"
#include "api/header_text.hpp"
#include "api/http.hpp"

#include <algorithm>

#include "fuzz/check.hpp"

using namespace ledger;
using namespace ledger::api;

namespace {

// Every byte but A-Z a-z 0-9 - . _ ~ as %XX.
std::string percent_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~')
      out += static_cast<char>(c);
    else
      out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

bool has_nul(std::string_view text) {
  return text.find('\0') != std::string_view::npos;
}

void check_decode(std::string_view text) {
  for (bool plus_is_space : {false, true}) {
    auto decoded = percent_decode(text, plus_is_space);
    if (!decoded) {
      FUZZ_CHECK(text.find('%') != std::string_view::npos);
      continue;
    }
    // An escape never decodes to a NUL (raw bytes pass as they are:
    // parse_target refuses control characters before decoding).
    if (has_nul(*decoded)) {
      FUZZ_CHECK(has_nul(text));
      continue;
    }
    auto again = percent_decode(percent_encode(*decoded), plus_is_space);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK_EQUAL_TEXT(*again, *decoded);
    if (text.find('%') == std::string_view::npos &&
        (!plus_is_space || text.find('+') == std::string_view::npos))
      FUZZ_CHECK_EQUAL_TEXT(*decoded, text);
  }
}

void check_target(std::string_view text) {
  auto parts = parse_target(text);
  if (!parts)
    return;
  FUZZ_CHECK(!text.empty() && text[0] == '/');
  FUZZ_CHECK(std::all_of(text.begin(), text.end(),
                         [](unsigned char c) { return c > 0x20 && c < 0x7F; }));
  FUZZ_CHECK(!has_nul(parts->path));
  std::string rebuilt;
  for (auto& segment : parts->segments) {
    FUZZ_CHECK(!segment.empty() && !has_nul(segment));
    rebuilt += '/' + percent_encode(segment);
  }
  if (rebuilt.empty())
    rebuilt = "/";
  char separator = '?';
  for (auto& [name, value] : parts->query) {
    FUZZ_CHECK(!has_nul(name) && !has_nul(value));
    FUZZ_CHECK(parts->param(name) == value);
    rebuilt += separator + percent_encode(name) + '=' + percent_encode(value);
    separator = '&';
  }
  auto again = parse_target(rebuilt);
  if (!again)
    ledger::fuzz::differ("a parsed target, rebuilt, parses", text, rebuilt,
                         __FILE__, __LINE__);
  FUZZ_CHECK(again->segments == parts->segments);
  FUZZ_CHECK(again->query == parts->query);
}

void check_headers(std::string_view text) {
  auto tag = etag_of(text);
  FUZZ_CHECK(none_match("*", tag));
  FUZZ_CHECK(none_match(tag, tag));
  FUZZ_CHECK(none_match("W/" + tag, tag));
  none_match(text, tag);
  none_match(tag, text);
  accepts_gzip(text);

  // Each line a Content-Length (first byte 'c') or Transfer-Encoding
  // (first byte 't') value.
  framing_headers h;
  std::string_view lines = text;
  while (!lines.empty()) {
    auto end = lines.find('\n');
    auto line = lines.substr(0, end);
    lines = end == std::string_view::npos ? std::string_view{}
                                          : lines.substr(end + 1);
    if (line.empty())
      continue;
    if (line[0] == 'c')
      h.content_length.emplace_back(line.substr(1));
    else if (line[0] == 't')
      h.transfer_encoding.emplace_back(line.substr(1));
  }
  if (framing_problem(h))
    return;
  FUZZ_CHECK(h.content_length.empty() || h.transfer_encoding.empty());
  FUZZ_CHECK(h.content_length.size() <= 1);
  for (auto& length : h.content_length)
    FUZZ_CHECK(!length.empty() &&
               std::all_of(length.begin(), length.end(),
                           [](char c) { return c >= '0' && c <= '9'; }));
  if (!h.transfer_encoding.empty()) {
    FUZZ_CHECK(h.transfer_encoding.size() == 1);
    FUZZ_CHECK(iequals(trim_ows(h.transfer_encoding[0]), "chunked"));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto text = ledger::fuzz::text_of(data, size);
  check_decode(text);
  check_target(text);
  check_headers(text);
  return 0;
}
