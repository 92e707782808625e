"""Test model: state per instance. Tick n of an instance buys n shares.

Shows that each ledger has its own instance, that it persists between
ticks, and that drop (or a host restart) starts it over at 1.
"""

from ledger_model import Model as BaseModel


class Model(BaseModel):
    def __init__(self):
        self.ticks = 0

    def update_book_status(self, book_status):
        super().update_book_status(book_status)
        self.ticks += 1

    def trade(self):
        return [self.buy("AAPL", self.ticks)]
