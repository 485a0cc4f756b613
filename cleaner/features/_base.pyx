# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The per-block loop of cleaner.features.text.base_features, compiled.

features/text.py holds the meaning of every column and stays the reference (and the fallback when this module was
not built); this loop writes the same values straight into the feature matrix. The lexicon's cue tests are
inlined here from the same word sets and patterns, so a change to features/lexicon.py changes both."""
from cpython.unicode cimport Py_UNICODE_ISALNUM

import numpy as np

from cleaner.features.lexicon import SEPARATORS as lexicon_separators
from cleaner.features.lexicon import (
    SENTENCE_END, STOPWORDS, TEASER_HEADER, END_MARKER, INLINE_TEASER, _CAPTION_WORDS, _CAPTION_PREFIX, _DURATION,
    _AD_MARKERS, _AD_WORDS, _AD_PHRASES, _SOCIAL_WORDS, _NAV_STARTS, _NAV_PHRASES, _DATE_WORDS,
    _YEAR_OR_NUMERIC_DATE, _ends_in_digit,
)

_PROSE_END = frozenset('.!?"”’')


cdef inline bint _is_word_char(Py_UCS4 c):
    return c == u'_' or Py_UNICODE_ISALNUM(c)


cpdef list words_of(str low):
    """re.findall(r"\\w+", low)."""
    cdef Py_ssize_t n = len(low)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t start
    cdef list out = []
    while i < n:
        if not _is_word_char(low[i]):
            i += 1
            continue
        start = i
        while i < n and _is_word_char(low[i]):
            i += 1
        out.append(low[start:i])
    return out


cdef bint _caption_cue(str low, frozenset tokens):
    if "©" in low:
        return True
    if ":" in low and _CAPTION_PREFIX.search(low):
        return True
    if tokens & _CAPTION_WORDS and ("(" in low or ":" in low or "/" in low or len(tokens) <= 6):
        return True
    return ":" in low and _ends_in_digit(low) and _DURATION.search(low) is not None


cdef bint _ad_cue(str low, frozenset tokens):
    if low.strip(" :.-–") in _AD_MARKERS:
        return True
    if tokens & _AD_WORDS:
        return True
    return _contains_any(low, _AD_PHRASES)


cdef bint _contains_any(str low, tuple phrases):
    """_AD_PHRASE_RE / _NAV_PHRASE_RE (alternations of escaped literals): str's substring search per phrase is
    several times faster than the regex engine trying every phrase at every position."""
    for phrase in phrases:
        if phrase in low:
            return True
    return False


cdef bint _nav_cue(str low, frozenset tokens):
    if tokens & _SOCIAL_WORDS:
        return True
    if low.startswith(_NAV_STARTS):
        return True
    return _contains_any(low, _NAV_PHRASES)


cdef bint _date_cue(str low, frozenset tokens, bint has_digit):
    if not has_digit:
        return False
    if tokens & _DATE_WORDS:
        return True
    return _YEAR_OR_NUMERIC_DATE.search(low) is not None


def fill_loop_columns(blocks, list texts, list low_texts, repeats, list sentence_breaks, list has_digit,
                      float[:, :] out, const Py_ssize_t[:] columns):
    """out[i, columns[k]] = the k-th of text.py's _LOOP_COLUMNS for block i."""
    cdef Py_ssize_t i
    cdef Py_ssize_t n = len(texts)
    cdef Py_ssize_t nw
    cdef Py_ssize_t stop
    cdef list words
    cdef frozenset tokens
    cdef str text
    cdef str low
    cdef str raw
    cdef Py_UCS4 last
    cdef long breaks
    for i in range(n):
        block = blocks[i]
        text = texts[i]
        low = low_texts[i]
        words = words_of(low)
        tokens = frozenset(words)
        nw = len(words)
        stop = 0
        for word in words:
            if word in STOPWORDS:
                stop += 1
        last = text[len(text) - 1]
        raw = block.raw
        kind = block.kind
        breaks = sentence_breaks[i] + (1 if last == u'.' or last == u'!' or last == u'?' else 0)
        out[i, columns[0]] = last in SENTENCE_END and last != u':'
        out[i, columns[1]] = last == u':'
        out[i, columns[2]] = breaks if breaks < 10 else 10
        out[i, columns[3]] = text[0].isupper()
        out[i, columns[4]] = _date_cue(low, tokens, has_digit[i])
        out[i, columns[5]] = bool(block.bullet) or kind == "li"
        out[i, columns[6]] = min(block.indent, 20) / 4.0
        out[i, columns[7]] = raw.count("[") if "[" in raw else 0
        out[i, columns[8]] = stop / nw if nw else 0.0
        out[i, columns[9]] = min(repeats[low] - 1, 5)
        out[i, columns[10]] = nw <= 8 and TEASER_HEADER.match(text) is not None
        out[i, columns[11]] = nw <= 10 and END_MARKER.match(text) is not None
        out[i, columns[12]] = INLINE_TEASER.match(text) is not None
        out[i, columns[13]] = _caption_cue(low, tokens)
        out[i, columns[14]] = _ad_cue(low, tokens)
        out[i, columns[15]] = _nav_cue(low, tokens)
        out[i, columns[16]] = " | " in text and nw < 30
        out[i, columns[17]] = block.blank_before
        out[i, columns[18]] = block.blank_after
        out[i, columns[19]] = kind == "reference"
        out[i, columns[20]] = nw >= 12 and stop >= 3 and last in _PROSE_END
        out[i, columns[21]] = "(" in text
        out[i, columns[22]] = "@" in text or "http" in low or "www." in low


