"""ledger_model: the Python SDK of Ledger Instances.

Model authors write a class with ``update_book_status(book_status)`` and
``trade()``; the model host (``python3 -m ledger_model.host --algo PATH``)
runs it for every ledger that uses it. Rejected trades come back as the
standard exceptions defined here.
"""

from .exceptions import (
    VIOLATIONS,
    InsufficientFunds,
    InsufficientHoldings,
    InvalidTrade,
    LedgerViolation,
    LimitNotMet,
    NoQuote,
    PriceOffMarket,
    UnknownTicker,
    violation_from,
)
from .model import Model, buy, sell

__all__ = [
    "Model",
    "buy",
    "sell",
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

__version__ = "1.0.0"
