"""The standard exceptions and their mapping from rejection codes."""

import copy
import pickle
import unittest

import ledger_model
from ledger_model import (
    VIOLATIONS, InsufficientFunds, InsufficientHoldings, InvalidTrade,
    LedgerViolation, LimitNotMet, NoQuote, PriceOffMarket, UnknownTicker,
    violation_from)

TRADE = {"type": "buy", "ticker": "AAPL", "quantity": 8, "price": 176}


class ViolationFromTest(unittest.TestCase):
    def test_each_code_gives_its_class(self):
        expected = {
            "unknown_ticker": UnknownTicker,
            "invalid_trade": InvalidTrade,
            "no_quote": NoQuote,
            "insufficient_funds": InsufficientFunds,
            "insufficient_holdings": InsufficientHoldings,
            "limit_not_met": LimitNotMet,
            "price_off_market": PriceOffMarket,
        }
        self.assertEqual(VIOLATIONS, expected)
        for code, cls in expected.items():
            with self.subTest(code=code):
                exc = violation_from({"code": code, "message": "no",
                                      "trade": TRADE})
                self.assertIs(type(exc), cls)
                self.assertIsInstance(exc, LedgerViolation)
                self.assertIsInstance(exc, Exception)
                self.assertEqual(exc.code, code)
                self.assertEqual(exc.message, "no")
                self.assertEqual(exc.trade, TRADE)

    def test_unknown_code_gives_plain_violation_keeping_the_code(self):
        exc = violation_from({"code": "margin_call", "message": "m",
                              "trade": TRADE})
        self.assertIs(type(exc), LedgerViolation)
        self.assertEqual(exc.code, "margin_call")
        self.assertEqual(exc.message, "m")

    def test_missing_keys_are_tolerated(self):
        exc = violation_from({})
        self.assertIs(type(exc), LedgerViolation)
        self.assertIsNone(exc.code)
        self.assertEqual(exc.message, "")
        self.assertIsNone(exc.trade)
        self.assertIs(type(violation_from({"code": 12})), LedgerViolation)

    def test_not_a_dict_is_a_type_error(self):
        with self.assertRaises(TypeError):
            violation_from(["insufficient_funds"])


class ExceptionBehaviourTest(unittest.TestCase):
    def test_can_be_raised_and_caught_by_base_class(self):
        with self.assertRaises(LedgerViolation) as caught:
            raise InsufficientFunds("balance 10 < cost 1410", TRADE)
        self.assertEqual(str(caught.exception), "balance 10 < cost 1410")
        self.assertEqual(caught.exception.code, "insufficient_funds")

    def test_str_falls_back_to_code(self):
        self.assertEqual(str(NoQuote()), "no_quote")

    def test_pickle_and_copy_keep_attributes(self):
        exc = LimitNotMet("fill 177 above limit 176", TRADE)
        for clone in (pickle.loads(pickle.dumps(exc)), copy.copy(exc)):
            self.assertIs(type(clone), LimitNotMet)
            self.assertEqual((clone.code, clone.message, clone.trade),
                             (exc.code, exc.message, exc.trade))
        odd = pickle.loads(pickle.dumps(LedgerViolation("x", None, "odd")))
        self.assertEqual(odd.code, "odd")

    def test_to_dict_round_trips(self):
        data = {"code": "unknown_ticker", "message": "not tracked",
                "trade": TRADE}
        self.assertEqual(violation_from(data).to_dict(), data)

    def test_package_exports(self):
        for name in ledger_model.__all__:
            self.assertTrue(hasattr(ledger_model, name), name)


class ModelBaseTest(unittest.TestCase):
    def test_base_remembers_book_status_and_builds_trades(self):
        model = ledger_model.Model()
        self.assertEqual(model.prices, {})
        model.update_book_status({"balance": 5, "holding": {"AAPL": 1},
                                  "prices": {"AAPL": 2}})
        self.assertEqual((model.balance, model.holding, model.prices),
                         (5, {"AAPL": 1}, {"AAPL": 2}))
        self.assertEqual(model.buy("AAPL", 3),
                         {"type": "buy", "ticker": "AAPL", "quantity": 3})
        self.assertEqual(model.sell("AAPL", 1, 180.5),
                         {"type": "sell", "ticker": "AAPL", "quantity": 1,
                          "price": 180.5})
        self.assertIsNone(model.on_rejection(NoQuote()))
        with self.assertRaises(NotImplementedError):
            model.trade()


if __name__ == "__main__":
    unittest.main()
