"""The model host end to end: a subprocess spoken to in JSON lines."""

import os
import queue
import unittest

from .support import HostTestCase, book_status, model_dir

try:
    import resource
except ImportError:  # not on Linux
    resource = None


class ProtocolTest(HostTestCase):
    def setUp(self):
        self.host = self.start(model_dir("counter"))

    def test_ping(self):
        self.host.send_raw(b'{"v":1,"id":9,"op":"ping"}\n')
        self.assertEqual(self.host.read_raw(), b'{"v":1,"id":9,"ok":true}\n')

    def test_tick_reply_is_exact_compact_json(self):
        self.host.send({"v": 1, "id": 7, "op": "tick", "ledger": "krishalgo",
                        "book_status": book_status()})
        self.assertEqual(
            self.host.read_raw(),
            b'{"v":1,"id":7,"ok":true,"trades":[{"type":"buy","ticker":'
            b'"AAPL","quantity":1}]}\n')

    def test_one_instance_per_ledger_and_drop_forgets_it(self):
        quantity = lambda reply: reply["trades"][0]["quantity"]  # noqa: E731
        self.assertEqual(quantity(self.host.tick("a", tick=1)), 1)
        self.assertEqual(quantity(self.host.tick("a", tick=2)), 2)
        self.assertEqual(quantity(self.host.tick("b", tick=1)), 1)
        self.assertEqual(quantity(self.host.tick("a", tick=3)), 3)
        self.assertEqual(self.host.request("drop", ledger="a"),
                         {"v": 1, "id": 5, "ok": True})
        self.assertEqual(quantity(self.host.tick("a", tick=4)), 1)
        self.assertEqual(quantity(self.host.tick("b", tick=2)), 2)
        # Dropping a ledger the host never saw is fine too.
        self.assertTrue(self.host.request("drop", ledger="zzz")["ok"])

    def test_bad_request_lines(self):
        cases = [
            (b"this is not json\n", 0, "not a JSON line"),
            (b'{"v":1,"id":3,"op":"tick","ledger":"a","book_status":'
             b'{"balance":NaN}}\n', 0, "NaN is not JSON"),
            (b"[1,2]\n", 0, "a request must be a JSON object, got list"),
            (b'{"v":1,"op":"ping"}\n', 0, "id must be an integer"),
            (b'{"v":1,"id":"4","op":"ping"}\n', 0, "id must be an integer"),
            (b'{"v":2,"id":5,"op":"ping"}\n', 5,
             "unsupported protocol version 2 (expected 1)"),
            (b'{"id":6,"op":"ping"}\n', 6,
             "unsupported protocol version None (expected 1)"),
            (b'{"v":1,"id":7,"op":"dance"}\n', 7,
             "unknown op 'dance' (expected tick, drop or ping)"),
            (b'{"v":1,"id":8,"op":"tick","book_status":{}}\n', 8,
             "ledger must be a non-empty string"),
            (b'{"v":1,"id":9,"op":"tick","ledger":"a"}\n', 9,
             "book_status must be an object"),
            (b'{"v":1,"id":10,"op":"tick","ledger":"a","book_status":'
             b'{"rejected":{}}}\n', 10, "book_status.rejected must be a list"),
            (b'{"v":1,"id":11,"op":"tick","ledger":"a","book_status":'
             b'{"rejected":[3]}}\n', 11,
             "book_status.rejected: a rejection must be a dict, got int"),
            (b'{"v":1,"id":12,"op":"drop"}\n', 12,
             "ledger must be a non-empty string"),
            (b"\xff\xfe\n", 0, "not a JSON line"),
        ]
        for line, request_id, message in cases:
            with self.subTest(line=line):
                self.host.send_raw(line)
                reply = self.host.read()
                self.assertEqual(reply["id"], request_id)
                self.assertIs(reply["ok"], False)
                self.assertEqual(reply["error"], "bad_request")
                self.assertIn(message, reply["message"])
        # The host still serves, and the bad ticks created no instance.
        self.assertEqual(self.host.tick("a")["trades"][0]["quantity"], 1)

    def test_blank_lines_are_ignored(self):
        self.host.send_raw(b"\n   \n")
        self.assertEqual(self.host.request("ping")["id"], 1)

    def test_eof_exits_zero(self):
        self.host.request("ping")
        self.assertEqual(self.host.close(), 0)
        self.assertEqual(self.host.stderr_text(), "")


