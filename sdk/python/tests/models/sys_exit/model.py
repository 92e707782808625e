"""Test model: trade() calls sys.exit(4); the host reports model_error and
keeps serving (SystemExit is caught, unlike os._exit)."""

import sys


class Model:
    def update_book_status(self, book_status):
        pass

    def trade(self):
        sys.exit(4)