cpdef Py_ssize_t count_word_runs(str text):
    """len(re.findall(r"\\w+", text)), without building the list."""
    cdef Py_ssize_t n = len(text)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t runs = 0
    cdef bint inside = False
    for i in range(n):
        if _is_word_char(text[i]):
            if not inside:
                runs += 1
                inside = True
        else:
            inside = False
    return runs


_COUNT_NAMES = ("digit", "upper", "word", "word_start", "title_start", "sentence_break", "separator", "comma", "quote")
# The character sets as C arrays, filled once at import from the same definitions text.py uses.
cdef Py_UCS4 _SEPARATOR_CODES[32]
cdef Py_UCS4 _QUOTE_CODES[32]
cdef int _N_SEPARATORS = 0
cdef int _N_QUOTES = 0
for _char in sorted(lexicon_separators)[:32]:
    _SEPARATOR_CODES[_N_SEPARATORS] = ord(_char)
    _N_SEPARATORS += 1
for _char in sorted('"“”«»„'):
    _QUOTE_CODES[_N_QUOTES] = ord(_char)
    _N_QUOTES += 1
if len(lexicon_separators) > 32:
    raise ImportError("features/_base.pyx holds at most 32 separator characters")


cdef inline bint _among(Py_UCS4 c, Py_UCS4 *codes, int n):
    cdef int k
    for k in range(n):
        if codes[k] == c:
            return True
    return False


cdef inline bint _is_upper(Py_UCS4 c):
    return (65 <= c <= 90) or (0xC0 <= c <= 0xDE and c != 0xD7)


cdef inline bint _is_counted_word(Py_UCS4 c):
    """text.py's word mask: ASCII letters and digits, '_', and code points from U+00C0 up that are not
    punctuation blocks (general punctuation to misc. symbols, CJK punctuation, full-width ASCII punctuation)."""
    if 48 <= c <= 57 or _is_upper(c) or 97 <= c <= 122 or c == 95:
        return True
    return (
        c >= 0xC0 and c != 0xD7 and c != 0xF7 and not (0x2000 <= c <= 0x2BFF) and not (0x3000 <= c <= 0x303F)
        and not (0xFF00 <= c <= 0xFF20)
    )


def codepoint_counts(list texts):
    """text.py's _codepoint_masks counts, one pass per block: {name: int32 array over blocks}."""
    cdef Py_ssize_t n = len(texts)
    cdef Py_ssize_t i, j, length
    cdef Py_UCS4 c
    cdef bint word, prev_word
    cdef str text
    table = np.zeros((len(_COUNT_NAMES), n), dtype=np.int32)
    cdef int[:, :] counts = table
    for i in range(n):
        text = texts[i]
        length = len(text)
        prev_word = False
        for j in range(length):
            c = text[j]
            word = _is_counted_word(c)
            if 48 <= c <= 57:
                counts[0, i] += 1
            if _is_upper(c):
                counts[1, i] += 1
            if word:
                counts[2, i] += 1
                if not prev_word:
                    counts[3, i] += 1
                    if _is_upper(c):
                        counts[4, i] += 1
            if (c == u'.' or c == u'?' or c == u'!') and j + 1 < length and text[j + 1] == u' ':
                counts[5, i] += 1
            if c == u',':
                counts[7, i] += 1
            if _among(c, _SEPARATOR_CODES, _N_SEPARATORS):  # '»' is both a separator and a quote
                counts[6, i] += 1
            if _among(c, _QUOTE_CODES, _N_QUOTES):
                counts[8, i] += 1
            prev_word = word
    return {name: table[k] for k, name in enumerate(_COUNT_NAMES)}