class BadOutputTest(HostTestCase):
    def assertBadOutput(self, reply, message):
        self.assertEqual(reply, {"v": 1, "id": reply["id"], "ok": False,
                                 "error": "bad_output", "message": message})

    def test_named_bad_models(self):
        cases = {
            "returns_nan": "trade 0: price must be a finite number > 0, "
                           "got nan",
            "fractional_quantity": "trade 1: quantity must be a whole number "
                                   "of shares >= 1, got 2.5",
            "unknown_field": "trade 0: unknown key 'stop' (allowed: type, "
                             "ticker, quantity, price)",
            "not_a_list": "trade() returned str; expected a list of trades "
                          "or {\"trades\": [...]}",
        }
        for name, message in cases.items():
            with self.subTest(model=name):
                host = self.start(model_dir(name))
                self.assertBadOutput(host.tick(), message)
                self.assertTrue(host.request("ping")["ok"])

    def test_outputs_through_echo(self):
        host = self.start(model_dir("echo"))
        good = {"type": "sell", "ticker": "AAPL", "quantity": 8.0,
                "price": 176.2500004}
        reply = host.tick(echo={"trades": [good, {
            "type": "buy", "ticker": "MSFT", "quantity": 1, "price": None}]})
        self.assertEqual(reply["trades"], [
            {"type": "sell", "ticker": "AAPL", "quantity": 8,
             "price": 176.25},
            {"type": "buy", "ticker": "MSFT", "quantity": 1}])
        cases = [
            ({"trades": [good], "extra": 1},
             "trade() returned a dict with keys ['extra', 'trades']; "
             "expected exactly {\"trades\": [...]}"),
            ([good, good, dict(good, quantity=-2)],
             "trade 2: quantity must be a whole number of shares >= 1, "
             "got -2"),
            ([dict(good, quantity=True)],
             "trade 0: quantity must be a whole number of shares >= 1, "
             "got True"),
            ([dict(good, type="short")],
             "trade 0: type must be \"buy\" or \"sell\", got 'short'"),
            ([dict(good, ticker="")],
             "trade 0: ticker must be a non-empty string, got ''"),
            ([dict(good, price=0)],
             "trade 0: price must be a finite number > 0, got 0"),
            ([dict(good, price="176")],
             "trade 0: price must be a finite number > 0, got '176'"),
            ([good] * 1001,
             "trade() returned 1001 trades; at most 1000 per tick"),
            (None, "trade() returned NoneType; expected a list of trades "
                   "or {\"trades\": [...]}"),
        ]
        for output, message in cases:
            with self.subTest(message=message):
                self.assertBadOutput(host.tick(echo=output), message)

    def test_outputs_the_worker_could_not_read_are_bad_output(self):
        # The worker kills a host whose line it cannot parse or that is
        # over 1 MiB; the host answers bad_output instead and lives on.
        host = self.start(model_dir("echo"))
        trade = {"type": "buy", "ticker": "AAPL", "quantity": 1}
        cases = [
            ([trade, dict(trade, ticker="\ud800")],
             "trade 1: ticker '\\ud800' is not valid Unicode text"),
            ([dict(trade, ticker="A" * (2 << 20))],
             "the trades take 2097193 bytes as JSON; a reply may take at "
             "most 1048576"),
        ]
        for output, message in cases:
            with self.subTest(message=message):
                self.assertBadOutput(host.tick(echo=output), message)
        # A pair of surrogates is one character, and fine.
        self.assertEqual(host.tick(echo=[dict(trade, ticker="\U0001F600")])[
            "trades"][0]["ticker"], "\U0001F600")
        self.assertTrue(host.request("ping")["ok"])

    def test_price_is_written_as_an_exact_number(self):
        host = self.start(model_dir("echo"))
        host.send({"v": 1, "id": 1, "op": "tick", "ledger": "x",
                   "book_status": book_status(echo=[
                       {"type": "buy", "ticker": "AAPL", "quantity": 2,
                        "price": 0.1 + 0.2}, {"type": "buy", "ticker": "B",
                                              "quantity": 1, "price": 1e-6},
                       {"type": "buy", "ticker": "C", "quantity": 1,
                        "price": 250.0}])})
        line = host.read_raw()
        self.assertIn(b'"price":0.3}', line)
        self.assertIn(b'"price":0.000001}', line)
        self.assertIn(b'"price":250}', line)


