// The API's description, written by hand beside the routes it describes
// (tests check that it parses and names every route).

#include "api/openapi.hpp"

namespace ledger::api {

namespace {

constexpr std::string_view document = R"json({
"openapi": "3.0.3",
"info": {
  "title": "Ledger Instances",
  "version": "1",
  "description": "Paper-trading ledgers for forward-testing algorithms. Mutations need the X-API-Key header; reads need it only when the server sets LEDGER_READ_REQUIRES_KEY. Money and prices are exact decimal numbers (at most 6 decimals). Errors are {\"error\": {\"code\", \"message\"}}."
},
"components": {
  "securitySchemes": {
    "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}
  },
  "parameters": {
    "name": {"name": "name", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$"}},
    "lastEventIdHeader": {"name": "Last-Event-ID", "in": "header", "description": "resume after this event id (wins over last_event_id)", "schema": {"type": "integer", "minimum": 0}},
    "lastEventIdQuery": {"name": "last_event_id", "in": "query", "description": "resume after this event id, for a first connect that cannot set headers", "schema": {"type": "integer", "minimum": 0}},
    "limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
    "risk_free": {"name": "risk_free", "in": "query", "description": "the annual risk-free rate as a decimal fraction above -1 and at most 1 (0.02 for 2 %); default 0", "schema": {"type": "number", "default": 0}}
  },
  "schemas": {
    "Error": {"type": "object", "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
      "code": {"type": "string", "example": "unknown_ledger"},
      "message": {"type": "string"},
      "holding": {"$ref": "#/components/schemas/Holding"},
      "trades": {"type": "array", "items": {"type": "object", "properties": {"index": {"type": "integer"}, "code": {"type": "string", "description": "ok, or the rejection code: unknown_ticker, invalid_trade, no_quote, insufficient_funds, insufficient_holdings, limit_not_met, price_off_market"}, "message": {"type": "string"}, "trade": {"$ref": "#/components/schemas/Trade"}}}}
    }}}},
    "Holding": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}, "example": {"AAPL": 8}},
    "Trade": {"type": "object", "required": ["type", "ticker", "quantity"], "properties": {
      "type": {"type": "string", "enum": ["buy", "sell"]},
      "ticker": {"type": "string"},
      "quantity": {"type": "integer", "minimum": 1},
      "price": {"type": "number", "description": "the execution price of a reported trade; without it the trade fills at the current quote"}
    }},
    "Fill": {"type": "object", "properties": {
      "type": {"type": "string", "enum": ["buy", "sell"]}, "ticker": {"type": "string"}, "quantity": {"type": "integer"},
      "price": {"type": "number", "description": "the fill price"}, "fee": {"type": "number"}, "limit": {"type": "number"}
    }},
    "TradeRow": {"allOf": [{"$ref": "#/components/schemas/Fill"}, {"type": "object", "properties": {
      "id": {"type": "integer"}, "tick": {"type": "integer"}, "time": {"type": "string", "format": "date-time"}}}]},
    "TickOutcome": {"type": "string", "description": "how a tick ended", "enum": ["ok", "no_quote", "timeout", "model_error", "skipped", "missed", "reported", "broker_unavailable", "market_closed"]},
    "ValuePoint": {"type": "object", "properties": {"tick": {"type": "integer"}, "time": {"type": "string", "format": "date-time"}, "value": {"type": "number"}, "balance": {"type": "number"}}},
    "ValueBucket": {"type": "object", "description": "the value points within [start, start + step): the last one (tick, time, value, balance; the last so far while the bucket is still open), the highest and lowest value, and how many",
      "properties": {"start": {"type": "string", "format": "date-time"}, "tick": {"type": "integer"}, "time": {"type": "string", "format": "date-time"}, "value": {"type": "number"}, "balance": {"type": "number"}, "high": {"type": "number"}, "low": {"type": "number"}, "points": {"type": "integer"}}},
    "Ledger": {"type": "object", "properties": {
      "name": {"type": "string"}, "tickers": {"type": "array", "items": {"type": "string"}}, "algo_path": {"type": "string"},
      "interval": {"type": "string", "example": "5m"}, "end": {"type": "number", "description": "lifespan in days"}, "lifespan_ms": {"type": "integer"},
      "initial_balance": {"type": "number"}, "slippage_bps": {"type": "integer"}, "fee": {"type": "number"}, "tolerance_bps": {"type": "integer"},
      "calendar": {"type": "string", "enum": ["XNYS"], "nullable": true, "description": "the market whose sessions the ledger ticks in; null: around the clock"},
      "status": {"type": "string", "enum": ["created", "running", "stopped", "finished"]},
      "created_at": {"type": "string", "format": "date-time"}, "first_started": {"type": "string", "format": "date-time", "nullable": true},
      "ends_at": {"type": "string", "format": "date-time", "nullable": true},
      "balance": {"type": "number"}, "holding": {"$ref": "#/components/schemas/Holding"}, "value": {"type": "number", "nullable": true},
      "last_tick": {"type": "integer"}, "last_tick_at": {"type": "string", "format": "date-time", "nullable": true}, "backlogged": {"type": "boolean"}
    }},
    "LedgerCreate": {"type": "object", "required": ["name", "tickers", "algo_path", "interval", "end"], "additionalProperties": false, "properties": {
      "name": {"type": "string"}, "tickers": {"type": "array", "items": {"type": "string"}}, "algo_path": {"type": "string"},
      "interval": {"type": "string", "example": "500ms", "description": "500ms, 30s, 5m, 1.5h"},
      "end": {"type": "number", "description": "lifespan in days, counted from the first start"},
      "initial_balance": {"type": "number", "default": 100000}, "slippage_bps": {"type": "integer", "default": 0}, "fee": {"type": "number", "default": 0},
      "tolerance_bps": {"type": "integer", "default": 500}, "start": {"type": "boolean", "default": true},
      "calendar": {"type": "string", "enum": ["XNYS"], "nullable": true, "default": null, "description": "XNYS: ticks outside the NYSE's regular session (09:30-16:00 New York time, weekdays, not on its holidays) are recorded market_closed without calling the model"}
    }},
    "Report": {"type": "object", "required": ["trades"], "properties": {
      "trades": {"type": "array", "items": {"$ref": "#/components/schemas/Trade"}},
      "holding": {"$ref": "#/components/schemas/Holding"}
    }},
    "Fills": {"type": "object", "properties": {"message": {"type": "string"}, "trades": {"type": "array", "items": {"$ref": "#/components/schemas/Fill"}}}},
    "Statistics": {"type": "object", "description": "docs/api.md, Statistics, defines each member; ratios are plain fractions (0.05 is 5 %) written with full precision, null where undefined", "properties": {
      "points": {"type": "integer"}, "first_time": {"type": "string", "format": "date-time", "nullable": true}, "last_time": {"type": "string", "format": "date-time", "nullable": true},
      "periods_per_year": {"type": "number", "description": "365.25 days / the ledger's interval"}, "risk_free": {"type": "number"},
      "total_return": {"type": "number", "nullable": true}, "annualized_return": {"type": "number", "nullable": true},
      "volatility": {"type": "number", "nullable": true}, "sharpe": {"type": "number", "nullable": true}, "sortino": {"type": "number", "nullable": true},
      "max_drawdown": {"type": "number", "nullable": true, "description": "the deepest fall as a positive fraction of its peak"},
      "max_drawdown_start": {"type": "string", "format": "date-time", "nullable": true}, "max_drawdown_end": {"type": "string", "format": "date-time", "nullable": true},
      "fills": {"type": "integer"}, "round_trips": {"type": "integer"}, "winning_round_trips": {"type": "integer"},
      "win_rate": {"type": "number", "nullable": true}, "traded": {"type": "number", "nullable": true}, "turnover": {"type": "number", "nullable": true},
      "fees": {"type": "number", "nullable": true}, "exposure": {"type": "number", "nullable": true}
    }}
  },
  "responses": {
    "Events": {"description": "a stream of Server-Sent Events until either side closes", "headers": {"X-Events-Resume": {"description": "resumed, or reset when the events after Last-Event-ID are no longer retained", "schema": {"type": "string", "enum": ["resumed", "reset"]}}}, "content": {"text/event-stream": {"schema": {"type": "string"}}}},
    "Error": {"description": "an error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "Ledger": {"description": "the ledger", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ledger"}}}}
  }
},
"paths": {
  "/create_ledger": {"get": {"summary": "Create and start a ledger (seed contract)", "security": [{"apiKey": []}],
    "parameters": [
      {"name": "name", "in": "query", "required": true, "schema": {"type": "string"}},
      {"name": "tickerstotrack", "in": "query", "required": true, "schema": {"type": "string"}, "example": "AAPL,GOOG"},
      {"name": "algo_path", "in": "query", "required": true, "schema": {"type": "string"}},
      {"name": "updatetime", "in": "query", "required": true, "description": "minutes, decimals allowed", "schema": {"type": "number"}},
      {"name": "end", "in": "query", "required": true, "description": "lifespan in days", "schema": {"type": "number"}},
      {"name": "calendar", "in": "query", "description": "XNYS: tick only in the NYSE's regular session (as in POST /v1/ledgers)", "schema": {"type": "string", "enum": ["XNYS"]}}],
    "responses": {"200": {"description": "{\"info\", \"start_status\", \"ledger\"}"}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}}},
  "/view_ledger": {"get": {"summary": "A ledger in the seed's shape",
    "parameters": [{"name": "name", "in": "query", "required": true, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "{\"trades\", \"holding\", \"value\": {\"YYYY-MM-DD HH:MM:SS\": value}, \"balance\"}", "content": {"application/json": {"schema": {"type": "object", "properties": {
      "trades": {"type": "array", "items": {"$ref": "#/components/schemas/Trade"}}, "holding": {"$ref": "#/components/schemas/Holding"},
      "value": {"type": "object", "additionalProperties": {"type": "number"}}, "balance": {"type": "number"}}}}}},
      "404": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}}},
  "/delete_ledger": {"get": {"summary": "Delete a ledger and its record (seed contract)", "security": [{"apiKey": []}],
    "parameters": [{"name": "name", "in": "query", "required": true, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "{\"Info\": \"Deleted ledger named '...'\"}"}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}}},
  "/update_ledger": {"patch": {"summary": "Report trades executed elsewhere, all or nothing", "security": [{"apiKey": []}],
    "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["name", "trades", "holding"], "properties": {
      "name": {"type": "string"}, "trades": {"type": "array", "items": {"$ref": "#/components/schemas/Trade"}}, "holding": {"$ref": "#/components/schemas/Holding"}}}}}},
    "responses": {"200": {"description": "applied", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fills"}}}},
      "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"},
      "409": {"description": "the holding disagrees with the result (error.holding names the computed holdings); nothing applied", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "413": {"$ref": "#/components/responses/Error"},
      "422": {"description": "a trade violates the ledger's rules (error.trades gives each trade's code); nothing applied", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}}},
  "/start_ledger": {"get": {"summary": "Start a ledger (seed contract)", "security": [{"apiKey": []}],
    "parameters": [{"name": "name", "in": "query", "required": true, "schema": {"type": "string"}}],
    "responses": {"202": {"description": "{\"info\", \"ledger\"}"}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}},
  "/v1/ledgers": {
    "post": {"summary": "Create a ledger (started unless start is false)", "security": [{"apiKey": []}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LedgerCreate"}}}},
      "responses": {"201": {"$ref": "#/components/responses/Ledger"}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}},
    "get": {"summary": "Ledgers ordered by name, paged",
      "parameters": [{"name": "after", "in": "query", "description": "the last name of the previous page", "schema": {"type": "string"}}, {"$ref": "#/components/parameters/limit"}],
      "responses": {"200": {"description": "{\"ledgers\": [...], \"next\": name or null}", "content": {"application/json": {"schema": {"type": "object", "properties": {"ledgers": {"type": "array", "items": {"$ref": "#/components/schemas/Ledger"}}, "next": {"type": "string", "nullable": true}}}}}}}}},
  "/v1/ledgers/{name}": {
    "parameters": [{"$ref": "#/components/parameters/name"}],
    "get": {"summary": "One ledger", "responses": {"200": {"$ref": "#/components/responses/Ledger"}, "404": {"$ref": "#/components/responses/Error"}}},
    "delete": {"summary": "Delete a ledger and its record", "security": [{"apiKey": []}], "responses": {"204": {"description": "deleted"}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}}},
  "/v1/ledgers/{name}/start": {"parameters": [{"$ref": "#/components/parameters/name"}],
    "post": {"summary": "Start ticking", "security": [{"apiKey": []}], "responses": {"200": {"$ref": "#/components/responses/Ledger"}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}}},
  "/v1/ledgers/{name}/stop": {"parameters": [{"$ref": "#/components/parameters/name"}],
    "post": {"summary": "Stop ticking", "security": [{"apiKey": []}], "responses": {"200": {"$ref": "#/components/responses/Ledger"}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}}},
  "/v1/ledgers/{name}/trades": {"parameters": [{"$ref": "#/components/parameters/name"}],
    "get": {"summary": "Fills in id order, paged",
      "parameters": [{"name": "after", "in": "query", "description": "the last id of the previous page", "schema": {"type": "integer", "minimum": 0}}, {"$ref": "#/components/parameters/limit"}],
      "responses": {"200": {"description": "{\"trades\": [...], \"next\": id or null}", "content": {"application/json": {"schema": {"type": "object", "properties": {"trades": {"type": "array", "items": {"$ref": "#/components/schemas/TradeRow"}}, "next": {"type": "integer", "nullable": true}}}}}}, "404": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}},
    "post": {"summary": "Report trades executed elsewhere, all or nothing", "security": [{"apiKey": []}],
      "parameters": [{"name": "Idempotency-Key", "in": "header", "description": "a retried request with the same key and body applies once and gets the first response again (header Idempotent-Replayed: true); the same key with another body is a 409", "schema": {"type": "string", "maxLength": 255}}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}},
      "responses": {"201": {"description": "applied", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fills"}}}},
        "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"},
        "409": {"description": "holding mismatch, or an idempotency conflict", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}}},
  "/v1/ledgers/{name}/history": {"parameters": [{"$ref": "#/components/parameters/name"}],
    "get": {"summary": "The value series, paged by tick, or with step downsampled into buckets paged by bucket",
      "parameters": [{"name": "from", "in": "query", "schema": {"type": "string", "format": "date-time"}}, {"name": "to", "in": "query", "schema": {"type": "string", "format": "date-time"}},
        {"name": "step", "in": "query", "description": "downsample into buckets of this length, aligned to whole multiples of it since 1970-01-01T00:00:00Z: a number and s, m, h or d (30s, 5m, 1.5h, 1d), whole seconds from 1s to 3650d", "schema": {"type": "string"}, "example": "1h"},
        {"name": "after", "in": "query", "description": "the previous page's next: without step the last tick read, with step the start of the last bucket read", "schema": {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "format": "date-time"}]}}, {"$ref": "#/components/parameters/limit"}],
      "responses": {"200": {"description": "without step {\"name\", \"points\": [...], \"next\": tick | null}; with step {\"name\", \"step\", \"buckets\": [...], \"next\": bucket start | null}", "content": {"application/json": {"schema": {"oneOf": [
        {"type": "object", "properties": {"name": {"type": "string"}, "points": {"type": "array", "items": {"$ref": "#/components/schemas/ValuePoint"}}, "next": {"type": "integer", "nullable": true}}},
        {"type": "object", "properties": {"name": {"type": "string"}, "step": {"type": "string"}, "buckets": {"type": "array", "items": {"$ref": "#/components/schemas/ValueBucket"}}, "next": {"type": "string", "format": "date-time", "nullable": true}}}]}}}}, "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}}},
  "/v1/ledgers/{name}/stats": {"parameters": [{"$ref": "#/components/parameters/name"}],
    "get": {"summary": "Ticks by outcome, fills, rejections by code, the exact value summary, and the statistics of the whole record",
      "parameters": [{"$ref": "#/components/parameters/risk_free"}],
      "responses": {"200": {"description": "{\"name\", \"ticks\", \"trades\", \"rejections\", \"value\", \"statistics\"}", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "name": {"type": "string"}, "ticks": {"type": "object", "additionalProperties": {"type": "integer"}}, "trades": {"type": "integer"},
        "rejections": {"type": "object", "additionalProperties": {"type": "integer"}},
        "value": {"type": "object", "nullable": true, "properties": {"points": {"type": "integer"}, "first": {"type": "number"}, "last": {"type": "number"}, "high": {"type": "number"}, "low": {"type": "number"}, "max_drawdown": {"type": "number", "description": "money"}, "max_drawdown_ratio": {"type": "number", "nullable": true}, "return": {"type": "number", "nullable": true}}},
        "statistics": {"$ref": "#/components/schemas/Statistics"}}}}}},
        "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}}},
  "/v1/compare": {
    "get": {"summary": "The statistics of several ledgers over the same window, in the order asked",
      "parameters": [{"name": "names", "in": "query", "required": true, "description": "1 to 20 distinct ledger names separated by commas", "schema": {"type": "string"}, "example": "momentum-1,buy-hold"},
        {"name": "from", "in": "query", "schema": {"type": "string", "format": "date-time"}}, {"name": "to", "in": "query", "schema": {"type": "string", "format": "date-time"}},
        {"$ref": "#/components/parameters/risk_free"}],
      "responses": {"200": {"description": "{\"from\", \"to\", \"risk_free\", \"ledgers\": [{\"name\", \"statistics\"}]}", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "from": {"type": "string", "format": "date-time", "nullable": true}, "to": {"type": "string", "format": "date-time", "nullable": true}, "risk_free": {"type": "number"},
        "ledgers": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "statistics": {"$ref": "#/components/schemas/Statistics"}}}}}}}}},
        "400": {"$ref": "#/components/responses/Error"}, "404": {"description": "a name is no ledger (the message names it)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}, "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}}},
  "/v1/events": {"get": {"summary": "Live events of every ledger (Server-Sent Events)",
    "description": "text/event-stream: each message is id: <event id>, event: tick|status, data: the JSON published on ledger.events. Resume with the Last-Event-ID header (or last_event_id) while the events are retained (X-Events-Resume: resumed); an id older than what is retained gets X-Events-Resume: reset and a first event: reset. Idle streams get a comment every 15 s.",
    "parameters": [{"$ref": "#/components/parameters/lastEventIdHeader"}, {"$ref": "#/components/parameters/lastEventIdQuery"}],
    "responses": {"200": {"$ref": "#/components/responses/Events"}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "503": {"description": "too_many_clients (Retry-After), or events unavailable", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
  "/v1/ledgers/{name}/events": {"parameters": [{"$ref": "#/components/parameters/name"}],
    "get": {"summary": "Live events of one ledger (Server-Sent Events), as /v1/events",
      "parameters": [{"$ref": "#/components/parameters/lastEventIdHeader"}, {"$ref": "#/components/parameters/lastEventIdQuery"}],
      "responses": {"200": {"$ref": "#/components/responses/Events"}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}, "504": {"$ref": "#/components/responses/Error"}}}},
  "/healthz": {"get": {"summary": "The process is alive", "responses": {"200": {"description": "{\"status\": \"ok\"}"}}}},
  "/readyz": {"get": {"summary": "The database and the message broker are reachable", "responses": {"200": {"description": "ready"}, "503": {"description": "not ready"}}}},
  "/metrics": {"get": {"summary": "Prometheus text: ledgers by status, ticks by outcome, tick latency, trades, rejections by code, HTTP requests", "responses": {"200": {"description": "text/plain; version=0.0.4"}}}},
  "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.0"}}}},
  "/": {"get": {"summary": "The dashboard's page (docs/dashboard.md): ledgers, a ledger's equity curve and statistics, live, and comparisons", "responses": {"200": {"description": "text/html"}}}},
  "/dashboard/{file}": {"get": {"summary": "The dashboard's script, style and chart library, embedded in ledgerd", "parameters": [{"name": "file", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "JavaScript or CSS"}, "404": {"$ref": "#/components/responses/Error"}}}}
}
})json";

} // namespace

std::string_view openapi_document() {
  return document;
}

} // namespace ledger::api
