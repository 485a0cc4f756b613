"""Per-block features from the text alone (shared by text dumps and HTML blocks), plus features from neighbours.

Kept cheap: one pass of string operations per block, then numpy shifts for the context window."""
from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from ..types import Block
from . import lexicon

TEXT_SCHEMA_VERSION = "text-5"  # 5: words, stopwords and sentence ends of unspaced scripts

_WORD = re.compile(r"\w+")

BASE_NAMES: tuple[str, ...] = (
    "log_chars", "log_words", "mean_word_len", "ends_sentence", "ends_colon", "n_sentences", "upper_share",
    "titlecase_share", "starts_upper", "digit_share", "date_cue", "bullet", "indent", "link_refs",
    "separators", "stopword_share", "comma_per_word", "quote_chars", "repeats", "teaser_header",
    "inline_teaser", "end_marker", "caption_cue", "ad_cue", "nav_cue", "pipe_suffix", "blank_before",
    "blank_after", "is_reference", "long_sentence", "has_paren", "email_or_url", "short_line",
)
# Neighbour features: the subset of base columns that says "prose or chrome?" about the lines around a block.
_CONTEXT_COLUMNS: tuple[str, ...] = (
    "log_words", "ends_sentence", "stopword_share", "bullet", "caption_cue", "teaser_header", "date_cue",
    "nav_cue", "ad_cue", "long_sentence", "separators",
)
_COLUMN = {name: i for i, name in enumerate(BASE_NAMES)}
_CONTEXT_INDEX = [_COLUMN[name] for name in _CONTEXT_COLUMNS]
_OFFSETS: tuple[int, ...] = (-3, -2, -1, 1, 2, 3)
_WINDOWS: tuple[int, ...] = (5, 15)


