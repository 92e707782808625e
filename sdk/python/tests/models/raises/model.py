"""Test model: trade() always raises (a two-line message)."""


class Model:
    def update_book_status(self, book_status):
        self.book_status = book_status

    def trade(self):
        raise ValueError("model exploded\nsecond line of the message")
