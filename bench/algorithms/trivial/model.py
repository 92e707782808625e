"""Benchmark model: looks at the book and never trades, so a benchmark of
the model host measures the host and the pipe, not a model."""


class Model:
    def update_book_status(self, book_status):
        self.book_status = book_status

    def trade(self):
        return []
