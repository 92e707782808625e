"""Test model: importing it raises, so the host exits 3 with model_error."""

raise RuntimeError("this algorithm is broken at import")
