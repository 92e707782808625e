"""Each example algorithm, run by the real host on small book_statuses."""

import json
import math
import os
import tempfile
import unittest

from ledger_model import InsufficientHoldings, LedgerViolation
from ledger_model.host import Host
from ledger_model.loading import load_factory

from .support import HostProcess, book_status, example


class ExampleTestCase(unittest.TestCase):
    def start(self, name, env=None):
        host = HostProcess(example(name), env=env)
        self.addCleanup(host.__exit__)
        return host


class BuyAndHoldTest(ExampleTestCase):
    def test_invests_once_evenly_then_holds(self):
        host = self.start("buy_and_hold")
        self.assertEqual(host.tick(prices={}, tick=1)["trades"], [])
        reply = host.tick(tick=2, prices={"AAPL": 176.25, "MSFT": 400,
                                          "NVDA": None})
        # 95% of 100000, half each: 47500 / 176.25 = 269.5, / 400 = 118.75.
        self.assertEqual(reply["trades"], [
            {"type": "buy", "ticker": "AAPL", "quantity": 269},
            {"type": "buy", "ticker": "MSFT", "quantity": 118}])
        spent = 269 * 176.25 + 118 * 400
        self.assertLessEqual(spent, 95000)
        later = host.tick(tick=3, balance=100000 - spent,
                          holding={"AAPL": 269, "MSFT": 118},
                          prices={"AAPL": 150, "MSFT": 300})
        self.assertEqual(later["trades"], [])


class SmaCrossoverTest(ExampleTestCase):
    def test_buys_on_cross_up_and_sells_all_on_cross_down(self):
        host = self.start("sma_crossover")
        # A slow decline (short SMA below long), then a sharp rise that
        # crosses it, then a sharp fall that crosses back.
        prices = [200 - i for i in range(25)] + [190, 200, 210, 220]
        prices += [150, 120, 100]
        balance, held, events = 100000.0, 0, []
        for tick, price in enumerate(prices, start=1):
            reply = host.tick(tick=tick, balance=balance,
                              holding={"AAPL": held} if held else {},
                              prices={"AAPL": price})
            self.assertTrue(reply["ok"], reply)
            for trade in reply["trades"]:
                events.append((tick, trade["type"], trade["quantity"]))
                if trade["type"] == "buy":
                    held += trade["quantity"]
                    balance -= trade["quantity"] * price
                else:
                    held -= trade["quantity"]
                    balance += trade["quantity"] * price
            if tick <= 20:
                self.assertEqual(reply["trades"], [], "no signal before "
                                 "LONG + 1 prices")
        self.assertEqual(len(events), 2, events)
        (buy_tick, buy_side, bought), (sell_tick, sell_side, sold) = events
        self.assertEqual((buy_side, sell_side), ("buy", "sell"))
        self.assertEqual(bought, math.floor(100000 * 0.2
                                            / prices[buy_tick - 1]))
        self.assertEqual(sold, bought)
        self.assertLess(buy_tick, sell_tick)
        self.assertEqual(held, 0)


class RandomTraderTest(ExampleTestCase):
    def run_ticks(self, host, ledger, ticks=12):
        return [host.tick(ledger, tick=tick,
                          prices={"AAPL": 176.25, "MSFT": 400})["trades"]
                for tick in range(1, ticks + 1)]

    def test_reproducible_per_ledger_and_different_across_ledgers(self):
        first = self.start("random_trader")
        second = self.start("random_trader")
        runs_a = self.run_ticks(first, "alpha")
        self.assertEqual(runs_a, self.run_ticks(second, "alpha"))
        self.assertNotEqual(runs_a, self.run_ticks(first, "beta"))
        trades = [t for tick in runs_a for t in tick]
        self.assertTrue(trades, "twelve ticks without a single trade")
        for trade in trades:
            self.assertIn(trade["type"], ("buy", "sell"))
            self.assertIn(trade["ticker"], ("AAPL", "MSFT"))
            self.assertTrue(1 <= trade["quantity"] <= 5)
        other_seed = self.start("random_trader",
                                env={"LEDGER_MODEL_RANDOM_SEED": "8"})
        self.assertNotEqual(runs_a, self.run_ticks(other_seed, "alpha"))

    def test_rejections_reach_the_model_and_its_log(self):
        log = tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False)
        log.close()
        self.addCleanup(os.unlink, log.name)
        host = self.start("random_trader", env={"LEDGER_MODEL_LOG": log.name})
        sell = {"type": "sell", "ticker": "AAPL", "quantity": 3}
        host.tick("alpha", tick=1)
        host.tick("alpha", tick=2, rejected=[
            {"code": "insufficient_holdings", "message": "holds 0",
             "trade": sell},
            {"code": "no_quote", "message": "no price", "trade": sell}])
        host.tick("beta", tick=5, rejected=[
            {"code": "insufficient_funds", "message": "too dear",
             "trade": sell}])
        host.tick("alpha", tick=3)
        self.assertEqual(host.close(), 0)
        with open(log.name) as lines:
            entries = [json.loads(line) for line in lines]
        self.assertEqual(entries, [
            {"ledger": "alpha", "tick": 2, "code": "insufficient_holdings"},
            {"ledger": "alpha", "tick": 2, "code": "no_quote"},
            {"ledger": "beta", "tick": 5, "code": "insufficient_funds"}])

    def test_rejections_seen_holds_the_exception_objects(self):
        host = Host(load_factory(example("random_trader")))
        rejected = [{"code": "insufficient_holdings", "message": "holds 0",
                     "trade": {"type": "sell", "ticker": "AAPL",
                               "quantity": 2}},
                    {"code": "future_code", "message": "?", "trade": None}]
        reply = host.handle_line(json.dumps({
            "v": 1, "id": 1, "op": "tick", "ledger": "alpha",
            "book_status": book_status(rejected=rejected)}))
        self.assertTrue(reply["ok"], reply)
        seen = host.models["alpha"].rejections_seen
        self.assertEqual([type(exc) for exc in seen],
                         [InsufficientHoldings, LedgerViolation])
        self.assertEqual(seen[0].trade["quantity"], 2)
        self.assertEqual(seen[1].code, "future_code")


class AllExamplesTest(ExampleTestCase):
    def test_every_example_answers_a_plain_tick(self):
        names = sorted(entry for entry in os.listdir(example(""))
                       if os.path.isfile(os.path.join(example(entry),
                                                      "model.py")))
        self.assertGreaterEqual(len(names), 3)
        for name in names:
            with self.subTest(example=name):
                self.assertTrue(os.path.isfile(os.path.join(
                    example(name), "README.md")))
                reply = self.start(name).tick()
                self.assertTrue(reply["ok"], reply)
                self.assertIsInstance(reply["trades"], list)


if __name__ == "__main__":
    unittest.main()
