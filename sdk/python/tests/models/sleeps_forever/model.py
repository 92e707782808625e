"""Test model: trade() never returns (the worker must kill it on deadline)."""

import time


class Model:
    def update_book_status(self, book_status):
        pass

    def trade(self):
        while True:
            time.sleep(3600)
