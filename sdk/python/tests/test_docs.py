"""docs/model-host.md's example lines are real: they parse, and the host
answers the example requests as the page says."""

import json
import os
import re
import unittest

from .support import SDK_DIR, HostTestCase, model_dir

DOC = os.path.normpath(os.path.join(SDK_DIR, "..", "..", "docs",
                                    "model-host.md"))


def json_lines():
    with open(DOC, encoding="utf-8") as page:
        text = page.read()
    blocks = re.findall(r"```json\n(.*?)```", text, re.S)
    return [json.loads(line) for block in blocks
            for line in block.splitlines() if line.strip()]


@unittest.skipUnless(os.path.isfile(DOC), "docs/model-host.md not present")
class ModelHostDocTest(HostTestCase):
    def test_example_lines_are_protocol_lines(self):
        lines = json_lines()
        self.assertGreaterEqual(len(lines), 9)
        for line in lines:
            with self.subTest(line=line):
                self.assertEqual(line["v"], 1)
                self.assertIsInstance(line["id"], int)
                if "op" in line:
                    self.assertIn(line["op"], ("tick", "drop", "ping"))
                elif line["ok"]:
                    self.assertLessEqual(set(line), {"v", "id", "ok",
                                                     "trades"})
                else:
                    self.assertEqual(set(line), {"v", "id", "ok", "error",
                                                 "message"})
                    self.assertIn(line["error"], ("bad_request",
                                                  "model_error", "bad_output"))

    def test_example_requests_are_served(self):
        host = self.start(model_dir("counter"))
        for request in (line for line in json_lines() if "op" in line):
            with self.subTest(op=request["op"]):
                host.send(request)
                reply = host.read()
                self.assertEqual((reply["id"], reply["ok"]),
                                 (request["id"], True), reply)
                if request["op"] != "tick":
                    self.assertEqual(reply, {"v": 1, "id": request["id"],
                                             "ok": True})

    def test_bad_request_example(self):
        host = self.start(model_dir("counter"))
        host.send_raw(b"oops\n")
        example = [line for line in json_lines()
                   if line.get("error") == "bad_request"][0]
        self.assertEqual(host.read(), example)


if __name__ == "__main__":
    unittest.main()
