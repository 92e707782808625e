"""Test model: writes to stdout every way it can, then trades normally.

print() at import, in update_book_status and in trade(), plus a raw write
to file descriptor 1. None of it may reach the protocol stream.
"""

import os
import sys

print("printed at import")


class Model:
    def update_book_status(self, book_status):
        print("printed in update_book_status", book_status.get("tick"))

    def trade(self):
        print('{"v":1,"id":999,"ok":true,"trades":[]}')
        sys.stdout.write("written to sys.stdout without a newline")
        sys.stdout.flush()
        os.write(1, b"written to fd 1\n")
        return [{"type": "buy", "ticker": "AAPL", "quantity": 1}]
