"""The plain data of a batch: what readers hand the runner, and what the runner hands writers."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Error strings the summary counts apart from other failures; kept exact so a consumer can filter on them.
TIMEOUT = "timeout"
TOO_LARGE = "too large"
STATUSES = ("ok", "empty", "error", TIMEOUT, TOO_LARGE)


@dataclass(frozen=True, slots=True)
class Record:
    """One page to clean. `error` set means the reader could not get the page out (the runner passes it through)."""

    id: str
    url: str | None
    content: bytes | str
    kind: str = "auto"  # auto, text or html
    charset: str | None = None  # from the transport (HTTP Content-Type), tried before the page's own declaration
    error: str | None = None

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True, slots=True)
class Fields:
    """Which fields of a JSONL object or Parquet row hold what."""

    html: str = "html"
    text: str = "text"
    id: str = "id"
    url: str = "url"


@dataclass(frozen=True, slots=True)
class Output:
    """One line of the output file. `error` is None when the page was cleaned."""

    id: str
    url: str | None
    title: str | None = None
    body: str = ""
    captions: list[str] = field(default_factory=list)
    author: str | None = None
    date: str | None = None
    language: str | None = None
    confidence: float = 0.0
    ms: float | None = None
    error: str | None = None

    @property
    def status(self) -> str:
        if self.error in (TIMEOUT, TOO_LARGE):
            return self.error
        if self.error is not None:
            return "error"
        return "ok" if self.body.strip() else "empty"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def failed(cls, record: Record, error: str, ms: float | None = None) -> "Output":
        return cls(id=record.id, url=record.url, error=error, ms=ms)


OUTPUT_FIELDS = tuple(Output.__dataclass_fields__)


DEFAULT_FIELDS = Fields()
