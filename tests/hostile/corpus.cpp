#include "tests/hostile/corpus.hpp"

#include "tests/hostile/ledgerd_under_test.hpp"

#include <cstdio>

namespace ledger::test {

namespace {

// A literal with embedded NUL bytes, whole.
template <std::size_t N>
std::string bytes(const char (&text)[N]) {
  return std::string(text, N - 1);
}

std::string percent_encoded(const std::string& text) {
  std::string out;
  for (unsigned char ch : text) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%%%02X", ch);
    out += hex;
  }
  return out;
}

// JSON string literal of raw bytes: quotes and backslashes escaped, other
// bytes as they are (so invalid UTF-8 stays invalid).
std::string quoted(const std::string& raw) {
  std::string out = "\"";
  for (char ch : raw) {
    if (ch == '"' || ch == '\\')
      out += '\\';
    out += ch;
  }
  return out + "\"";
}

// Values no name, ticker or path may take: raw bytes, percent-encodable.
const std::vector<std::string> bad_text = {
  bytes("abc\0../../x"),
  "\xff\xfe",
  "\xc0\xaf",
  "\xed\xa0\x80",
  "a b",
  "'; DROP TABLE ledgers; --",
  "\" OR 1=1 --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "/etc/passwd",
  "a\r\nX-Injected: 1",
  "tab\there",
  std::string(300, 'n'),
  "caf\xc3\xa9",
  "\xe2\x80\xae"
  "reversed",
  "${jndi:ldap://x}",
  "%00",
  "..",
};

// JSON values of the wrong type for a string field.
const std::vector<std::string> not_strings = {
  "5", "11411892119", "-1", "1e999", "true", "null", "[]", "{}", "[\"x\"]",
};

std::string create_json(const std::string& name, const std::string& tickers,
                        const std::string& algo, const std::string& interval,
                        const std::string& end, const std::string& extra = "") {
  return "{\"name\": " + name + ", \"tickers\": " + tickers +
         ", \"algo_path\": " + algo + ", \"interval\": " + interval +
         ", \"end\": " + end + extra + "}";
}

void old_create_cases(std::vector<hostile_case>& out, const std::string& key) {
  auto create = [&](const std::string& what, const std::string& query) {
    out.push_back({"create_ledger " + what,
                   http_request("GET", "/create_ledger?" + query, "",
                                "X-API-Key: " + key + "\r\n")});
  };
  const std::string ok_rest = "&updatetime=1&end=1";
  for (auto& v : bad_text) {
    auto e = percent_encoded(v);
    create("name", "name=" + e + "&tickerstotrack=AAPL&algo_path=x" + ok_rest);
    create("ticker", "name=c1&tickerstotrack=" + e + "&algo_path=x" + ok_rest);
    create("algo_path", "name=c2&tickerstotrack=AAPL&algo_path=" + e + ok_rest);
  }
  for (std::string t : {"0", "-1", "abc", "1e9", "0.0000001", "99999999999",
                        "%00", "1%00", "NaN", "inf"}) {
    create("updatetime " + t,
           "name=c3&tickerstotrack=AAPL&algo_path=x&updatetime=" + t +
             "&end=1");
    create("end " + t,
           "name=c4&tickerstotrack=AAPL&algo_path=x&updatetime=1&end=" + t);
  }
  create("no parameters", "");
  create("broken escape", "name=%zz&tickerstotrack=AAPL&algo_path=x" + ok_rest);
  create("truncated escape",
         "name=a%2&tickerstotrack=AAPL&algo_path=x" + ok_rest);
  create("ticker twice",
         "name=c5&tickerstotrack=AAPL,AAPL&algo_path=x" + ok_rest);
  create("empty ticker", "name=c6&tickerstotrack=,&algo_path=x" + ok_rest);
}

void v1_create_cases(std::vector<hostile_case>& out, const std::string& key) {
  auto post = [&](const std::string& what, const std::string& body) {
    out.push_back(
      {"POST /v1/ledgers " + what, http_request("POST", "/v1/ledgers", body,
                                                "X-API-Key: " + key + "\r\n")});
  };
  const std::string t = R"(["AAPL"])", a = R"("x")", i = R"("1h")";
  for (auto& v : bad_text) {
    post("name bytes", create_json(quoted(v), t, a, i, "1"));
    post("algo_path bytes", create_json(R"("v1")", t, quoted(v), i, "1"));
    post("ticker bytes",
         create_json(R"("v2")", "[" + quoted(v) + "]", a, i, "1"));
  }
  for (auto& v : not_strings) {
    post("name typed " + v, create_json(v, t, a, i, "1"));
    post("algo_path typed " + v, create_json(R"("v3")", t, v, i, "1"));
    post("interval typed " + v, create_json(R"("v4")", t, a, v, "1"));
    if (v != "[\"x\"]") // a list of one string is what tickers are
      post("tickers typed " + v, create_json(R"("v5")", v, a, i, "1"));
  }
  for (std::string escaped : {R"("\u0000")", R"("x\u0000y")", R"("\udc00")",
                              R"("\ud800")", R"("\u001b[2J")"}) {
    post("name escape " + escaped, create_json(escaped, t, a, i, "1"));
    post("algo escape " + escaped, create_json(R"("v6")", t, escaped, i, "1"));
  }
  for (std::string end : {"0", "-1", "\"abc\"", "1e999", "true", "36501",
                          "0.0000000001", "\"1\\u0000\""})
    post("end " + end, create_json(R"("v7")", t, a, i, end));
  for (std::string extra :
       {R"(, "initial_balance": -5)", R"(, "initial_balance": 1e30)",
        R"(, "initial_balance": "12.3456789")", R"(, "fee": -1)",
        R"(, "slippage_bps": 10000)", R"(, "slippage_bps": 99999999999)",
        R"(, "slippage_bps": "5")", R"(, "slippage_bps": 1.5)",
        R"(, "tolerance_bps": -1)", R"(, "start": "true")", R"(, "start": 1)",
        R"(, "unknown": 1)", R"(, "name": "dup")", R"(, "__proto__": {})"})
    post("extra" + extra, create_json(R"("v8")", t, a, i, "1", extra));
  for (std::string body : std::vector<std::string>{
         "", "null", "[]", "\"text\"", "42", "{", "}", "{\"name\":}",
         "{'name': 'x'}", "{\"name\": \"x\",}", "\xef\xbb\xbf{}", "{} {}",
         "{\"a\": NaN}", "{\"a\": Infinity}", "{\"a\": 01}", "/* comment */ {}",
         std::string(64, '[')})
    post("body " + body.substr(0, 20), body);
  post("deep nesting", std::string(100'000, '[') + std::string(100'000, ']'));
  post("raw NUL after the body",
       create_json(R"("v9")", t, a, i, "1") + std::string("\0", 1));
}

void report_cases(std::vector<hostile_case>& out, const std::string& key) {
  auto patch = [&](const std::string& what, const std::string& body) {
    out.push_back(
      {"update_ledger " + what, http_request("PATCH", "/update_ledger", body,
                                             "X-API-Key: " + key + "\r\n")});
  };
  auto post = [&](const std::string& what, const std::string& body) {
    out.push_back({"POST trades " + what,
                   http_request("POST", "/v1/ledgers/base/trades", body,
                                "X-API-Key: " + key + "\r\n")});
  };
  std::vector<std::string> bad_trades = {
    R"([{"type":"hold","ticker":"AAPL","quantity":1}])",
    R"([{"type":"buy","ticker":"AAPL","quantity":-1}])",
    R"([{"type":"buy","ticker":"AAPL","quantity":0}])",
    R"([{"type":"buy","ticker":"AAPL","quantity":1.5}])",
    R"([{"type":"buy","ticker":"AAPL","quantity":1e400}])",
    R"([{"type":"buy","ticker":"AAPL","quantity":99999999999999999999}])",
    R"([{"type":"buy","ticker":"AAPL","quantity":"1"}])",
    R"([{"type":"buy","ticker":"AAPL","quantity":1,"price":0}])",
    R"([{"type":"buy","ticker":"AAPL","quantity":1,"price":-3}])",
    R"([{"type":"buy","ticker":"AAPL","quantity":1,"price":"NaN"}])",
    R"([{"type":"buy","ticker":"AAPL","quantity":1,"price":1.0000001}])",
    R"([{"type":"buy","ticker":"AAPL","quantity":1,"price":1e300}])",
    R"([{"type":"buy","ticker":5,"quantity":1}])",
    R"([{"type":"buy","ticker":"AA PL","quantity":1}])",
    R"([{"type":"buy","ticker":"AAPL'--","quantity":1}])",
    R"([{"type":"buy\u0000x","ticker":"AAPL","quantity":1}])",
    R"([{"type":"buy","ticker":"AAPL\u0000","quantity":1}])",
    R"([{"type":"buy","ticker":"AAPL","quantity":1,"leverage":10}])",
    R"([{"ticker":"AAPL","quantity":1}])",
    R"([1, 2, 3])",
    R"([{"type":"sell","ticker":"AAPL","quantity":1000}])",
    R"([{"type":"buy","ticker":"ZZZZ","quantity":1}])",
    R"([{"type":"buy","ticker":"AAPL","quantity":9000000000000,"price":1}])",
  };
  for (auto& trades : bad_trades) {
    post(trades.substr(0, 40), trades);
    patch(trades.substr(0, 40),
          R"({"name": "base", "trades": )" + trades + R"(, "holding": {}})");
  }
  for (std::string holding :
       {R"({"AAPL": -5})", R"({"AAPL": "3"})", R"({"AAPL": 3.5})",
        R"({"AA PL": 3})", R"([])", R"("x")", R"({"AAPL": 1e400})"}) {
    patch("holding " + holding,
          R"({"name": "base", "trades": [{"type":"buy","ticker":"AAPL",)"
          R"("quantity":1,"price":10}], "holding": )" +
            holding + "}");
    post("holding " + holding,
         R"({"trades": [{"type":"buy","ticker":"AAPL","quantity":1,)"
         R"("price":10}], "holding": )" +
           holding + "}");
  }
  patch("missing holding", R"({"name": "base", "trades": []})");
  patch("name number", R"({"name": 7, "trades": [], "holding": {}})");
  patch("name traversal",
        R"({"name": "../base", "trades": [], "holding": {}})");
  post("unknown member", R"({"trades": [], "note": 1})");
  post("trades not an array", R"({"trades": {}})");
  post("idempotency key with spaces", R"([])");
  out.back().request.insert(out.back().request.find("Connection:"),
                            "Idempotency-Key: has spaces\r\n");
}

void read_cases(std::vector<hostile_case>& out) {
  auto get = [&](const std::string& target) {
    out.push_back({"GET " + target.substr(0, 60), http_request("GET", target)});
  };
  for (std::string bound :
       {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2100-02-29T00:00:00Z",
        "9999-01-01T00:00:00Z", "yesterday", "2026-11-25T25:00:00Z",
        "2026-11-25T09:30:00%2B01:00", "%00", "1700000000"}) {
    get("/v1/ledgers/base/history?from=" + bound);
    get("/v1/ledgers/base/history?to=" + bound);
  }
  for (std::string limit :
       {"0", "-1", "1001", "abc", "99999999999999999999", "1e3", "%00"}) {
    get("/v1/ledgers?limit=" + limit);
    get("/v1/ledgers/base/trades?limit=" + limit);
  }
  for (std::string after : {"-1", "abc", "1.5", "99999999999999999999"})
    get("/v1/ledgers/base/trades?after=" + after);
  for (auto& v : bad_text) {
    auto e = percent_encoded(v);
    get("/v1/ledgers/" + e);
    get("/view_ledger?name=" + e);
  }
  for (std::string target :
       {"/view_ledger", "/view_ledger?name=", "/view_ledger?name=%",
        "/v1/ledgers/nobody", "/v1/ledgers/base/nothing", "/nowhere",
        "/v1/ledgers/base/stats/extra"})
    get(target);
}

void protocol_cases(std::vector<hostile_case>& out, const std::string& key) {
  auto raw = [&](const std::string& name, std::string bytes) {
    out.push_back({name, std::move(bytes)});
  };
  auto k = "X-API-Key: " + key + "\r\n";
  raw("no key", http_request("POST", "/v1/ledgers", "{}"));
  raw("wrong key",
      http_request("POST", "/v1/ledgers", "{}", "X-API-Key: not-the-key\r\n"));
  raw("key with NUL", http_request("POST", "/v1/ledgers", "{}",
                                   "X-API-Key: " + key + "%00\r\n"));
  raw("long key",
      http_request("DELETE", "/v1/ledgers/base", "",
                   "X-API-Key: " + std::string(5000, 'k') + "\r\n"));
  for (std::string target :
       {"/create_ledger?name=k&tickerstotrack=A&algo_path=x&updatetime=1&end=1",
        "/delete_ledger?name=base", "/start_ledger?name=base"})
    raw("keyless GET " + target.substr(0, 20), http_request("GET", target));
  raw("keyless DELETE", http_request("DELETE", "/v1/ledgers/base"));
  raw("keyless start", http_request("POST", "/v1/ledgers/base/start"));
  raw("keyless stop", http_request("POST", "/v1/ledgers/base/stop"));
  raw("keyless PATCH",
      http_request("PATCH", "/update_ledger",
                   R"({"name":"base","trades":[],"holding":{}})"));
  raw("keyless trades", http_request("POST", "/v1/ledgers/base/trades", "[]"));
  for (std::string method : {"PUT", "TRACE", "OPTIONS", "CONNECT", "BREW"})
    raw("method " + method, http_request(method, "/v1/ledgers/base", "", k));
  raw("garbage request line", "HELLO THERE\r\n\r\n");
  raw("HTTP/0.9", "GET /healthz\r\n\r\n");
  raw("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
  raw("absolute-form target",
      "GET http://evil.example/v1/ledgers HTTP/1.1\r\nHost: x\r\n\r\n");
  raw("asterisk target", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
  raw("bad version", "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n");
  raw("space in header name", "GET /healthz HTTP/1.1\r\nHo st: x\r\n\r\n");
  raw("header without colon", "GET /healthz HTTP/1.1\r\nHost x\r\n\r\n");
  raw("header too large", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " +
                            std::string(9000, 'p') + "\r\n\r\n");
  raw("many headers", [] {
    std::string r = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 900; ++i)
      r += "X-" + std::to_string(i) + ": y\r\n";
    return r + "\r\n";
  }());
  raw("body too large",
      http_request("POST", "/v1/ledgers", std::string(2 << 20, ' '), k));
  raw("negative length", "POST /v1/ledgers HTTP/1.1\r\nHost: x\r\n" + k +
                           "Content-Length: -5\r\n\r\n{}");
  raw("length with sign", "POST /v1/ledgers HTTP/1.1\r\nHost: x\r\n" + k +
                            "Content-Length: +2\r\n\r\n{}");
  raw("length not a number", "POST /v1/ledgers HTTP/1.1\r\nHost: x\r\n" + k +
                               "Content-Length: abc\r\n\r\n{}");
  raw("length beyond the body", "POST /v1/ledgers HTTP/1.1\r\nHost: x\r\n" + k +
                                  "Content-Length: 500\r\n\r\n{}");
  raw("length and chunked", "POST /v1/ledgers HTTP/1.1\r\nHost: x\r\n" + k +
                              "Content-Length: 5\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  for (std::string coding : {"identity", "xchunked", "chunked, identity",
                             "gzip", "chunked;q=1", "Chunked , gzip"})
    raw("coding " + coding, "POST /v1/ledgers HTTP/1.1\r\nHost: x\r\n" + k +
                              "Transfer-Encoding: " + coding +
                              "\r\n\r\n0\r\n\r\n");
  raw("bad chunk size", "POST /v1/ledgers HTTP/1.1\r\nHost: x\r\n" + k +
                          "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n"
                          "0\r\n\r\n");
  raw("huge chunk size", "POST /v1/ledgers HTTP/1.1\r\nHost: x\r\n" + k +
                           "Transfer-Encoding: chunked\r\n\r\n"
                           "ffffffffffffffff\r\n{}\r\n0\r\n\r\n");
  raw("chunk extension flood", "POST /v1/ledgers HTTP/1.1\r\nHost: x\r\n" + k +
                                 "Transfer-Encoding: chunked\r\n\r\n2;" +
                                 std::string(20000, 'e') +
                                 "\r\n{}\r\n0\r\n\r\n");
  raw("trailer flood", "POST /v1/ledgers HTTP/1.1\r\nHost: x\r\n" + k +
                         "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n"
                         "X-T: " +
                         std::string(70000, 't') + "\r\n\r\n");
  raw("NUL in the request line",
      bytes("GET /heal\0thz HTTP/1.1\r\nHost: x\r\n\r\n"));
  raw("NUL in a header", bytes("GET /healthz HTTP/1.1\r\nHost: x\0y\r\n\r\n"));
  raw("control byte in target",
      "GET /v1/ledgers/\x01 HTTP/1.1\r\nHost: x\r\n\r\n");
  raw("raw non-ASCII target",
      "GET /v1/ledgers/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n");
  raw("encoded slash in name", http_request("GET", "/v1/ledgers/%2F"));
  raw("double-encoded traversal",
      http_request("GET", "/v1/ledgers/%252e%252e%252fetc"));
}

} // namespace

std::vector<hostile_case> hostile_corpus(const std::string& key) {
  std::vector<hostile_case> out;
  old_create_cases(out, key);
  v1_create_cases(out, key);
  report_cases(out, key);
  read_cases(out);
  protocol_cases(out, key);
  return out;
}

} // namespace ledger::test
