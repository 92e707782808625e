"""Test model: a buy whose limit price is NaN."""


class Model:
    def update_book_status(self, book_status):
        pass

    def trade(self):
        return [{"type": "buy", "ticker": "AAPL", "quantity": 1,
                 "price": float("nan")}]
