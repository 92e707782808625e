"""Finding the model in an algorithm's source.

Researchers write models in several shapes: a ``create_model()`` factory, a
class named ``Model`` (often subclassing the SDK's ``Model``), or a single
class with another name. The rules below accept all of them without asking
authors to register anything, and fail with one clear sentence otherwise.
"""

import importlib.util
import os
import sys

__all__ = ["LoadError", "load_factory", "module_path"]

#: The name the algorithm's module is imported under. Fixed and private so
#: it can never shadow a standard or third-party module.
MODULE_NAME = "ledger_algorithm"


class LoadError(Exception):
    """The algorithm could not be loaded; str() says why."""


def module_path(path):
    """The .py file to import for ``path`` (a folder or a .py file)."""
    if os.path.isdir(path):
        candidate = os.path.join(path, "model.py")
        if not os.path.isfile(candidate):
            raise LoadError("%s has no model.py" % path)
        return candidate
    if os.path.isfile(path) and path.endswith(".py"):
        return path
    if not os.path.exists(path):
        raise LoadError("%s does not exist" % path)
    raise LoadError("%s is neither a folder nor a .py file" % path)


def _import(filename):
    """Import ``filename`` with its folder first on sys.path."""
    folder = os.path.dirname(os.path.abspath(filename))
    # The model may import modules that sit next to it.
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(MODULE_NAME, filename)
    if spec is None or spec.loader is None:
        raise LoadError("cannot import %s" % filename)
    module = importlib.util.module_from_spec(spec)
    # Registered before running so dataclasses, pickle and typing can find
    # the module by name while it executes.
    sys.modules[MODULE_NAME] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as exc:  # a model may even sys.exit() on import
        sys.modules.pop(MODULE_NAME, None)
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise LoadError("importing %s failed: %s" % (
            filename, describe(exc))) from exc
    return module


def _is_model_class(obj):
    return (isinstance(obj, type)
            and callable(getattr(obj, "update_book_status", None))
            and callable(getattr(obj, "trade", None)))


def _pick(module):
    factory = getattr(module, "create_model", None)
    if factory is not None:
        if not callable(factory):
            raise LoadError("create_model is not callable")
        return factory
    own = [obj for obj in vars(module).values()
           if isinstance(obj, type) and obj.__module__ == module.__name__]
    named = getattr(module, "Model", None)
    if named in own:
        if not _is_model_class(named):
            raise LoadError("class Model must define update_book_status() "
                            "and trade()")
        return named
    candidates = [cls for cls in own if _is_model_class(cls)]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise LoadError("no model found: define create_model(), a class "
                        "named Model, or one class with update_book_status() "
                        "and trade()")
    raise LoadError("several model classes (%s): name the one to use Model "
                    "or define create_model()"
                    % ", ".join(sorted(cls.__name__ for cls in candidates)))


def load_factory(path):
    """Import the algorithm at ``path``; return a callable making a model.

    ``path`` is a folder holding ``model.py`` or a ``.py`` file. The
    returned callable takes no arguments and is called once per ledger.
    Raises LoadError.
    """
    return _pick(_import(module_path(path)))


def describe(exc):
    """``"ExceptionType: first line"``, at most 500 characters."""
    try:
        text = str(exc).strip().splitlines()
    except Exception:  # a model's exception whose __str__ itself fails
        text = ["<unprintable message>"]
    line = "%s: %s" % (type(exc).__name__, text[0]) if text else \
        type(exc).__name__
    return line[:500]
