"""Test model: trade() allocates a huge block and touches every byte.

The size is LEDGER_TEST_MEMORY_MB megabytes (default 1048576, i.e. 1 TiB,
which no machine grants). Run it only under a memory rlimit (RLIMIT_AS):
the allocation then fails with MemoryError, which the host reports as
model_error. A size that fits is kept alive by the instance, to hold it.
"""

import os


class Model:
    def update_book_status(self, book_status):
        pass

    def trade(self):
        megabytes = int(os.environ.get("LEDGER_TEST_MEMORY_MB", "1048576"))
        # b"x" * n fills the block, so the pages are really used.
        self.block = b"x" * (megabytes * 1024 * 1024)
        return []
