"""Read corpora in the shared layout (one folder per page: source.html, truth.txt, optional labels.jsonl, meta.json),
split them by site, and render text dumps of their pages (cached, since w3m is the slow part)."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = Path(os.environ.get("CLEANER_CACHE", REPO_ROOT / ".cache"))
TEST_SHARE = 0.2  # share of sites held out for testing


def shared_corpora_dir() -> Path:
    return Path(os.environ.get("CLEANER_CORPORA", REPO_ROOT.parent / "shared" / "corpora"))


@dataclass(frozen=True, slots=True)
class Page:
    corpus: str
    page_id: str
    path: Path
    url: str
    site: str

    @property
    def html_path(self) -> Path:
        return self.path / "source.html"

    def html(self) -> str:
        return self.html_path.read_text(encoding="utf-8", errors="replace")

    def truth(self) -> str:
        return (self.path / "truth.txt").read_text(encoding="utf-8", errors="replace")

    def meta(self) -> dict:
        p = self.path / "meta.json"
        return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}

    def labels(self) -> list[dict] | None:
        p = self.path / "labels.jsonl"
        if not p.exists():
            return None
        with p.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    @property
    def split(self) -> str:
        return site_split(self.site)


def site_of(url: str | None, fallback: str) -> str:
    host = (urlparse(url).hostname or "") if url else ""
    host = host.lower().removeprefix("www.")
    return host or fallback


def site_split(site: str) -> str:
    """Deterministic by-site split: the same site always lands on the same side, on every machine."""
    bucket = int(hashlib.sha256(site.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if bucket < TEST_SHARE else "train"


def resolve_corpus(spec: str | os.PathLike, cache: Path = DEFAULT_CACHE) -> Path:
    """A folder, a .tar.xz of one, or a bare name looked up in ../shared/corpora (unpacked once into the cache)."""
    path = Path(spec)
    if path.is_dir():
        return path
    if not path.exists():
        candidate = shared_corpora_dir() / f"{spec}.tar.xz"
        if candidate.exists():
            path = candidate
        elif (shared_corpora_dir() / str(spec)).is_dir():
            return shared_corpora_dir() / str(spec)
        else:
            raise FileNotFoundError(f"no corpus named {spec!r} (looked for a folder, a .tar.xz, and {candidate})")
    if path.name.endswith((".tar.xz", ".tar.gz", ".tgz", ".tar")):
        name = path.name.split(".tar")[0].removesuffix(".tgz")
        target = cache / "corpora"
        out = target / name
        if not out.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            tmp = target / f".{name}.partial"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
            with tarfile.open(path) as tar:
                tar.extractall(tmp, filter="data")
            inner = tmp / name if (tmp / name).is_dir() else tmp
            inner.rename(out)
            shutil.rmtree(tmp, ignore_errors=True)
        return out
    raise ValueError(f"{spec}: not a corpus folder or archive")


def iter_pages(spec: str | os.PathLike, split: str | None = None, limit: int | None = None) -> list[Page]:
    root = resolve_corpus(spec)
    corpus = root.name
    pages: list[Page] = []
    for entry in sorted(root.iterdir()):
        if not (entry / "source.html").is_file() or not (entry / "truth.txt").is_file():
            continue
        meta_path = entry / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        url = meta.get("url") or ""
        # Pages without a URL (Readability's fixtures) are each their own site.
        site = site_of(url, fallback=f"{corpus}/{entry.name}")
        page = Page(corpus=corpus, page_id=entry.name, path=entry, url=url, site=site)
        if split and split != "all" and page.split != split:
            continue
        pages.append(page)
    if limit is not None:
        # A limit takes an evenly spread sample, not the first N folders, so it does not favour one site.
        step = max(1, len(pages) // limit) if limit else 1
        pages = pages[::step][:limit]
    return pages


# --- text dumps -------------------------------------------------------------------------------------------------

RENDERERS: dict[str, list[str]] = {
    "w3m": ["w3m", "-dump", "-cols", "10000", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8"],
    "w3m80": ["w3m", "-dump", "-cols", "80", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8"],
    "lynx": ["lynx", "-dump", "-nolist", "-width", "10000", "-assume_charset=utf-8", "-display_charset=utf-8", "-stdin"],
    # lynx as most people run it: 80 columns, each link numbered in the text and listed under "References" (not
    # trained on; a check on the wrapped-dump and link-list handling)
    "lynx80": ["lynx", "-dump", "-assume_charset=utf-8", "-display_charset=utf-8", "-stdin"],
    # An HTML-to-Markdown converter at its 78-column default, when the user has it (it is GPL: never a dependency).
    "html2text": [sys.executable, "-m", "html2text", "--body-width=78"],
    # Another, at its defaults (MIT; in the bench extra): lines not wrapped, headings underlined, links with titles.
    "markdownify": [sys.executable, "-c", "import sys; from markdownify import markdownify; sys.stdout.buffer.write("
                    "markdownify(sys.stdin.buffer.read().decode('utf-8', 'replace')).encode('utf-8', 'replace'))"],
}


def renderer_available(name: str) -> bool:
    if name == "htmltext":
        return True
    if name in ("html2text", "markdownify"):
        return importlib.util.find_spec(name) is not None
    return shutil.which(RENDERERS[name][0]) is not None


def render_dump(html: str, renderer: str = "w3m", timeout: float = 60.0) -> str:
    """Render HTML to a text dump the way a crawler's text browser would."""
    if renderer == "htmltext":
        from .segment.html import html_to_text  # our own DOM walk: no extra dependency

        return html_to_text(html)
    if renderer == "markdownify" and importlib.util.find_spec("markdownify") is not None:
        return _markdownify_here(html)
    cmd = RENDERERS[renderer]
    proc = subprocess.run(cmd, input=html.encode("utf-8", "replace"), capture_output=True, timeout=timeout)
    text = proc.stdout.decode("utf-8", "replace")
    if renderer.startswith("lynx"):
        # lynx resolves a page's relative links (a meta refresh's, say) against the temporary file it copied stdin
        # to, whose name is random: without this, two renders of one page differ and so do models trained on them.
        text = _LYNX_TEMP_FILE.sub("stdin.html", _LYNX_TEMP_DIR.sub("file://localhost/stdin/", text))
    return text


