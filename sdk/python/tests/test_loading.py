"""Which object becomes the model factory, and how loading fails."""

import itertools
import os
import tempfile
import textwrap
import unittest

from ledger_model.loading import LoadError, load_factory

from .support import model_dir

_unique = itertools.count()


class LoadingTest(unittest.TestCase):
    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.addCleanup(self._dir.cleanup)

    def write(self, source, name="model.py", folder=None):
        """Write ``source`` into a fresh folder; return the folder."""
        folder = folder or os.path.join(self._dir.name,
                                        "algo%d" % next(_unique))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, name), "w") as out:
            out.write(textwrap.dedent(source))
        return folder

    def load(self, source):
        return load_factory(self.write(source))

    def test_class_named_model_wins_over_other_classes(self):
        factory = self.load("""
            class Helper:
                def update_book_status(self, b): pass
                def trade(self): return []
            class Model:
                def update_book_status(self, b): pass
                def trade(self): return []
            """)
        self.assertEqual(factory.__name__, "Model")

    def test_imported_sdk_model_is_not_taken_for_the_model(self):
        factory = self.load("""
            from ledger_model import Model
            class Momentum(Model):
                def trade(self): return []
            """)
        self.assertEqual(factory.__name__, "Momentum")

    def test_own_model_subclassing_sdk_model(self):
        factory = self.load("""
            import ledger_model
            class Model(ledger_model.Model):
                def trade(self): return ["mine"]
            """)
        self.assertEqual(factory().trade(), ["mine"])

    def test_single_class_with_both_methods(self):
        factory = self.load("""
            import collections
            class NotAModel:
                def trade(self): return []
            class KrishAlgo:
                def update_book_status(self, b): pass
                def trade(self): return []
            """)
        self.assertEqual(factory.__name__, "KrishAlgo")

    def test_create_model_is_preferred(self):
        factory = self.load("""
            class Model:
                def __init__(self, n): self.n = n
                def update_book_status(self, b): pass
                def trade(self): return [self.n]
            def create_model():
                return Model(42)
            """)
        self.assertEqual(factory().trade(), [42])

    def test_py_file_path(self):
        folder = self.write("""
            class Algo:
                def update_book_status(self, b): pass
                def trade(self): return []
            """, name="my_algo.py")
        factory = load_factory(os.path.join(folder, "my_algo.py"))
        self.assertEqual(factory.__name__, "Algo")

    def test_folder_model_imports_its_siblings(self):
        sibling = "helpers_%d" % next(_unique)
        folder = self.write("SIZE = 3\n", name=sibling + ".py")
        self.write("""
            from %s import SIZE
            class Model:
                def update_book_status(self, b): pass
                def trade(self): return [SIZE]
            """ % sibling, folder=folder)
        self.assertEqual(load_factory(folder)().trade(), [3])

    def assertLoadError(self, path, fragment):
        with self.assertRaises(LoadError) as caught:
            load_factory(path)
        self.assertIn(fragment, str(caught.exception))
        self.assertNotIn("\n", str(caught.exception))

    def test_no_model(self):
        self.assertLoadError(self.write("x = 1\n"), "no model found")

    def test_several_candidates(self):
        self.assertLoadError(self.write("""
            class A:
                def update_book_status(self, b): pass
                def trade(self): return []
            class B(A):
                pass
            """), "several model classes (A, B)")

    def test_model_class_without_trade(self):
        self.assertLoadError(self.write("""
            class Model:
                def update_book_status(self, b): pass
            """), "class Model must define update_book_status() and trade()")

    def test_create_model_not_callable(self):
        self.assertLoadError(self.write("create_model = 3\n"),
                             "create_model is not callable")

    def test_missing_paths(self):
        missing = os.path.join(self._dir.name, "nothing")
        self.assertLoadError(missing, "does not exist")
        empty = os.path.join(self._dir.name, "empty")
        os.mkdir(empty)
        self.assertLoadError(empty, "has no model.py")
        text = self.write("x", name="notes.txt")
        self.assertLoadError(os.path.join(text, "notes.txt"),
                             "neither a folder nor a .py file")

    def test_syntax_error(self):
        self.assertLoadError(self.write("class Model(:\n"),
                             "failed: SyntaxError: ")

    def test_import_raising(self):
        self.assertLoadError(model_dir("fails_to_load"),
                             "failed: RuntimeError: this algorithm is broken "
                             "at import")

    def test_import_calling_sys_exit(self):
        self.assertLoadError(self.write("import sys\nsys.exit(2)\n"),
                             "failed: SystemExit: 2")


if __name__ == "__main__":
    unittest.main()
