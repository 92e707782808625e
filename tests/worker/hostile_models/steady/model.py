"""A well-behaved algorithm: tick n of an instance buys n AAPL."""


class Model:
    def __init__(self):
        self.ticks = 0

    def update_book_status(self, book_status):
        self.ticks += 1

    def trade(self):
        return [{"type": "buy", "ticker": "AAPL", "quantity": self.ticks}]
