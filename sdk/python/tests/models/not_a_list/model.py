"""Test model: trade() returns a string instead of a list of trades."""


class Model:
    def update_book_status(self, book_status):
        pass

    def trade(self):
        return "buy AAPL 1"
