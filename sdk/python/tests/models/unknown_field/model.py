"""Test model: a trade with a key the engine does not know ("stop")."""


class Model:
    def update_book_status(self, book_status):
        pass

    def trade(self):
        return [{"type": "sell", "ticker": "AAPL", "quantity": 1,
                 "stop": 170}]
