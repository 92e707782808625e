"""Test model: trade() ends the host process at once (os._exit(7)).

The host cannot survive this; the worker must notice and restart it.
"""

import os


class Model:
    def update_book_status(self, book_status):
        pass

    def trade(self):
        os._exit(7)
