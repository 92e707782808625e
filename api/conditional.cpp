#include "api/conditional.hpp"

#include "api/gzip.hpp"
#include "api/header_text.hpp"

#include <cstdio>

namespace ledger::api {

namespace {

constexpr std::string_view gzip_suffix = "-gz";

// The opaque part of a tag: without W/ and quotes, and without the gzip
// variant's suffix, so both encodings of one version compare equal.
std::string_view opaque(std::string_view tag) {
  if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/')
    tag.remove_prefix(2);
  if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"')
    tag = tag.substr(1, tag.size() - 2);
  if (tag.size() > gzip_suffix.size() &&
      tag.substr(tag.size() - gzip_suffix.size()) == gzip_suffix)
    tag.remove_suffix(gzip_suffix.size());
  return tag;
}

std::string gzip_variant(std::string_view etag) {
  auto inner = opaque(etag);
  return "\"" + std::string{inner} + std::string{gzip_suffix} + "\"";
}

} // namespace

std::string etag_of(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  char out[20];
  std::snprintf(out, sizeof out, "\"%016llx\"",
                static_cast<unsigned long long>(h));
  return out;
}

bool none_match(std::string_view if_none_match, std::string_view etag) {
  auto want = opaque(etag);
  while (!if_none_match.empty()) {
    auto tag = trim_ows(next_list_item(if_none_match));
    if (tag == "*" || (!tag.empty() && opaque(tag) == want))
      return true;
  }
  return false;
}

void finish_get(const request& req, response& r) {
  if ((req.method != "GET" && req.method != "HEAD") || r.status != 200)
    return;
  if (r.etag.empty() && r.content_type == "application/json")
    r.etag = etag_of(r.payload());
  if (!r.etag.empty()) {
    if (none_match(req.header("if-none-match"), r.etag)) {
      // 304: the headers that would go with a 200, without a body.
      r.status = 304;
      r.body.clear();
      r.shared_body.reset();
      r.gzipped.reset();
      r.content_type.clear();
      r.headers.emplace_back("ETag", r.etag);
      return;
    }
  }
  if (r.payload().size() >= gzip_threshold) {
    r.headers.emplace_back("Vary", "Accept-Encoding");
    if (accepts_gzip(req.header("accept-encoding"))) {
      if (!r.gzipped)
        r.gzipped = std::make_shared<const std::string>(gzip(r.payload(), 1));
      r.shared_body = std::move(r.gzipped);
      r.body.clear();
      r.headers.emplace_back("Content-Encoding", "gzip");
      if (!r.etag.empty())
        r.etag = gzip_variant(r.etag);
    }
  }
  if (!r.etag.empty())
    r.headers.emplace_back("ETag", r.etag);
}

} // namespace ledger::api
