"""Checking and normalizing what a model's ``trade()`` returned.

The engine reads trades in a strict, exact form: whole-share quantities that
fit an int64 and prices in micro-units (6 decimals). Doing the check here,
next to the model, means a mistake comes back to the author as one precise
sentence ("trade 2: quantity must be ...") instead of a vague engine error,
and nothing ambiguous (NaN, 2.5 shares, a typo'd key) ever reaches the book.
"""

import decimal
import math
import numbers
from decimal import ROUND_HALF_EVEN, Decimal

__all__ = ["BadOutput", "normalize_output", "MAX_TRADES", "MAX_QUANTITY",
           "MAX_PRICE", "ALLOWED_KEYS"]

#: At most this many trades per tick.
MAX_TRADES = 1000
#: Quantities and prices must fit the engine's int64 fixed-point numbers.
MAX_QUANTITY = 2 ** 63 - 1
MAX_PRICE = Decimal("9223372036854.775807")
#: Prices are exact to the micro-unit.
PRICE_STEP = Decimal("0.000001")
ALLOWED_KEYS = ("type", "ticker", "quantity", "price")
_REQUIRED_KEYS = ("type", "ticker", "quantity")
# Enough digits for MAX_PRICE at 6 decimals, independent of the caller's
# (possibly model-modified) decimal context.
_CONTEXT = decimal.Context(prec=40)


class BadOutput(ValueError):
    """The model's output is not a valid list of trades; str() says why."""


def _show(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _unwrap(result):
    if isinstance(result, list):
        return result
    if isinstance(result, dict):
        if list(result.keys()) != ["trades"]:
            raise BadOutput(
                "trade() returned a dict with keys %s; expected exactly "
                "{\"trades\": [...]}" % _show(sorted(map(str, result))))
        trades = result["trades"]
        if not isinstance(trades, list):
            raise BadOutput("trade() returned {\"trades\": %s}; \"trades\" "
                            "must be a list" % type(trades).__name__)
        return trades
    raise BadOutput("trade() returned %s; expected a list of trades or "
                    "{\"trades\": [...]}" % type(result).__name__)


def _quantity(index, value):
    error = BadOutput("trade %d: quantity must be a whole number of shares "
                      ">= 1, got %s" % (index, _show(value)))
    if isinstance(value, bool):
        raise error
    if isinstance(value, numbers.Integral):
        shares = int(value)
    elif isinstance(value, (numbers.Real, Decimal)):
        if isinstance(value, Decimal):
            if not value.is_finite() or value != value.to_integral_value():
                raise error
        else:
            value = float(value)
            if not math.isfinite(value) or not value.is_integer():
                raise error
        shares = int(value)
    else:
        raise error
    if shares < 1:
        raise error
    if shares > MAX_QUANTITY:
        raise BadOutput("trade %d: quantity %d is too large (at most %d)"
                        % (index, shares, MAX_QUANTITY))
    return shares


def _price(index, value):
    """The limit as an exact Decimal rounded to 6 decimals, or None."""
    if value is None:
        return None
    error = BadOutput("trade %d: price must be a finite number > 0, got %s"
                      % (index, _show(value)))
    if isinstance(value, bool):
        raise error
    if isinstance(value, numbers.Integral):
        exact = Decimal(int(value))
    elif isinstance(value, Decimal):
        exact = value
    elif isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise error
        # repr() is the shortest text that reads back as the same float:
        # 176.25 stays 176.25 instead of its binary expansion.
        exact = Decimal(repr(number))
    else:
        raise error
    if not exact.is_finite() or exact <= 0:
        raise error
    if exact > MAX_PRICE:
        raise BadOutput("trade %d: price %s is too large (at most %s)"
                        % (index, _show(value), MAX_PRICE))
    rounded = exact.quantize(PRICE_STEP, rounding=ROUND_HALF_EVEN,
                             context=_CONTEXT)
    if rounded <= 0:
        raise BadOutput("trade %d: price %s rounds to 0 at 6 decimals"
                        % (index, _show(value)))
    return rounded.normalize(context=_CONTEXT)


def _trade(index, trade):
    if not isinstance(trade, dict):
        raise BadOutput("trade %d: must be a dict, got %s"
                        % (index, type(trade).__name__))
    for key in trade:
        if key not in ALLOWED_KEYS:
            raise BadOutput("trade %d: unknown key %s (allowed: type, "
                            "ticker, quantity, price)" % (index, _show(key)))
    for key in _REQUIRED_KEYS:
        if key not in trade:
            raise BadOutput("trade %d: missing key '%s'" % (index, key))
    side = trade["type"]
    if not isinstance(side, str) or side not in ("buy", "sell"):
        raise BadOutput("trade %d: type must be \"buy\" or \"sell\", got %s"
                        % (index, _show(side)))
    ticker = trade["ticker"]
    if not isinstance(ticker, str) or not ticker:
        raise BadOutput("trade %d: ticker must be a non-empty string, got %s"
                        % (index, _show(ticker)))
    normalized = {"type": side, "ticker": ticker,
                  "quantity": _quantity(index, trade["quantity"])}
    limit = _price(index, trade.get("price"))
    if limit is not None:
        normalized["price"] = limit
    return normalized


def normalize_output(result):
    """Validate ``trade()``'s result; return the trades in canonical form.

    Accepts a list of trades or ``{"trades": [...]}``. Each returned trade
    is a new dict with ``type``, ``ticker``, an int ``quantity`` and, when
    a limit was given, ``price`` as a Decimal with at most 6 decimals.
    Raises BadOutput naming the first problem and the trade index.
    """
    trades = _unwrap(result)
    if len(trades) > MAX_TRADES:
        raise BadOutput("trade() returned %d trades; at most %d per tick"
                        % (len(trades), MAX_TRADES))
    return [_trade(index, trade) for index, trade in enumerate(trades)]
