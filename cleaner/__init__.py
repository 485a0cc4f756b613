"""cleaner: boilerplate removal for scraped news pages, HTML or text dumps, with a label for every line."""
from __future__ import annotations

from .options import Options
from .types import CleanResult, Label, Line, Paragraph

__all__ = ["Cleaner", "CleanResult", "Label", "Line", "Options", "Paragraph", "clean"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # The pipeline imports scikit-learn; keep `import cleaner` light for tools that only need the types.
    if name in ("Cleaner", "clean"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