def _markdownify_here(html: str) -> str:
    """RENDERERS["markdownify"]'s output, made in this process: a Python start-up and import a page took three times
    as long as the conversion (2.81 s against 0.81 s for 12 corpus pages). The same text in and out (checked against
    the command on corpus pages, and in tests/test_align.py)."""
    import warnings

    from markdownify import markdownify

    with warnings.catch_warnings():
        # BeautifulSoup's advice about pages that look like XML, once a page: noise in a benchmark's output.
        warnings.simplefilter("ignore")
        text = markdownify(html.encode("utf-8", "replace").decode("utf-8", "replace"))
    return text.encode("utf-8", "replace").decode("utf-8", "replace")


_LYNX_TEMP_DIR = re.compile(r"file://localhost/tmp/lynx[A-Za-z0-9]+/")
_LYNX_TEMP_FILE = re.compile(r"(?<=file://localhost/stdin/)L\d+-\d+TMP\.html")


def renderer_digest(renderer: str) -> str:
    """What a dump depends on besides the page: the command line, or for our own renderer, the segmenter's code."""
    if renderer == "htmltext":
        return hashlib.sha1((Path(__file__).parent / "segment" / "html.py").read_bytes()).hexdigest()
    # A change to how a renderer's output is cleaned up must not be hidden by dumps cached before it.
    return " ".join(RENDERERS[renderer]) + (" | temp paths fixed" if renderer.startswith("lynx") else "")


def cached_dump(page: Page, renderer: str = "w3m", cache: Path = DEFAULT_CACHE) -> str:
    key = hashlib.sha1(f"{page.html_path.resolve()}|{renderer_digest(renderer)}".encode()).hexdigest()[:16]
    out = cache / "dumps" / renderer / page.corpus / f"{page.page_id}-{key}.txt"
    if out.exists():
        return out.read_text(encoding="utf-8")
    text = render_dump(page.html(), renderer)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    return text
