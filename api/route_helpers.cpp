// Helpers every route family uses: bodies, names, failures.

#include "api/routes.hpp"
#include "api/views.hpp"
#include "core/ledger_config.hpp"
#include "json/time.hpp"

#include <charconv>
#include <iostream>

namespace ledger::api {

std::variant<json::document, response> json_body(const request& req) {
  json::document doc;
  if (req.body.empty())
    return error_response(400, "bad_request", "a JSON body is required");
  if (auto problem = doc.parse(req.body))
    return error_response(400, "bad_json", *problem);
  if (!doc.root().IsObject() && !doc.root().IsArray())
    return error_response(400, "bad_json",
                          "the body must be a JSON object or array");
  return doc;
}

response bad_parameter(std::string_view message) {
  return error_response(400, "bad_parameter", message);
}

std::variant<std::string, response>
ledger_name(const std::optional<std::string>& value, std::string_view what) {
  if (!value || value->empty())
    return bad_parameter(std::string{what} + " is required");
  if (!is_valid_ledger_name(*value))
    return bad_parameter(std::string{what} +
                         " must be 1 to 64 characters of A-Z, a-z, 0-9, _ . -");
  return *value;
}

std::optional<std::string> path_name(const call_ptr& c) {
  auto name = ledger_name(c->params.at(0), "the ledger name");
  if (auto r = std::get_if<response>(&name)) {
    c->reply(std::move(*r));
    return std::nullopt;
  }
  return std::get<std::string>(name);
}

std::optional<std::size_t> page_size(const call_ptr& c) {
  constexpr std::size_t default_page = 100;
  constexpr std::size_t max_page = 1000;
  auto text = c->target.param("limit");
  if (!text)
    return default_page;
  std::size_t n = 0;
  auto [end, ec] =
    std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc{} || end != text->data() + text->size() || n == 0 ||
      n > max_page) {
    c->reply(bad_parameter("limit must be a whole number from 1 to 1000"));
    return std::nullopt;
  }
  return n;
}

std::optional<std::int64_t> page_cursor(const call_ptr& c,
                                        std::string_view what) {
  std::int64_t after = 0;
  auto text = c->target.param("after");
  if (!text)
    return after;
  auto [end, ec] =
    std::from_chars(text->data(), text->data() + text->size(), after);
  if (ec != std::errc{} || end != text->data() + text->size() || after < 0) {
    c->reply(bad_parameter("after must be " + std::string{what} +
                           " (a whole number >= 0)"));
    return std::nullopt;
  }
  return after;
}

bool read_bound(const call_ptr& c, const char* param,
                std::optional<timestamp>& out) {
  auto text = c->target.param(param);
  if (!text)
    return true;
  out = json::parse_time(*text);
  if (!out)
    c->reply(
      bad_parameter(std::string{param} +
                    " must be an ISO 8601 UTC time like 2026-11-25T09:30:00Z"));
  return out.has_value();
}

void reply_failure(const call_ptr& c, const failure& f) {
  if (f.code != "unknown_ledger" && f.code != "name_taken" &&
      f.code != "invalid_config" && f.code != "invalid_value" &&
      f.code != "invalid_transition" && f.code != "holding_mismatch" &&
      f.code != "not_owner")
    // Operators need to see these; engine messages carry no secrets.
    std::cerr << "api: " << c->req.method << ' ' << c->target.path << ": "
              << f.code << ": " << f.message << '\n';
  c->reply(failure_response(f));
}

} // namespace ledger::api
