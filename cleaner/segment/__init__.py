"""Segmenters: text dumps (text.py) and HTML (html.py)."""
# html.py loads its compiled walk (_walk.pyx) at its end, and _walk reads html.py's definitions. Importing html.py
# here makes that order hold even when a caller imports cleaner.segment._walk first; the other way round, html.py
# would meet a half-imported _walk and quietly fall back to the Python walk.
from . import html as _html  # noqa: F401
