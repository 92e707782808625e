"""Rejections reach the model as exception objects and via on_rejection."""

import json
import os
import tempfile
import textwrap
import unittest

from .support import HostTestCase, model_dir

# A model that reports, through the tickers of its trades, what it saw:
# the classes of book_status["rejected"], what on_rejection received, and
# whether portfolio is the holding dict.
INSPECTOR = '''
import json

import ledger_model

class Inspector:
    def __init__(self):
        self.hooked = []

    def on_rejection(self, exc):
        assert isinstance(exc, ledger_model.LedgerViolation)
        self.hooked.append(type(exc).__name__ + ":" + str(exc.code))

    def update_book_status(self, book_status):
        self.status = book_status

    def trade(self):
        s = self.status
        seen = [type(e).__name__ for e in s["rejected"]
                if isinstance(e, ledger_model.LedgerViolation)]
        trades = [e.trade for e in s["rejected"]]
        tickers = ["seen=" + ",".join(seen),
                   "hooked=" + ",".join(self.hooked),
                   "portfolio=%s" % (s["portfolio"] is s["holding"]),
                   "trades=" + json.dumps(trades)]
        self.hooked = []
        return [{"type": "buy", "ticker": t, "quantity": 1} for t in tickers]
'''


class RejectionTest(HostTestCase):
    def test_rejections_arrive_as_exceptions_and_through_the_hook(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        with open(os.path.join(folder.name, "model.py"), "w") as out:
            out.write(textwrap.dedent(INSPECTOR))
        host = self.start(folder.name)
        trade = {"type": "buy", "ticker": "AAPL", "quantity": 800}
        rejected = [
            {"code": "insufficient_funds", "message": "balance 10 < 141000",
             "trade": trade},
            {"code": "unknown_ticker", "message": "not tracked",
             "trade": {"type": "sell", "ticker": "ZZZ", "quantity": 1}},
            {"code": "brand_new_code", "message": "?", "trade": trade},
        ]
        reply = host.tick(rejected=rejected, holding={"AAPL": 8})
        tickers = [t["ticker"] for t in reply["trades"]]
        self.assertEqual(tickers[:3], [
            "seen=InsufficientFunds,UnknownTicker,LedgerViolation",
            "hooked=InsufficientFunds:insufficient_funds,"
            "UnknownTicker:unknown_ticker,LedgerViolation:brand_new_code",
            "portfolio=True"])
        self.assertEqual(json.loads(tickers[3][len("trades="):]),
                         [r["trade"] for r in rejected])
        # Next tick without rejections: the hook is not called.
        reply = host.tick(tick=2)
        self.assertEqual(reply["trades"][1]["ticker"], "hooked=")


    def test_model_without_hook_and_book_status_without_rejected(self):
        host = self.start(model_dir("echo"))  # a plain class, no hook
        reply = host.tick(rejected=[{"code": "no_quote", "message": "m",
                                     "trade": None}])
        self.assertEqual(reply["trades"], [])
        host.send({"v": 1, "id": 2, "op": "tick", "ledger": "krishalgo",
                   "book_status": {"prices": {}}})
        self.assertEqual(host.read(), {"v": 1, "id": 2, "ok": True,
                                       "trades": []})


if __name__ == "__main__":
    unittest.main()
