"""Tests of the ledger_model SDK, its model host and the example algorithms."""

import sys

# Loading models in process must not leave __pycache__ in the source tree.
sys.dont_write_bytecode = True
