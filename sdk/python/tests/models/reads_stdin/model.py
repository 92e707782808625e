"""Test model: tries to read stdin (the host's request stream).

The host detaches stdin from model code, so readline() sees end of file
and input() raises EOFError; no request line is ever stolen.
"""

import sys


class Model:
    def update_book_status(self, book_status):
        self.line = sys.stdin.readline()

    def trade(self):
        if self.line:
            raise AssertionError("read a line from stdin: %r" % self.line)
        input()
