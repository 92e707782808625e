"""Output validation and exact encoding, in process (fast, exhaustive)."""

import unittest
from decimal import Decimal
from fractions import Fraction

from ledger_model.protocol import encode
from ledger_model.validation import BadOutput, normalize_output


def buy(**fields):
    trade = {"type": "buy", "ticker": "AAPL", "quantity": 1}
    trade.update(fields)
    return trade


class AcceptedOutputTest(unittest.TestCase):
    def test_list_and_trades_dict_are_both_accepted(self):
        expected = [{"type": "buy", "ticker": "AAPL", "quantity": 1}]
        self.assertEqual(normalize_output([buy()]), expected)
        self.assertEqual(normalize_output({"trades": [buy()]}), expected)
        self.assertEqual(normalize_output([]), [])
        self.assertEqual(normalize_output({"trades": []}), [])

    def test_integral_float_quantity_becomes_int(self):
        trade = normalize_output([buy(quantity=8.0)])[0]
        self.assertEqual(trade["quantity"], 8)
        self.assertIs(type(trade["quantity"]), int)
        self.assertEqual(
            normalize_output([buy(quantity=Decimal("3"))])[0]["quantity"], 3)

    def test_price_none_means_no_limit(self):
        self.assertNotIn("price", normalize_output([buy(price=None)])[0])

    def test_prices_are_exact_decimals_at_most_six_places(self):
        cases = [
            (176.25, "176.25"), (176, "176"), (100.0, "100"),
            (0.1, "0.1"), (0.1234567, "0.123457"), (0.0000005, "0"),
            (2.0000005, "2"), (2.0000015, "2.000002"),
            (1455.219971, "1455.219971"), (Decimal("176.250"), "176.25"),
            (Fraction(1, 4), "0.25"), (1e-6, "0.000001"),
        ]
        for value, text in cases:
            with self.subTest(value=value):
                if text == "0":
                    with self.assertRaisesRegex(BadOutput, "rounds to 0"):
                        normalize_output([buy(price=value)])
                    continue
                price = normalize_output([buy(price=value)])[0]["price"]
                self.assertIsInstance(price, Decimal)
                self.assertEqual(encode(price), text)

    def test_exactly_1000_trades_is_fine(self):
        self.assertEqual(len(normalize_output([buy()] * 1000)), 1000)

    def test_result_is_new_dicts_in_canonical_key_order(self):
        original = {"price": 5, "quantity": 2, "ticker": "X", "type": "sell"}
        trade = normalize_output([original])[0]
        self.assertEqual(list(trade), ["type", "ticker", "quantity", "price"])
        self.assertIsNot(trade, original)


class RefusedOutputTest(unittest.TestCase):
    def assertRefused(self, result, message):
        with self.assertRaises(BadOutput) as caught:
            normalize_output(result)
        self.assertEqual(str(caught.exception), message)

    def test_shape(self):
        self.assertRefused(None, "trade() returned NoneType; expected a list "
                                 "of trades or {\"trades\": [...]}")
        self.assertRefused("buy", "trade() returned str; expected a list of "
                                  "trades or {\"trades\": [...]}")
        self.assertRefused((buy(),), "trade() returned tuple; expected a "
                                     "list of trades or {\"trades\": [...]}")
        self.assertRefused({"trades": [], "note": 1},
                           "trade() returned a dict with keys ['note', "
                           "'trades']; expected exactly {\"trades\": [...]}")
        self.assertRefused({"orders": []},
                           "trade() returned a dict with keys ['orders']; "
                           "expected exactly {\"trades\": [...]}")
        self.assertRefused({"trades": buy()},
                           "trade() returned {\"trades\": dict}; \"trades\" "
                           "must be a list")
        self.assertRefused([buy()] * 1001,
                           "trade() returned 1001 trades; at most 1000 per "
                           "tick")

    def test_trade_shape_and_keys(self):
        self.assertRefused([buy(), "buy AAPL"],
                           "trade 1: must be a dict, got str")
        self.assertRefused([buy(stop=170)],
                           "trade 0: unknown key 'stop' (allowed: type, "
                           "ticker, quantity, price)")
        for key in ("type", "ticker", "quantity"):
            trade = buy()
            del trade[key]
            self.assertRefused([trade], "trade 0: missing key '%s'" % key)

    def test_type_and_ticker(self):
        self.assertRefused([buy(type="BUY")], "trade 0: type must be \"buy\" "
                                              "or \"sell\", got 'BUY'")
        self.assertRefused([buy(type=None)], "trade 0: type must be \"buy\" "
                                             "or \"sell\", got None")
        self.assertRefused([buy(ticker="")], "trade 0: ticker must be a "
                                             "non-empty string, got ''")
        self.assertRefused([buy(ticker=7)], "trade 0: ticker must be a "
                                            "non-empty string, got 7")

    def test_quantity(self):
        for value, shown in [(2.5, "2.5"), (0, "0"), (-3, "-3"),
                             (float("nan"), "nan"), (float("inf"), "inf"),
                             (True, "True"), ("8", "'8'"), (None, "None"),
                             (Decimal("1.5"), "Decimal('1.5')"),
                             (0.0, "0.0")]:
            with self.subTest(value=value):
                self.assertRefused(
                    [buy(), buy(quantity=value)],
                    "trade 1: quantity must be a whole number of shares "
                    ">= 1, got %s" % shown)
        self.assertRefused([buy(quantity=2 ** 63)],
                           "trade 0: quantity 9223372036854775808 is too "
                           "large (at most 9223372036854775807)")
        self.assertRefused([buy(quantity=1e30)],
                           "trade 0: quantity 1000000000000000019884624838656"
                           " is too large (at most 9223372036854775807)")

    def test_price(self):
        for value, shown in [(float("nan"), "nan"), (float("inf"), "inf"),
                             (float("-inf"), "-inf"), (0, "0"), (-1.5, "-1.5"),
                             (True, "True"), ("176.25", "'176.25'"),
                             (Decimal("NaN"), "Decimal('NaN')")]:
            with self.subTest(value=value):
                self.assertRefused(
                    [buy(price=value)],
                    "trade 0: price must be a finite number > 0, got %s"
                    % shown)
        self.assertRefused([buy(price=1e300)],
                           "trade 0: price 1e+300 is too large (at most "
                           "9223372036854.775807)")


class EncodeTest(unittest.TestCase):
    def test_compact_json_with_exact_decimals(self):
        reply = {"v": 1, "id": 7, "ok": True, "trades": [
            {"type": "buy", "ticker": "AAPL", "quantity": 8,
             "price": Decimal("176.25")}]}
        self.assertEqual(
            encode(reply),
            '{"v":1,"id":7,"ok":true,"trades":[{"type":"buy","ticker":'
            '"AAPL","quantity":8,"price":176.25}]}')
        self.assertEqual(encode({"m": "caf\u00e9\n"}), '{"m":"caf\\u00e9\\n"}')
        self.assertEqual(encode(Decimal("1E+2")), "100")
        with self.assertRaises(ValueError):
            encode(float("nan"))


if __name__ == "__main__":
    unittest.main()
