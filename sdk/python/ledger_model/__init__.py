"""ledger_model: the Python SDK of Ledger Instances.

Model authors write a class with ``update_book_status(book_status)`` and
``trade()``; the model host (``python3 -m ledger_model.host --algo PATH``)
runs it for every ledger that uses it. Rejected trades come back as the
standard exceptions defined here.
"""

from . import exceptions, model
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

# What each module exports is listed once, in its own __all__.
__all__ = model.__all__ + exceptions.__all__

__version__ = "1.0.0"
