"""Test model: the second trade asks for 2.5 shares."""


class Model:
    def update_book_status(self, book_status):
        pass

    def trade(self):
        return {"trades": [
            {"type": "buy", "ticker": "AAPL", "quantity": 1},
            {"type": "buy", "ticker": "AAPL", "quantity": 2.5},
        ]}
