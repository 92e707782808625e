"""Test model: raises an exception whose __str__ itself raises."""


class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no str for you")


class Model:
    def update_book_status(self, book_status):
        pass

    def trade(self):
        raise Unprintable()