class ModelFailureTest(HostTestCase):
    def test_raising_model_gives_model_error_and_host_keeps_serving(self):
        host = self.start(model_dir("raises"))
        for tick in (1, 2):
            self.assertEqual(host.tick(tick=tick), {
                "v": 1, "id": tick, "ok": False, "error": "model_error",
                "message": "ValueError: model exploded"})
        self.assertTrue(host.request("ping")["ok"])
        self.assertIn("Traceback", host.stderr_text())

    def test_model_reading_stdin_sees_eof(self):
        host = self.start(model_dir("reads_stdin"))
        host.send({"v": 1, "id": 1, "op": "tick", "ledger": "a",
                   "book_status": book_status()})
        host.send({"v": 1, "id": 2, "op": "ping"})
        self.assertEqual(host.read(), {
            "v": 1, "id": 1, "ok": False, "error": "model_error",
            "message": "EOFError: EOF when reading a line"})
        self.assertEqual(host.read(), {"v": 1, "id": 2, "ok": True})

    def test_exception_that_cannot_be_printed(self):
        host = self.start(model_dir("bad_exception"))
        self.assertEqual(host.tick()["message"],
                         "Unprintable: <unprintable message>")
        self.assertTrue(host.request("ping")["ok"])

    def test_sys_exit_in_model_is_a_model_error(self):
        host = self.start(model_dir("sys_exit"))
        self.assertEqual(host.tick()["message"], "SystemExit: 4")
        self.assertTrue(host.request("ping")["ok"])

    def test_prints_do_not_corrupt_stdout(self):
        host = self.start(model_dir("prints"))
        for request_id in (1, 2):
            reply = host.tick(tick=request_id)
            self.assertEqual(reply["trades"], [
                {"type": "buy", "ticker": "AAPL", "quantity": 1}])
        self.assertEqual(host.close(), 0)
        self.assertIsNone(host.read_raw())  # nothing else was on stdout
        err = host.stderr_text()
        for text in ("printed at import", "printed in update_book_status 2",
                     '{"v":1,"id":999', "written to sys.stdout",
                     "written to fd 1"):
            self.assertIn(text, err)

    def test_process_exit_ends_the_host(self):
        host = self.start(model_dir("exits"))
        host.send({"v": 1, "id": 1, "op": "tick", "ledger": "a",
                   "book_status": book_status()})
        self.assertIsNone(host.read_raw())
        self.assertEqual(host.proc.wait(10), 7)

    def test_sleeping_model_does_not_answer(self):
        host = self.start(model_dir("sleeps_forever"))
        host.send({"v": 1, "id": 1, "op": "tick", "ledger": "a",
                   "book_status": book_status()})
        with self.assertRaises(queue.Empty):
            host.read_raw(timeout=0.5)

    @unittest.skipIf(resource is None, "needs the resource module")
    def test_memory_cap_gives_model_error(self):
        def cap():
            limit = 1 << 30
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        host = self.start(model_dir("huge_memory"), preexec_fn=cap)
        self.assertEqual(host.tick()["message"], "MemoryError")
        self.assertTrue(host.request("ping")["ok"])


class LoadFailureTest(HostTestCase):
    def test_load_failure_prints_one_line_and_exits_3(self):
        host = self.start(model_dir("fails_to_load"))
        reply = host.read()
        self.assertEqual(set(reply), {"v", "id", "ok", "error", "message"})
        self.assertEqual((reply["v"], reply["id"], reply["ok"],
                          reply["error"]), (1, 0, False, "model_error"))
        self.assertIn("RuntimeError: this algorithm is broken at import",
                      reply["message"])
        self.assertIsNone(host.read_raw())
        self.assertEqual(host.proc.wait(10), 3)

    def test_missing_algorithm(self):
        host = self.start(os.path.join(model_dir("counter"), "nope"))
        self.assertIn("does not exist", host.read()["message"])
        self.assertEqual(host.proc.wait(10), 3)

    def test_py_file_algorithm(self):
        host = self.start(os.path.join(model_dir("counter"), "model.py"))
        self.assertEqual(host.tick()["trades"][0]["quantity"], 1)


if __name__ == "__main__":
    unittest.main()
