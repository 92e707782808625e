"""The standard exceptions a model receives when the engine rejects a trade.

The engine validates every trade against the ledger's book and rejects the
ones it cannot fill, each with a standard code. On the next tick the host
hands those rejections to the model as instances of the classes below (in
``book_status["rejected"]`` and through the optional ``on_rejection`` hook),
so a model can catch or dispatch on them the Pythonic way
(``isinstance(exc, InsufficientFunds)``) instead of comparing strings.
"""

__all__ = [
    "LedgerViolation",
    "UnknownTicker",
    "InvalidTrade",
    "NoQuote",
    "InsufficientFunds",
    "InsufficientHoldings",
    "LimitNotMet",
    "PriceOffMarket",
    "VIOLATIONS",
    "violation_from",
]


class LedgerViolation(Exception):
    """A trade the ledger refused.

    Attributes:
        code: the engine's rejection code ("insufficient_funds", ...); for a
            code this SDK does not know, the code as received.
        message: one human-readable sentence from the engine.
        trade: the rejected trade as a dict
            (``{"type", "ticker", "quantity", "price"?}``), or None.
    """

    code = None

    def __init__(self, message="", trade=None, code=None):
        super().__init__(message)
        self.message = message
        self.trade = trade
        if code is not None:
            self.code = code

    def __reduce__(self):
        # Keep the three attributes across pickling and copying.
        return (type(self), (self.message, self.trade, self.code))

    def __str__(self):
        return self.message or str(self.code or "ledger violation")

    def __repr__(self):
        return "%s(%r, trade=%r, code=%r)" % (
            type(self).__name__, self.message, self.trade, self.code)

    def to_dict(self):
        """The wire form, ``{"code", "message", "trade"}``."""
        return {"code": self.code, "message": self.message,
                "trade": self.trade}


class UnknownTicker(LedgerViolation):
    """The ticker is not one the ledger tracks."""

    code = "unknown_ticker"


class InvalidTrade(LedgerViolation):
    """The trade could not be read (bad side, quantity or price)."""

    code = "invalid_trade"


class NoQuote(LedgerViolation):
    """No market price is known for the ticker yet."""

    code = "no_quote"


class InsufficientFunds(LedgerViolation):
    """A buy would cost more than the balance (fees included)."""

    code = "insufficient_funds"


class InsufficientHoldings(LedgerViolation):
    """A sell is for more shares than the ledger holds."""

    code = "insufficient_holdings"


class LimitNotMet(LedgerViolation):
    """The fill price was worse than the trade's limit ``price``."""

    code = "limit_not_met"


class PriceOffMarket(LedgerViolation):
    """A reported execution price is too far from the market quote."""

    code = "price_off_market"


#: code -> exception class, for every standard rejection code.
VIOLATIONS = {cls.code: cls for cls in (
    UnknownTicker, InvalidTrade, NoQuote, InsufficientFunds,
    InsufficientHoldings, LimitNotMet, PriceOffMarket)}


def violation_from(data):
    """Build the exception for one rejection in its wire form.

    ``data`` is ``{"code", "message", "trade"}``; missing keys are tolerated
    so an older or newer engine never breaks a model. An unknown code gives
    a plain LedgerViolation that still carries the code.
    """
    if not isinstance(data, dict):
        raise TypeError("a rejection must be a dict, got %s"
                        % type(data).__name__)
    code = data.get("code")
    message = data.get("message")
    message = "" if message is None else str(message)
    trade = data.get("trade")
    cls = VIOLATIONS.get(code) if isinstance(code, str) else None
    if cls is None:
        return LedgerViolation(message, trade, code)
    return cls(message, trade)
