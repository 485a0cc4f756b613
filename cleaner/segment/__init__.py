"""Segmenters: text dumps (text.py) and HTML (html.py)."""
# html.py and text.py load their compiled loops (_walk.pyx, _text.pyx) at their end, and those read the Python
# module's definitions. Importing html.py and text.py here makes that order hold even when a caller imports a
# compiled module first; the other way round, the Python module would meet a half-imported compiled one and
# quietly fall back to its Python loop.
from . import html as _html  # noqa: F401
from . import text as _text_module  # noqa: F401
