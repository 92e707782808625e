"""Test model: trade() sleeps LEDGER_TEST_SLEEP_SECONDS (default 2), then
returns no trades; for deadline tests that need a reply that comes late."""

import os
import time


class Model:
    def update_book_status(self, book_status):
        pass

    def trade(self):
        time.sleep(float(os.environ.get("LEDGER_TEST_SLEEP_SECONDS", "2")))
        return []