def _codepoint_masks(texts: list[str]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Character-class counts per block in one numpy pass over the page, instead of a Python loop per character."""
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    if _codepoint_counts is not None:  # the same counts in one compiled pass (features/_base.pyx)
        return lengths, _codepoint_counts(texts)
    joined = "\n".join(texts)
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    starts = np.zeros(len(texts), dtype=np.int64)
    starts[1:] = np.cumsum(lengths[:-1] + 1)
    digit = (cp >= 48) & (cp <= 57)
    upper = ((cp >= 65) & (cp <= 90)) | ((cp >= 0xC0) & (cp <= 0xDE) & (cp != 0xD7))
    lower = (cp >= 97) & (cp <= 122)
    other_letter = (cp >= 0xC0) & (cp != 0xD7) & (cp != 0xF7) & ~((cp >= 0x2000) & (cp <= 0x2BFF)) & ~((cp >= 0x3000) & (cp <= 0x303F)) & ~((cp >= 0xFF00) & (cp <= 0xFF20))
    word = digit | upper | lower | other_letter | (cp == 95)
    prev_word = np.zeros_like(word)
    prev_word[1:] = word[:-1]
    word_start = word & ~prev_word
    nxt = np.zeros_like(cp)
    nxt[:-1] = cp[1:]
    last_char = np.zeros(len(cp), dtype=bool)
    last_char[(starts + lengths - 1)[lengths > 0]] = True
    # ". " ends a sentence inside a line; "。" does wherever it is not the line's last character.
    sentence_break = (np.isin(cp, _SENTENCE_MARKS) & (nxt == 32)) | (np.isin(cp, _UNSPACED_MARKS) & ~last_char)
    unspaced = np.zeros(len(cp), dtype=bool)
    for low, high in lexicon.UNSPACED_RANGES:
        unspaced |= (cp >= low) & (cp <= high)
    masks = {
        "digit": digit,
        "upper": upper,
        "word": word,
        "word_start": word_start,
        "title_start": word_start & upper,
        "sentence_break": sentence_break,
        "separator": np.isin(cp, _SEPARATOR_CODES),
        "comma": cp == 44,
        "quote": np.isin(cp, _QUOTE_CODES),
        "unspaced": unspaced,
        "unspaced_stop": np.isin(cp, _UNSPACED_STOP_CODES),
    }
    safe_starts = np.minimum(starts, max(len(cp) - 1, 0))
    counts = {name: np.add.reduceat(mask.astype(np.int32), safe_starts) if len(cp) else np.zeros(len(texts)) for name, mask in masks.items()}
    # reduceat gives a zero-length block the count of the next position; blocks are never empty, but be safe.
    for arr in counts.values():
        arr[lengths == 0] = 0
    return lengths, counts


def _codes(chars) -> np.ndarray:
    codes = np.array(sorted(ord(c) for c in chars), dtype=np.uint32)
    codes.setflags(write=False)  # module-level constants: no caller may change them under another thread
    return codes


_SENTENCE_MARKS = _codes(".?!")
_UNSPACED_MARKS = _codes(lexicon.UNSPACED_SENTENCE_MARKS)
_UNSPACED_STOP_CODES = _codes(lexicon.UNSPACED_STOP_CHARS)
_SEPARATOR_CODES = _codes(lexicon.SEPARATORS)
_QUOTE_CODES = _codes('"“”«»„')
_PROSE_END = frozenset('.!?"”’。！？」』')
_LINE_END_MARKS = frozenset(".!?") | lexicon.UNSPACED_SENTENCE_MARKS
# Columns filled by the per-block loop in base_features, in the order that loop emits them.
_LOOP_COLUMNS: tuple[str, ...] = (
    "ends_sentence", "ends_colon", "n_sentences", "starts_upper", "date_cue", "bullet", "indent", "link_refs",
    "stopword_share", "repeats", "teaser_header", "end_marker", "inline_teaser", "caption_cue", "ad_cue", "nav_cue",
    "pipe_suffix", "blank_before", "blank_after", "is_reference", "long_sentence", "has_paren", "email_or_url",
)


_LOOP_INDEX = np.array([_COLUMN[name] for name in _LOOP_COLUMNS], dtype=np.intp)
_LOOP_INDEX.setflags(write=False)

try:  # the same loop and counts, compiled (features/_base.pyx); this module's code is the reference and fallback
    from ._base import codepoint_counts as _codepoint_counts
    from ._base import fill_loop_columns as _fill_loop_columns
except ImportError:
    _codepoint_counts = _fill_loop_columns = None


def base_features(blocks: tuple[Block, ...] | list[Block]) -> np.ndarray:
    n = len(blocks)
    if n == 0:
        return np.zeros((0, len(BASE_NAMES)), dtype=np.float32)
    texts = [b.text for b in blocks]
    lengths, counts = _codepoint_masks(texts)
    low_texts = [t.lower() for t in texts]
    repeats = Counter(low_texts)
    out = np.zeros((n, len(BASE_NAMES)), dtype=np.float32)
    # A \w+ run of an unspaced script is a phrase: its characters count, about two to a word (as rules/context.py's).
    unspaced_words = counts["unspaced"] // 2
    n_words = (counts["word_start"] + unspaced_words).astype(np.float32)
    safe_words = np.maximum(n_words, 1)
    safe_chars = np.maximum(lengths, 1).astype(np.float32)
    out[:, _COLUMN["log_chars"]] = np.log1p(lengths)
    out[:, _COLUMN["log_words"]] = np.log1p(n_words)
    out[:, _COLUMN["mean_word_len"]] = counts["word"] / safe_words
    out[:, _COLUMN["upper_share"]] = counts["upper"] / safe_chars
    out[:, _COLUMN["titlecase_share"]] = counts["title_start"] / safe_words
    out[:, _COLUMN["digit_share"]] = counts["digit"] / safe_chars
    out[:, _COLUMN["separators"]] = np.minimum(counts["separator"], 10)
    out[:, _COLUMN["comma_per_word"]] = counts["comma"] / safe_words
    out[:, _COLUMN["quote_chars"]] = counts["quote"]
    out[:, _COLUMN["short_line"]] = n_words <= 3
    sentence_breaks = counts["sentence_break"].tolist()
    has_digit = (counts["digit"] > 0).tolist()
    extra_words = unspaced_words.tolist()
    extra_stops = counts["unspaced_stop"].tolist()
    if _fill_loop_columns is not None:
        _fill_loop_columns(
            blocks, texts, low_texts, repeats, sentence_breaks, has_digit, extra_words, extra_stops, out, _LOOP_INDEX
        )
        return out
    rows = []
    teaser, end_marker, inline = lexicon.TEASER_HEADER.match, lexicon.END_MARKER.match, lexicon.INLINE_TEASER.match
    is_stop = lexicon.STOPWORDS.__contains__
    for i, (block, text, low) in enumerate(zip(blocks, texts, low_texts)):
        words = _WORD.findall(low)
        tokens = frozenset(words)
        nw = len(words) + extra_words[i]
        stop = sum(map(is_stop, words)) + extra_stops[i]
        last = text[-1]
        raw = block.raw
        rows.append((
            last in lexicon.SENTENCE_END and last != ":",
            last == ":",
            min(sentence_breaks[i] + (last in _LINE_END_MARKS), 10),
            text[0].isupper(),
            lexicon.date_cue(low, tokens, has_digit[i]),
            bool(block.bullet) or block.kind == "li",
            min(block.indent, 20) / 4.0,
            raw.count("[") if "[" in raw else 0,
            stop / nw if nw else 0.0,
            min(repeats[low] - 1, 5),
            nw <= 8 and teaser(text) is not None,
            nw <= 10 and end_marker(text) is not None,
            inline(text) is not None,
            lexicon.caption_cue(low, tokens),
            lexicon.ad_cue(low, tokens),
            lexicon.nav_cue(low, tokens),
            " | " in text and nw < 30,
            block.blank_before,
            block.blank_after,
            block.kind == "reference",
            nw >= 12 and stop >= 3 and last in _PROSE_END,
            "(" in text,
            "@" in text or "http" in low or "www." in low,
        ))
    out[:, [_COLUMN[name] for name in _LOOP_COLUMNS]] = np.asarray(rows, dtype=np.float32)
    return out


def _shift(column: np.ndarray, offset: int, fill: float) -> np.ndarray:
    out = np.full_like(column, fill)
    if offset > 0:
        out[:-offset] = column[offset:]
    elif offset < 0:
        out[-offset:] = column[:offset]
    return out


def _window_mean(column: np.ndarray, radius: int) -> np.ndarray:
    csum = np.concatenate(([0.0], np.cumsum(column, dtype=np.float64)))
    n = len(column)
    idx = np.arange(n)
    lo = np.clip(idx - radius, 0, n)
    hi = np.clip(idx + radius + 1, 0, n)
    return ((csum[hi] - csum[lo]) / np.maximum(hi - lo, 1)).astype(np.float32)


_CONTEXT_NAMES: tuple[str, ...] = (
    tuple(f"{name}@{off:+d}" for name in _CONTEXT_COLUMNS for off in _OFFSETS)
    + tuple(f"{kind}_mean_r{radius}" for radius in _WINDOWS for kind in ("prose", "words", "bullet"))
    + ("position", "before_prose", "after_prose", "inside_prose", "dist_prose_centre", "page_prose_share",
       "log_page_blocks", "end_markers_before", "teaser_header_recent")
)
_TEASER_RECENT_RADIUS = 4


def _index_array(values) -> np.ndarray:
    array = np.array(values, dtype=np.intp)
    array.setflags(write=False)
    return array


_CONTEXT_INDEX_ARRAY = _index_array(_CONTEXT_INDEX)
_OFFSETS_ARRAY = _index_array(_OFFSETS)
_WINDOWS_ARRAY = _index_array(_WINDOWS)

try:  # the same columns in one compiled pass (features/_base.pyx); the numpy code below is the reference
    from ._base import fill_context_columns as _fill_context_columns
except ImportError:
    _fill_context_columns = None


def context_features(base: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    n = base.shape[0]
    if _fill_context_columns is not None and n:
        prose_col, words_col = _COLUMN["long_sentence"], _COLUMN["log_words"]
        prose_idx = np.flatnonzero(base[:, prose_col] > 0)
        # np.average sums pairwise; the compiled pass takes its answer rather than redo that order of additions.
        centre = float(np.average(prose_idx, weights=np.exp(base[prose_idx, words_col]))) if prose_idx.size else math.nan
        out = np.empty((n, len(_CONTEXT_NAMES)), dtype=np.float32)
        _fill_context_columns(
            np.ascontiguousarray(base, dtype=np.float32), _CONTEXT_INDEX_ARRAY, _OFFSETS_ARRAY, _WINDOWS_ARRAY,
            prose_col, words_col, _COLUMN["bullet"], _COLUMN["end_marker"], _COLUMN["teaser_header"],
            _TEASER_RECENT_RADIUS, centre, out,
        )
        return out, _CONTEXT_NAMES
    col = {name: base[:, i] for i, name in enumerate(BASE_NAMES)}
    # Every neighbour column at once: pad the context columns with -1 rows above and below, then take one shifted
    # view per offset; (block, column, offset) flattens to the name-major order of the names below.
    reach = max(abs(off) for off in _OFFSETS)
    padded = np.full((n + 2 * reach, len(_CONTEXT_COLUMNS)), -1.0, dtype=base.dtype)
    padded[reach : reach + n] = base[:, _CONTEXT_INDEX]
    neighbours = np.stack([padded[reach + off : reach + off + n] for off in _OFFSETS], axis=2)
    neighbours = neighbours.reshape(n, len(_CONTEXT_COLUMNS) * len(_OFFSETS))
    parts: list[np.ndarray] = []
    names: list[str] = [f"{name}@{off:+d}" for name in _CONTEXT_COLUMNS for off in _OFFSETS]
    prose = col["long_sentence"]
    words = col["log_words"]
    for radius in _WINDOWS:
        parts.append(_window_mean(prose, radius))
        names.append(f"prose_mean_r{radius}")
        parts.append(_window_mean(words, radius))
        names.append(f"words_mean_r{radius}")
        parts.append(_window_mean(col["bullet"], radius))
        names.append(f"bullet_mean_r{radius}")
    # Where the block stands relative to the page's prose: chrome sits before the first and after the last paragraph.
    position = np.arange(n, dtype=np.float32) / max(n - 1, 1)
    prose_idx = np.flatnonzero(prose > 0)
    if prose_idx.size:
        first, last = prose_idx[0], prose_idx[-1]
        idx = np.arange(n)
        before = np.clip((first - idx) / max(n, 1), 0, None)
        after = np.clip((idx - last) / max(n, 1), 0, None)
        inside = ((idx >= first) & (idx <= last)).astype(np.float32)
        # The densest stretch of prose is the likely article; distance to its centre in blocks.
        centre = np.average(prose_idx, weights=np.exp(words[prose_idx]))
        dist_centre = np.abs(idx - centre) / max(n, 1)
        prose_share = prose_idx.size / n
    else:
        before = after = np.zeros(n)
        inside = np.zeros(n, dtype=np.float32)
        dist_centre = np.full(n, 0.5)
        prose_share = 0.0
    # Markers seen so far: once comments or a teaser header appeared, what follows is less likely to be body.
    end_seen = np.cumsum(col["end_marker"]) - col["end_marker"]
    teaser_seen_recent = _window_mean(_shift(col["teaser_header"], -1, 0.0), _TEASER_RECENT_RADIUS)
    parts += [
        position,
        before.astype(np.float32),
        after.astype(np.float32),
        inside,
        dist_centre.astype(np.float32),
        np.full(n, prose_share, dtype=np.float32),
        np.full(n, math.log1p(n), dtype=np.float32),
        np.minimum(end_seen, 3).astype(np.float32),
        teaser_seen_recent,
    ]
    names += [
        "position", "before_prose", "after_prose", "inside_prose", "dist_prose_centre", "page_prose_share",
        "log_page_blocks", "end_markers_before", "teaser_header_recent",
    ]
    if n == 0:
        return np.zeros((0, len(names)), dtype=np.float32), tuple(names)
    return np.hstack([neighbours, np.column_stack(parts).astype(np.float32)]), tuple(names)


def text_features(blocks: tuple[Block, ...] | list[Block]) -> tuple[np.ndarray, tuple[str, ...]]:
    base = base_features(blocks)
    ctx, ctx_names = context_features(base)
    return np.hstack([base, ctx]), BASE_NAMES + ctx_names
