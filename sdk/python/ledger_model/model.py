"""The base class for models, for authors who like one.

The host needs nothing from it: any class with ``update_book_status`` and
``trade`` is a model. Inheriting from ``Model`` adds the remembered
``book_status``, a few read-only views of it, and helpers that build trades
in the exact shape the engine expects.
"""

__all__ = ["Model", "buy", "sell"]


def _order(side, ticker, quantity, price):
    trade = {"type": side, "ticker": ticker, "quantity": quantity}
    if price is not None:
        trade["price"] = price
    return trade


def buy(ticker, quantity, price=None):
    """A buy of ``quantity`` shares; ``price`` is an optional limit (max)."""
    return _order("buy", ticker, quantity, price)


def sell(ticker, quantity, price=None):
    """A sell of ``quantity`` shares; ``price`` is an optional limit (min)."""
    return _order("sell", ticker, quantity, price)


class Model:
    """A trading algorithm, one instance per ledger.

    On every tick the host calls ``update_book_status(book_status)`` and then
    ``trade()``; ``trade()`` returns a list of trades or
    ``{"trades": [...]}``. If the class defines ``on_rejection(exc)``, the
    host calls it before ``update_book_status`` for each trade the engine
    rejected on the previous tick.
    """

    book_status = None

    def update_book_status(self, book_status):
        """Remember the ledger's state; override to also learn from it."""
        self.book_status = book_status

    def trade(self):
        """Return this tick's trades. Subclasses must override it."""
        raise NotImplementedError(
            "%s must define trade()" % type(self).__name__)

    def on_rejection(self, exc):
        """Called with each LedgerViolation of the previous tick; no-op."""

    # Read-only views of the last book_status, empty before the first tick.

    @property
    def balance(self):
        return (self.book_status or {}).get("balance", 0)

    @property
    def holding(self):
        return (self.book_status or {}).get("holding", {})

    @property
    def prices(self):
        return (self.book_status or {}).get("prices", {})

    buy = staticmethod(buy)
    sell = staticmethod(sell)
