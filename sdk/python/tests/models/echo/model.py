"""Test model: trade() returns book_status["echo"] unchanged.

Lets a test send any output shape through the real protocol in one host.
"""


class Model:
    def update_book_status(self, book_status):
        self.book_status = book_status

    def trade(self):
        return self.book_status.get("echo", [])
