"""A seeded random trader: noise to exercise the engine, not a strategy.

It buys and sells small random quantities, sometimes more than it holds, so
it regularly meets rejections; it records each one it receives, which makes
it the algorithm tests use to check rejections reach the model. Runs are
reproducible: the seed (env LEDGER_MODEL_RANDOM_SEED, default 7) is combined with
the ledger's name, so two ledgers differ but each replays the same way.
"""

import json
import os
import random


class RandomTrader:
    #: Chance that a ticker is traded on a tick.
    TRADE_PROBABILITY = 0.5
    #: Quantities are drawn from 1..MAX_QUANTITY.
    MAX_QUANTITY = 5

    def __init__(self):
        self.rng = None  # seeded on the first tick, once the ledger is known
        self.book_status = {}
        self.rejections_seen = []
        self._unlogged = []

    def on_rejection(self, exc):
        self.rejections_seen.append(exc)
        self._unlogged.append(exc)

    def update_book_status(self, book_status):
        self.book_status = book_status
        if self.rng is None:
            seed = os.environ.get("LEDGER_MODEL_RANDOM_SEED", "7")
            ledger = book_status.get("ledger", "")
            # A str seed is hashed with SHA-512: stable across runs.
            self.rng = random.Random("%s:%s" % (seed, ledger))
        # on_rejection runs before this call; the log line wants the tick.
        self._log(self._unlogged)
        self._unlogged = []

    def _log(self, violations):
        path = os.environ.get("LEDGER_MODEL_LOG")
        if not path or not violations:
            return
        with open(path, "a", encoding="utf-8") as log:
            for exc in violations:
                log.write(json.dumps({
                    "ledger": self.book_status.get("ledger"),
                    "tick": self.book_status.get("tick"),
                    "code": exc.code}) + "\n")

    def trade(self):
        prices = self.book_status.get("prices") or {}
        trades = []
        for ticker in sorted(prices):
            if self.rng.random() >= self.TRADE_PROBABILITY:
                continue
            side = self.rng.choice(("buy", "sell"))
            quantity = self.rng.randint(1, self.MAX_QUANTITY)
            trades.append({"type": side, "ticker": ticker,
                           "quantity": quantity})
        return {"trades": trades}
