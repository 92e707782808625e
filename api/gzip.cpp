#include "api/gzip.hpp"

#include "api/header_text.hpp"

#include <cctype>
#include <stdexcept>
#include <zlib.h>

namespace ledger::api {

namespace {

// windowBits 15 + 16 asks zlib for the gzip wrapper instead of zlib's.
constexpr int gzip_window = 15 + 16;
constexpr int memory_level = 8;

// q=0, q=0.0, q=0.000 refuse a coding; anything else accepts it.
bool refused_by_q(std::string_view params) {
  while (!params.empty()) {
    auto semi = params.find(';');
    auto one = trim_ows(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{}
                                            : params.substr(semi + 1);
    if (one.size() < 2 ||
        std::tolower(static_cast<unsigned char>(one[0])) != 'q' ||
        one[1] != '=')
      continue;
    auto value = trim_ows(one.substr(2));
    return !value.empty() &&
           value.find_first_not_of("0.") == std::string_view::npos;
  }
  return false;
}

} // namespace

std::string gzip(std::string_view text, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, gzip_window, memory_level,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("gzip: zlib could not start");
  std::string out;
  out.resize(deflateBound(&z, static_cast<uLong>(text.size())));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  // deflateBound's room is enough for one Z_FINISH call.
  auto rc = deflate(&z, Z_FINISH);
  auto written = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END)
    throw std::runtime_error("gzip: zlib failed");
  out.resize(written);
  return out;
}

std::string gunzip(std::string_view data) {
  z_stream z{};
  if (inflateInit2(&z, gzip_window) != Z_OK)
    throw std::runtime_error("gunzip: zlib could not start");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - z.avail_out);
    if (rc == Z_BUF_ERROR && z.avail_in == 0)
      break;
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END)
    throw std::runtime_error("gunzip: not a whole gzip stream");
  return out;
}

bool accepts_gzip(std::string_view accept_encoding) {
  // "gzip;q=0, *" refuses gzip: a coding named outright overrides "*".
  bool any = false;
  while (!accept_encoding.empty()) {
    auto item = next_list_item(accept_encoding);
    auto semi = item.find(';');
    auto coding = trim_ows(item.substr(0, semi));
    auto params = semi == std::string_view::npos ? std::string_view{}
                                                 : item.substr(semi + 1);
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip"))
      return !refused_by_q(params);
    if (coding == "*")
      any = !refused_by_q(params);
  }
  return any;
}

} // namespace ledger::api
