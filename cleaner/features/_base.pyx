# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The per-block loop of cleaner.features.text.base_features, compiled.

features/text.py holds the meaning of every column and stays the reference (and the fallback when this module was
not built); this loop writes the same values straight into the feature matrix. The lexicon's cue tests are
inlined here from the same word sets and patterns, so a change to features/lexicon.py changes both."""
from cpython.unicode cimport PyUnicode_Find, Py_UNICODE_ISALNUM, Py_UNICODE_ISDECIMAL, Py_UNICODE_ISSPACE, Py_UNICODE_ISUPPER, Py_UNICODE_TOLOWER, PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ

from libc.math cimport INFINITY, NAN, fabs, ldexp, log1p
from libc.stdlib cimport free, malloc, qsort, realloc
from libc.string cimport memset

import numpy as np

from cleaner.features.lexicon import SEPARATORS as lexicon_separators
from cleaner.features.lexicon import (
    SENTENCE_END, STOPWORDS, _CAPTION_WORDS, _CAPTION_PREFIX, _DURATION,
    _AD_MARKERS, _AD_WORDS, _AD_PHRASES, _SOCIAL_WORDS, _NAV_STARTS, _NAV_PHRASES, _DATE_WORDS,
    _ends_in_digit, TEASER_HEADERS, INLINE_TEASERS, END_MARKERS, UNSPACED_RANGES, UNSPACED_STOP_CHARS,
    UNSPACED_SENTENCE_MARKS,
)

_PROSE_END = frozenset('.!?"”’。！？」』')  # text.py's


# ---- The cue tests, compiled. --------------------------------------------------------------------------------
# lexicon.py states each cue as set intersections, substring tests and anchored regexes over the lower-cased line.
# Here the same tests run off one scan of the line: each word is hashed as it is read and looked up in a C table
# built at import from the lexicon's word sets (the word's characters are compared too, so a hash collision cannot
# change an answer); the lexicon's phrases are looked for at the positions where their first character occurs;
# and the three anchored regexes only run on lines whose first two characters can start them.

cdef extern from *:
    """
    #define cleaner_popcount64(x) __builtin_popcountll(x)
    #define CLEANER_FNV_OFFSET 14695981039346656037ULL
    #define CLEANER_FNV_PRIME 1099511628211ULL
    """
    unsigned long long CLEANER_FNV_OFFSET
    unsigned long long CLEANER_FNV_PRIME
    int cleaner_popcount64(unsigned long long x) nogil

cdef enum:
    _W_STOP = 1
    _W_DATE = 2
    _W_CAPTION = 4
    _W_AD = 8
    _W_SOCIAL = 16
    _TABLE_SIZE = 2048  # a power of two, several times the number of lexicon words
    _MAX_WORD = 40
    _POOL_SIZE = 16384
    _G_AD = 1
    _G_NAV = 2
    _G_NAV_START = 4
    _MAX_PHRASES = 96
    _MAX_PER_CHAR = 16

cdef struct _Entry:
    unsigned long long hash
    int length  # 0 marks an empty slot
    int flags
    int offset  # into _POOL

cdef _Entry _TABLE[_TABLE_SIZE]
cdef Py_UCS4 _POOL[_POOL_SIZE]
cdef int _POOL_USED = 0

cdef int _PHRASE_OFFSET[_MAX_PHRASES]
cdef int _PHRASE_LENGTH[_MAX_PHRASES]
cdef int _PHRASE_GROUP[_MAX_PHRASES]
cdef int _N_PHRASES = 0
cdef int _BY_FIRST[128][_MAX_PER_CHAR]  # phrase ids by first character (every phrase starts with ASCII)
cdef int _N_BY_FIRST[128]
cdef unsigned char _PAIR_GROUPS[128 * 128]  # by first two characters: the groups of the phrases that start so

cdef unsigned char _ASCII_WORD[128]
cdef Py_UCS4 _SENTENCE_END_CODES[32]
cdef int _N_SENTENCE_END = 0
cdef Py_UCS4 _PROSE_END_CODES[32]
cdef int _N_PROSE_END = 0


cdef inline bint _is_word_char(Py_UCS4 c):
    """What \\w matches in a str pattern: "_" and the alphanumerics (ASCII from a table filled at import)."""
    if c < 128:
        return _ASCII_WORD[c]
    return Py_UNICODE_ISALNUM(c)


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


cdef int _pool_add(str text) except -1:
    global _POOL_USED
    cdef Py_ssize_t k
    if _POOL_USED + len(text) > _POOL_SIZE:
        raise ImportError("features/_base.pyx: the lexicon outgrew the compiled tables")
    offset = _POOL_USED
    for k in range(len(text)):
        _POOL[_POOL_USED] = text[k]
        _POOL_USED += 1
    return offset


cdef unsigned long long _hash_of(str word):
    cdef unsigned long long h = CLEANER_FNV_OFFSET
    cdef Py_UCS4 c
    for c in word:
        h = (h ^ <unsigned long long>c) * CLEANER_FNV_PRIME
    return h


cdef void _add_word(str word, int flag) except *:
    cdef unsigned long long h
    cdef int slot, k
    cdef bint same
    if len(word) == 0 or len(word) > _MAX_WORD or not all(ch == "_" or ch.isalnum() for ch in word):
        return  # never a \w+ token ("e-mail"), so never in a line's token set either
    h = _hash_of(word)
    slot = <int>(h & (_TABLE_SIZE - 1))
    while _TABLE[slot].length:
        if _TABLE[slot].hash == h and _TABLE[slot].length == len(word):
            same = True
            for k in range(len(word)):
                if _POOL[_TABLE[slot].offset + k] != <Py_UCS4>ord(word[k]):
                    same = False
            if same:
                _TABLE[slot].flags |= flag
                return
        slot = (slot + 1) & (_TABLE_SIZE - 1)
    _TABLE[slot].hash = h
    _TABLE[slot].length = len(word)
    _TABLE[slot].flags = flag
    _TABLE[slot].offset = _pool_add(word)


cdef void _add_phrase(str phrase, int group) except *:
    global _N_PHRASES
    cdef int first
    if not phrase or ord(phrase[0]) >= 128 or _N_PHRASES >= _MAX_PHRASES:
        raise ImportError(f"features/_base.pyx cannot hold the lexicon phrase {phrase!r}")
    first = ord(phrase[0])
    if _N_BY_FIRST[first] >= _MAX_PER_CHAR:
        raise ImportError("features/_base.pyx: too many lexicon phrases share a first character")
    if len(phrase) < 2 or ord(phrase[1]) >= 128:
        raise ImportError(f"features/_base.pyx needs two ASCII characters to start the phrase {phrase!r}")
    _PAIR_GROUPS[first * 128 + ord(phrase[1])] |= group
    _PHRASE_OFFSET[_N_PHRASES] = _pool_add(phrase)
    _PHRASE_LENGTH[_N_PHRASES] = len(phrase)
    _PHRASE_GROUP[_N_PHRASES] = group
    _BY_FIRST[first][_N_BY_FIRST[first]] = _N_PHRASES
    _N_BY_FIRST[first] += 1
    _N_PHRASES += 1


cdef list _cells(phrases):
    """AnchoredPhrases.by_start as a flat list indexed by first * 128 + second character (lower-cased ASCII)."""
    cells = [None] * (128 * 128)
    for key, narrow in phrases.by_start.items():
        cells[ord(key[0]) * 128 + ord(key[1])] = narrow
    return cells


cdef void _fill_codes(str chars, Py_UCS4 *codes, int *count) except *:
    if len(chars) > 32:
        raise ImportError("features/_base.pyx holds at most 32 sentence-end characters")
    for ch in sorted(chars):
        codes[count[0]] = ord(ch)
        count[0] += 1


def _build_tables():
    for c in range(128):
        _ASCII_WORD[c] = chr(c) == "_" or chr(c).isalnum()
    for words, flag in ((STOPWORDS, _W_STOP), (_DATE_WORDS, _W_DATE), (_CAPTION_WORDS, _W_CAPTION),
                        (_AD_WORDS, _W_AD), (_SOCIAL_WORDS, _W_SOCIAL)):
        for word in sorted(words):
            _add_word(word, flag)
    for phrases, group in ((_AD_PHRASES, _G_AD), (_NAV_PHRASES, _G_NAV), (_NAV_STARTS, _G_NAV_START)):
        for phrase in phrases:
            _add_phrase(phrase, group)
    _fill_codes("".join(SENTENCE_END), _SENTENCE_END_CODES, &_N_SENTENCE_END)
    _fill_codes("".join(_PROSE_END), _PROSE_END_CODES, &_N_PROSE_END)


_build_tables()
cdef list _TEASER_CELLS = _cells(TEASER_HEADERS)
cdef list _INLINE_CELLS = _cells(INLINE_TEASERS)
cdef list _END_CELLS = _cells(END_MARKERS)


cdef inline bint _in_codes(Py_UCS4 c, Py_UCS4 *codes, int n):
    cdef int k
    for k in range(n):
        if codes[k] == c:
            return True
    return False


cdef int _lookup(int kind, void *data, Py_ssize_t start, Py_ssize_t length, unsigned long long h):
    cdef int slot
    cdef Py_ssize_t k
    cdef int offset
    if length > _MAX_WORD:
        return 0
    slot = <int>(h & (_TABLE_SIZE - 1))
    while _TABLE[slot].length:
        if _TABLE[slot].hash == h and _TABLE[slot].length == length:
            offset = _TABLE[slot].offset
            for k in range(length):
                if _POOL[offset + k] != PyUnicode_READ(kind, data, start + k):
                    break
            else:
                return _TABLE[slot].flags
        slot = (slot + 1) & (_TABLE_SIZE - 1)
    return 0


cdef inline bint _phrase_at(int phrase, int kind, void *data, Py_ssize_t n, Py_ssize_t at):
    cdef int length = _PHRASE_LENGTH[phrase]
    cdef int offset = _PHRASE_OFFSET[phrase]
    cdef int k
    if at + length > n:
        return False
    for k in range(1, length):  # the first character was matched by the caller
        if _POOL[offset + k] != PyUnicode_READ(kind, data, at + k):
            return False
    return True


cdef int _phrase_groups(str low, int wanted):
    """Which of the wanted phrase groups occur in low: _G_AD and _G_NAV anywhere, _G_NAV_START at the start."""
    cdef int kind = PyUnicode_KIND(low)
    cdef void *data = PyUnicode_DATA(low)
    cdef Py_ssize_t n = len(low)
    cdef Py_ssize_t i
    cdef int found = 0
    cdef int k, phrase, group
    cdef Py_UCS4 c, d
    if n == 0:
        return 0
    c = PyUnicode_READ(kind, data, 0)
    if wanted & _G_NAV_START and c < 128:
        for k in range(_N_BY_FIRST[c]):
            phrase = _BY_FIRST[c][k]
            if _PHRASE_GROUP[phrase] == _G_NAV_START and _phrase_at(phrase, kind, data, n, 0):
                found |= _G_NAV_START
                break
    wanted &= _G_AD | _G_NAV
    if (found & wanted) == wanted:
        return found
    # Every phrase is at least two ASCII characters long: a position whose pair starts no wanted phrase is passed by
    # with one table read, which settles nearly all of them.
    d = PyUnicode_READ(kind, data, 0)
    for i in range(n - 1):
        c = d
        d = PyUnicode_READ(kind, data, i + 1)
        if c >= 128 or d >= 128 or not (_PAIR_GROUPS[<int> c * 128 + <int> d] & wanted & ~found):
            continue
        for k in range(_N_BY_FIRST[c]):
            phrase = _BY_FIRST[c][k]
            group = _PHRASE_GROUP[phrase]
            if group & wanted and not group & found and _phrase_at(phrase, kind, data, n, i):
                found |= group
        if (found & wanted) == wanted:
            break
    return found


cdef bint _anchored(object phrases, list cells, str text):
    """phrases.match(text) (lexicon.AnchoredPhrases), with the narrow regex picked from a flat table."""
    cdef Py_UCS4 first, second
    cdef int a, b
    if len(text) >= 2:
        first = text[0]
        second = text[1]
        a = <int>first
        b = <int>second
        if a < 128 and b < 128:
            if 65 <= a <= 90:
                a += 32
            if 65 <= b <= 90:
                b += 32
            narrow = cells[a * 128 + b]
            return narrow is not None and narrow.match(text) is not None
    return phrases.pattern.match(text) is not None


cdef inline bint _digit(int kind, void *data, Py_ssize_t n, Py_ssize_t i):
    return i < n and Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, i))


cdef inline bint _word_at(int kind, void *data, Py_ssize_t n, Py_ssize_t i):
    return 0 <= i < n and _is_word_char(PyUnicode_READ(kind, data, i))


cdef inline Py_ssize_t _digit_run(int kind, void *data, Py_ssize_t n, Py_ssize_t i):
    cdef Py_ssize_t j = i
    while j < n and Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, j)):
        j += 1
    return j - i


cpdef bint year_or_numeric_date(str low):
    """lexicon._YEAR_OR_NUMERIC_DATE.search(low) is not None, without the regex engine trying every position:
    r"\b(?:19|20)\d\d\b" or r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b", with \d and \b as the re module reads them in a
    str pattern (decimal digits; word characters are alphanumerics and "_")."""
    cdef int kind = PyUnicode_KIND(low)
    cdef void *data = PyUnicode_DATA(low)
    cdef Py_ssize_t n = len(low)
    cdef Py_ssize_t i, j, run
    cdef Py_UCS4 c, d
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if not Py_UNICODE_ISDECIMAL(c) or _word_at(kind, data, n, i - 1):
            continue
        # A year: "19" or "20" and two more digits, then no word character.
        if i + 3 < n and (c == u'1' or c == u'2'):
            d = PyUnicode_READ(kind, data, i + 1)
            if ((c == u'1' and d == u'9') or (c == u'2' and d == u'0')) and _digit(kind, data, n, i + 2) \
                    and _digit(kind, data, n, i + 3) and not _word_at(kind, data, n, i + 4):
                return True
        # A numeric date: runs of 1-2, 1-2 and 2-4 digits joined by "." or "/"; \d{1,2} followed by [./] can only
        # take a whole run of digits, and \d{2,4}\b only a whole run of 2 to 4 digits that no word character follows.
        run = _digit_run(kind, data, n, i)
        if run > 2 or i + run >= n or PyUnicode_READ(kind, data, i + run) not in u"./":
            continue
        j = i + run + 1
        run = _digit_run(kind, data, n, j)
        if run < 1 or run > 2 or j + run >= n or PyUnicode_READ(kind, data, j + run) not in u"./":
            continue
        j = j + run + 1
        run = _digit_run(kind, data, n, j)
        if 2 <= run <= 4 and not _word_at(kind, data, n, j + run):
            return True
    return False


def fill_loop_columns(blocks, list texts, list low_texts, repeats, list sentence_breaks, list has_digit,
                      list extra_words, list extra_stops, float[:, :] out, const Py_ssize_t[:] columns):
    """out[i, columns[k]] = the k-th of text.py's _LOOP_COLUMNS for block i."""
    cdef Py_ssize_t i, j, n_chars, word_start
    cdef Py_ssize_t n = len(texts)
    cdef Py_ssize_t nw
    cdef Py_ssize_t stop
    cdef int flags, word_flags, kind_low, groups, wanted
    cdef void *data
    cdef unsigned long long h
    cdef bint in_word, has_paren, has_colon, has_slash, has_copyright, digit, caption, ad, nav, date
    cdef str text
    cdef str low
    cdef str raw
    cdef Py_UCS4 last, c
    cdef long breaks
    for i in range(n):
        block = blocks[i]
        text = texts[i]
        low = low_texts[i]
        # One pass over the line: word count, stopwords, which lexicon word sets it touches, a few characters.
        kind_low = PyUnicode_KIND(low)
        data = PyUnicode_DATA(low)
        n_chars = len(low)
        nw = stop = 0
        word_flags = 0
        in_word = has_paren = has_colon = has_slash = has_copyright = False
        h = CLEANER_FNV_OFFSET
        word_start = 0
        for j in range(n_chars + 1):
            c = PyUnicode_READ(kind_low, data, j) if j < n_chars else 0
            if j < n_chars and _is_word_char(c):
                if not in_word:
                    in_word = True
                    word_start = j
                    h = CLEANER_FNV_OFFSET
                h = (h ^ <unsigned long long>c) * CLEANER_FNV_PRIME
                continue
            if in_word:
                in_word = False
                nw += 1
                flags = _lookup(kind_low, data, word_start, j - word_start, h)
                if flags & _W_STOP:
                    stop += 1
                word_flags |= flags
            if c == u'(':
                has_paren = True
            elif c == u':':
                has_colon = True
            elif c == u'/':
                has_slash = True
            elif c == u'©':
                has_copyright = True
        nw += <Py_ssize_t> extra_words[i]  # an unspaced script's characters, about two to a word
        stop += <Py_ssize_t> extra_stops[i]
        last = text[len(text) - 1]
        raw = block.raw
        kind = block.kind
        digit = has_digit[i]
        breaks = sentence_breaks[i] + (
            1 if last == u'.' or last == u'!' or last == u'?' or _among(last, _UNSPACED_MARK_CODES, _N_UNSPACED_MARKS)
            else 0
        )
        date = digit and ((word_flags & _W_DATE) != 0 or year_or_numeric_date(low))
        # lexicon.caption_cue, in its order
        caption = (
            has_copyright
            or (has_colon and _CAPTION_PREFIX.search(low) is not None)
            or ((word_flags & _W_CAPTION) != 0 and (has_paren or has_colon or has_slash or len(frozenset(words_of(low))) <= 6))
            or (has_colon and _ends_in_digit(low) and _DURATION.search(low) is not None)
        )
        # lexicon.ad_cue and nav_cue; a marker has at most two words, and strip() only removes non-word characters
        ad = (nw <= 2 and low.strip(" :.-–") in _AD_MARKERS) or (word_flags & _W_AD) != 0
        nav = (word_flags & _W_SOCIAL) != 0
        wanted = (0 if ad else _G_AD) | (0 if nav else _G_NAV | _G_NAV_START)
        if wanted:
            groups = _phrase_groups(low, wanted)
            ad = ad or (groups & _G_AD) != 0
            nav = nav or (groups & (_G_NAV | _G_NAV_START)) != 0
        out[i, columns[0]] = _in_codes(last, _SENTENCE_END_CODES, _N_SENTENCE_END) and last != u':'
        out[i, columns[1]] = last == u':'
        out[i, columns[2]] = breaks if breaks < 10 else 10
        out[i, columns[3]] = Py_UNICODE_ISUPPER(text[0])
        out[i, columns[4]] = date
        out[i, columns[5]] = bool(block.bullet) or kind == "li"
        out[i, columns[6]] = min(block.indent, 20) / 4.0
        out[i, columns[7]] = raw.count("[") if "[" in raw else 0
        out[i, columns[8]] = stop / nw if nw else 0.0
        out[i, columns[9]] = min(repeats[low] - 1, 5)
        out[i, columns[10]] = nw <= 8 and _anchored(TEASER_HEADERS, _TEASER_CELLS, text)
        out[i, columns[11]] = nw <= 10 and _anchored(END_MARKERS, _END_CELLS, text)
        out[i, columns[12]] = _anchored(INLINE_TEASERS, _INLINE_CELLS, text)
        out[i, columns[13]] = caption
        out[i, columns[14]] = ad
        out[i, columns[15]] = nav
        out[i, columns[16]] = " | " in text and nw < 30
        out[i, columns[17]] = block.blank_before
        out[i, columns[18]] = block.blank_after
        out[i, columns[19]] = kind == "reference"
        out[i, columns[20]] = nw >= 12 and stop >= 3 and _in_codes(last, _PROSE_END_CODES, _N_PROSE_END)
        out[i, columns[21]] = "(" in text
        out[i, columns[22]] = "@" in text or "http" in low or "www." in low


_COUNT_NAMES = (
    "digit", "upper", "word", "word_start", "title_start", "sentence_break", "separator", "comma", "quote", "unspaced",
    "unspaced_stop",
)
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
cdef Py_UCS4 _UNSPACED_STOP_CODES[64]
cdef int _N_UNSPACED_STOPS = 0
cdef Py_UCS4 _UNSPACED_MARK_CODES[8]
cdef int _N_UNSPACED_MARKS = 0
if len(UNSPACED_STOP_CHARS) > 64 or len(UNSPACED_SENTENCE_MARKS) > 8:
    raise ImportError("features/_base.pyx holds at most 64 unspaced stop characters and 8 sentence marks")
for _char in sorted(UNSPACED_STOP_CHARS):
    _UNSPACED_STOP_CODES[_N_UNSPACED_STOPS] = ord(_char)
    _N_UNSPACED_STOPS += 1
for _char in sorted(UNSPACED_SENTENCE_MARKS):
    _UNSPACED_MARK_CODES[_N_UNSPACED_MARKS] = ord(_char)
    _N_UNSPACED_MARKS += 1
if tuple(UNSPACED_RANGES) != ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3040, 0x30FF),
                              (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)):
    raise ImportError("lexicon.UNSPACED_RANGES changed: update _unspaced in features/_base.pyx")


cdef inline bint _among(Py_UCS4 c, Py_UCS4 *codes, int n):
    cdef int k
    for k in range(n):
        if codes[k] == c:
            return True
    return False


cdef inline bint _unspaced(Py_UCS4 c):
    """lexicon.UNSPACED_RANGES (the character class of lexicon.UNSPACED)."""
    return (
        0x0E00 <= c <= 0x0EFF or 0x1000 <= c <= 0x109F or 0x1780 <= c <= 0x17FF or 0x3040 <= c <= 0x30FF
        or 0x3400 <= c <= 0x4DBF or 0x4E00 <= c <= 0x9FFF or 0xF900 <= c <= 0xFAFF
    )


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


cdef enum:
    _F_DIGIT = 1
    _F_UPPER = 2
    _F_WORD = 4
    _F_SENTENCE_MARK = 8  # . ? !
    _F_COMMA = 16
    _F_SEPARATOR = 32
    _F_QUOTE = 64


cdef inline unsigned char _flags_of(Py_UCS4 c) noexcept:
    """Every class codepoint_counts counts, as bits: the reference the Latin-1 table below is built from."""
    cdef unsigned char f = 0
    if 48 <= c <= 57:
        f |= _F_DIGIT
    if _is_upper(c):
        f |= _F_UPPER
    if _is_counted_word(c):
        f |= _F_WORD
    if c == u'.' or c == u'?' or c == u'!':
        f |= _F_SENTENCE_MARK
    if c == u',':
        f |= _F_COMMA
    if _among(c, _SEPARATOR_CODES, _N_SEPARATORS):  # '»' is both a separator and a quote
        f |= _F_SEPARATOR
    if _among(c, _QUOTE_CODES, _N_QUOTES):
        f |= _F_QUOTE
    return f


# Most text is Latin-1: one table load gives all its classes, where the tests above cost a dozen comparisons.
cdef unsigned char _LATIN1_FLAGS[256]
for _code in range(256):
    _LATIN1_FLAGS[_code] = _flags_of(_code)


def codepoint_counts(list texts):
    """text.py's _codepoint_masks counts, one pass per block: {name: int32 array over blocks}."""
    cdef Py_ssize_t n = len(texts)
    cdef Py_ssize_t i, j, length
    cdef Py_UCS4 c
    cdef int kind
    cdef void *data
    cdef unsigned char f
    cdef bint prev_word
    cdef int digit, upper, word, word_start, title_start, sentence_break, separator, comma, quote
    cdef int unspaced, unspaced_stop
    cdef str text
    table = np.zeros((len(_COUNT_NAMES), n), dtype=np.int32)
    cdef int[:, ::1] counts = table
    for i in range(n):
        text = texts[i]
        length = len(text)
        kind = PyUnicode_KIND(text)
        data = PyUnicode_DATA(text)
        digit = upper = word = word_start = title_start = sentence_break = separator = comma = quote = 0
        unspaced = unspaced_stop = 0
        prev_word = False
        for j in range(length):
            c = PyUnicode_READ(kind, data, j)
            f = _LATIN1_FLAGS[c] if c < 256 else _flags_of(c)
            digit += f & _F_DIGIT
            upper += (f & _F_UPPER) != 0
            if f & _F_WORD:
                word += 1
                if not prev_word:
                    word_start += 1
                    title_start += (f & _F_UPPER) != 0
                prev_word = True
            else:
                prev_word = False
            if f & _F_SENTENCE_MARK and j + 1 < length and PyUnicode_READ(kind, data, j + 1) == 32:
                sentence_break += 1
            comma += (f & _F_COMMA) != 0
            separator += (f & _F_SEPARATOR) != 0
            quote += (f & _F_QUOTE) != 0
            if c >= 0x0E00:
                if _unspaced(c):
                    unspaced += 1
                    unspaced_stop += _among(c, _UNSPACED_STOP_CODES, _N_UNSPACED_STOPS)
                elif j + 1 < length and _among(c, _UNSPACED_MARK_CODES, _N_UNSPACED_MARKS):
                    sentence_break += 1  # "。" ends a sentence wherever it is not the line's last character
        counts[0, i] = digit
        counts[1, i] = upper
        counts[2, i] = word
        counts[3, i] = word_start
        counts[4, i] = title_start
        counts[5, i] = sentence_break
        counts[6, i] = separator
        counts[7, i] = comma
        counts[8, i] = quote
        counts[9, i] = unspaced
        counts[10, i] = unspaced_stop
    return {name: table[k] for k, name in enumerate(_COUNT_NAMES)}


cdef inline double _window(const double *csum, Py_ssize_t n, Py_ssize_t i, Py_ssize_t radius):
    """text.py's _window_mean at row i, from the running sums csum[0..n] (csum[0] = 0)."""
    cdef Py_ssize_t lo = i - radius
    cdef Py_ssize_t hi = i + radius + 1
    if lo < 0:
        lo = 0
    if hi > n:
        hi = n
    return (csum[hi] - csum[lo]) / (hi - lo if hi - lo > 1 else 1)


def fill_context_columns(const float[:, ::1] base, const Py_ssize_t[::1] context_index, const Py_ssize_t[::1] offsets,
                         const Py_ssize_t[::1] window_radii, Py_ssize_t prose_col, Py_ssize_t words_col,
                         Py_ssize_t bullet_col, Py_ssize_t end_col, Py_ssize_t teaser_col, Py_ssize_t teaser_radius,
                         double centre, float[:, ::1] out):
    """text.py's context_features into out (n rows, its column order), operation for operation: window means from
    float64 running sums, positions in float32, distances in float64, each cast to float32 once. `centre` is the
    prose centre text.py computes with np.average (its pairwise summation is not redone here); NaN when the page
    has no prose."""
    cdef Py_ssize_t n = base.shape[0]
    cdef Py_ssize_t n_ctx = context_index.shape[0]
    cdef Py_ssize_t n_off = offsets.shape[0]
    cdef Py_ssize_t i, j, k, r, src, col, first = -1, last = -1, prose_count = 0
    cdef double end_seen = 0.0
    cdef double teaser_before
    cdef double[:, ::1] csum = np.zeros((4, n + 1), dtype=np.float64)  # prose, words, bullet, previous teaser
    for i in range(n):
        csum[0, i + 1] = csum[0, i] + <double>base[i, prose_col]
        csum[1, i + 1] = csum[1, i] + <double>base[i, words_col]
        csum[2, i + 1] = csum[2, i] + <double>base[i, bullet_col]
        teaser_before = <double>base[i - 1, teaser_col] if i > 0 else 0.0
        csum[3, i + 1] = csum[3, i] + teaser_before
        if base[i, prose_col] > 0:
            if first < 0:
                first = i
            last = i
            prose_count += 1
    for i in range(n):
        col = 0
        for k in range(n_ctx):
            for j in range(n_off):
                src = i + offsets[j]
                out[i, col] = base[src, context_index[k]] if 0 <= src < n else -1.0
                col += 1
        for r in range(window_radii.shape[0]):
            out[i, col] = <float>_window(&csum[0, 0], n, i, window_radii[r])
            out[i, col + 1] = <float>_window(&csum[1, 0], n, i, window_radii[r])
            out[i, col + 2] = <float>_window(&csum[2, 0], n, i, window_radii[r])
            col += 3
        out[i, col] = <float>i / <float>(n - 1 if n > 1 else 1)
        if first >= 0:
            out[i, col + 1] = <float>((<double>(first - i) / n) if first > i else 0.0)
            out[i, col + 2] = <float>((<double>(i - last) / n) if i > last else 0.0)
            out[i, col + 3] = 1.0 if first <= i <= last else 0.0
            out[i, col + 4] = <float>(fabs(<double>i - centre) / n)
            out[i, col + 5] = <float>(<double>prose_count / n)
        else:
            out[i, col + 1] = 0.0
            out[i, col + 2] = 0.0
            out[i, col + 3] = 0.0
            out[i, col + 4] = 0.5
            out[i, col + 5] = 0.0
        out[i, col + 6] = <float>log1p(<double>n)
        out[i, col + 7] = <float>(end_seen if end_seen < 3.0 else 3.0)
        end_seen += base[i, end_col]
        out[i, col + 8] = <float>_window(&csum[3, 0], n, i, teaser_radius)


def count_words_all(list texts):
    """rules/context.py's _count_words for each text: \\w+ runs, plus half the characters of unspaced scripts."""
    cdef list out = []
    cdef str text
    cdef Py_ssize_t runs, unspaced, j, n
    cdef bint inside
    cdef Py_UCS4 c
    cdef int kind
    cdef void *data
    for text in texts:
        kind = PyUnicode_KIND(text)
        data = PyUnicode_DATA(text)
        n = len(text)
        runs = unspaced = 0
        inside = False
        for j in range(n):
            c = PyUnicode_READ(kind, data, j)
            if _is_word_char(c):
                if not inside:
                    runs += 1
                    inside = True
            else:
                inside = False
            if c >= 0x0E00 and _unspaced(c):
                unspaced += 1
        out.append(runs + unspaced // 2)
    return out


def anchored_flags(str which, list texts):
    """[lexicon.<which>.match(t) for t in texts], which being "teaser", "inline" or "end"."""
    if which == "teaser":
        return [_anchored(TEASER_HEADERS, _TEASER_CELLS, text) for text in texts]
    if which == "inline":
        return [_anchored(INLINE_TEASERS, _INLINE_CELLS, text) for text in texts]
    if which == "end":
        return [_anchored(END_MARKERS, _END_CELLS, text) for text in texts]
    raise ValueError(f"no anchored phrases named {which!r}")


cdef inline Py_UCS4 _lower_char(Py_UCS4 c) noexcept:
    """Py_UNICODE_TOLOWER, without its table look-up for ASCII."""
    if c < 128:
        return <Py_UCS4> (<unsigned int> c + 32) if 65 <= <unsigned int> c <= 90 else c
    return Py_UNICODE_TOLOWER(c)


cdef class KeyTable:
    """lines_holding's keys laid out for its scan: every key's characters end to end, where each starts and which
    key set owns it, and a table of the character pairs keys start with. Built once per tuple of key sets that a
    caller uses on every page (cleaner/rules/context.py keeps one per constant key set), so a scan starts at once."""
    cdef readonly tuple key_sets
    cdef Py_ssize_t n_sets
    cdef Py_ssize_t n_keys
    cdef unsigned int wanted
    cdef Py_UCS4 *chars
    cdef Py_ssize_t *starts
    cdef unsigned int *owner
    cdef unsigned char pair[128][128]  # 1 + the index of the first key (sorted by pair) that starts so, or 0
    cdef bint beyond_ascii

    def __cinit__(self, tuple key_sets):
        cdef list all_keys = []
        cdef list owners = []
        cdef Py_ssize_t total = 0
        cdef Py_ssize_t i, k, start
        cdef Py_UCS4 c, d
        cdef str key
        self.chars = NULL
        self.starts = NULL
        self.owner = NULL
        self.key_sets = key_sets
        self.n_sets = len(key_sets)
        self.beyond_ascii = False
        if self.n_sets > 32:
            raise ValueError("at most 32 key sets")
        for k in range(self.n_sets):
            for key in key_sets[k]:
                if len(key) < 2:
                    raise ValueError(f"keys need two characters at least, not {key!r}")
                all_keys.append(key)
                owners.append(k)
        order = sorted(range(len(all_keys)), key=lambda x: all_keys[x][:2])
        all_keys = [all_keys[x] for x in order]
        owners = [owners[x] for x in order]
        self.n_keys = len(all_keys)
        if self.n_keys > 254:
            raise ValueError("at most 254 keys")
        self.wanted = (1u << self.n_sets) - 1u if self.n_sets < 32 else 0xFFFFFFFFu
        for key in all_keys:
            total += len(key)
        self.chars = <Py_UCS4 *> malloc((total + 1) * sizeof(Py_UCS4))
        self.starts = <Py_ssize_t *> malloc((self.n_keys + 1) * sizeof(Py_ssize_t))
        self.owner = <unsigned int *> malloc((self.n_keys + 1) * sizeof(unsigned int))
        if self.chars == NULL or self.starts == NULL or self.owner == NULL:
            raise MemoryError()
        memset(&self.pair[0][0], 0, sizeof(self.pair))
        start = 0
        for i in range(self.n_keys):
            key = <str> all_keys[i]
            self.starts[i] = start
            self.owner[i] = 1u << <unsigned int> owners[i]
            for k in range(len(key)):
                self.chars[start + k] = key[k]
            start += len(key)
            c = key[0]
            d = key[1]
            if c < 128 and d < 128:
                if not self.pair[c][d]:
                    self.pair[c][d] = <unsigned char> (i + 1)
            else:
                self.beyond_ascii = True
        self.starts[self.n_keys] = start

    def __dealloc__(self):
        free(self.chars)
        free(self.starts)
        free(self.owner)


def lines_holding(list texts, key_sets, tuple sizes=None, Py_ssize_t max_size=-1, list decisions=None,
                  object skip_label=None):
    """For each tuple of lower-case keys (two characters or more) in key_sets, the indices of the texts whose
    lower-cased form holds one of its keys: [[i for i, t in enumerate(texts) if any(k in t.lower() for k in keys)]
    for keys in key_sets], in one scan of each text. key_sets may also be a KeyTable of them, built once for a
    caller that passes the same sets for every page. With sizes (one number per text, such as its word count),
    texts whose size is above max_size are not read and never listed; with decisions, neither are the texts whose
    decision's label is skip_label. Keys are compared, in C, only where a pair of characters that
    starts one of them occurs. Characters are lower-cased one by one (Py_UNICODE_TOLOWER), which is what
    str.lower() does except for the few characters it turns into two."""
    cdef KeyTable table = key_sets if isinstance(key_sets, KeyTable) else KeyTable(key_sets)
    cdef Py_ssize_t n_sets = table.n_sets
    cdef Py_ssize_t n_keys = table.n_keys
    cdef unsigned int wanted = table.wanted
    cdef const Py_UCS4 *chars = table.chars
    cdef const Py_ssize_t *starts = table.starts
    cdef const unsigned int *owner = table.owner
    cdef bint beyond_ascii = table.beyond_ascii
    cdef list out = [[] for _ in range(n_sets)]
    cdef Py_ssize_t i, j, k, n, m, start, first
    cdef int kind
    cdef void *data
    cdef Py_UCS4 c, d
    cdef unsigned int found
    if (sizes is not None and len(sizes) != len(texts)) or (decisions is not None and len(decisions) != len(texts)):
        raise ValueError("sizes and decisions must give one item per text")
    for i in range(len(texts)):
        if sizes is not None and <Py_ssize_t> sizes[i] > max_size:
            continue
        if decisions is not None and decisions[i].label is skip_label:
            continue
        text = <str> texts[i]
        kind = PyUnicode_KIND(text)
        data = PyUnicode_DATA(text)
        n = len(text)
        if n < 2:
            continue
        found = 0
        d = _lower_char(PyUnicode_READ(kind, data, 0))
        for j in range(n - 1):
            c = d
            d = _lower_char(PyUnicode_READ(kind, data, j + 1))
            if c < 128 and d < 128:
                if not table.pair[c][d]:
                    continue  # the common case: no key starts with these two characters
                first = table.pair[c][d] - 1
            elif not beyond_ascii:
                continue
            else:
                first = 0
            for k in range(first, n_keys):
                if chars[starts[k]] != c or chars[starts[k] + 1] != d:
                    if k > first and c < 128 and d < 128:
                        break  # past the keys that start with this pair
                    continue
                if found & owner[k]:
                    continue
                m = starts[k + 1] - starts[k]
                if j + m > n:
                    continue
                for start in range(2, m):
                    if _lower_char(PyUnicode_READ(kind, data, j + start)) != chars[starts[k] + start]:
                        break
                else:
                    found |= owner[k]
            if found == wanted:
                break
        if found:
            for k in range(n_sets):
                if found & (1u << <unsigned int> k):
                    (<list> out[k]).append(i)
    return out


cdef bint _has_gap(str raw, Py_ssize_t first, Py_ssize_t last, bint nbsp):
    """Whether raw[first:last + 1] holds three or more spaces (and no-break spaces, with nbsp) with text right
    before and right after them: re.search(r"(?<=\\S) {3,}(?=\\S)", raw), or r"(?<=\\S)[ \\xa0]{3,}(?=\\S)".
    str.find (vectorised) first rules out most lines, which hold no such run at all."""
    cdef int kind = PyUnicode_KIND(raw)
    cdef void *data = PyUnicode_DATA(raw)
    cdef Py_ssize_t j, run
    cdef Py_UCS4 c
    if last - first < 4:
        return False
    if PyUnicode_Find(raw, "   ", first, last + 1, 1) < 0 and not (
        nbsp and PyUnicode_Find(raw, "\xa0", first, last + 1, 1) >= 0
    ):
        return False
    run = -1  # the run of spaces being counted has no text right before it
    for j in range(first, last + 1):
        c = PyUnicode_READ(kind, data, j)
        if c == u' ' or (nbsp and c == 0xA0):
            if run >= 0:
                run += 1
        elif Py_UNICODE_ISSPACE(c):
            run = -1
        else:
            if run >= 3:
                return True
            run = 0
    return False


def gap_flags(list raws, bint nbsp):
    """[_has_gap(raw) for raw in raws]: which lines hold a column gap (see _has_gap)."""
    cdef list out = []
    cdef str raw
    for raw in raws:
        out.append(_has_gap(raw, 0, len(raw) - 1, nbsp))
    return out


def raw_shapes(list raws):
    """For each line of a text dump: len(raw.rstrip()), len(raw.strip()), and whether it holds a column gap,
    re.search(r"(?<=\\S) {3,}(?=\\S)", raw) (three or more spaces with text on both sides). str.strip() and the
    regex's \\s both take whitespace as Py_UNICODE_ISSPACE does."""
    cdef Py_ssize_t i, n, first, last
    cdef int kind
    cdef void *data
    cdef list right = []
    cdef list both = []
    cdef list gaps = []
    cdef str raw
    for i in range(len(raws)):
        raw = <str> raws[i]
        kind = PyUnicode_KIND(raw)
        data = PyUnicode_DATA(raw)
        n = len(raw)
        last = n - 1
        while last >= 0 and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, last)):
            last -= 1
        first = 0
        while first <= last and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, first)):
            first += 1
        right.append(last + 1)
        both.append(last - first + 1)
        gaps.append(_has_gap(raw, first, last, False))
    return right, both, gaps


# ---- Candidate lines for the text-dump rules of rules/core.py (spec_list, doubled_lines, lowercase_labels). -------
# Each answers, for the lines short enough to matter, the one-line test that rule starts with, so the Python rule
# reads only the few lines that pass. rules/core.py holds the same tests as list comprehensions (the reference).

cdef extern from "Python.h":
    bint Py_UNICODE_ISLOWER(Py_UCS4 ch)


def lines_finding(list texts, tuple words, Py_ssize_t max_words, str needle, Py_ssize_t start, Py_ssize_t stop):
    """[i for i, t in enumerate(texts) if words[i] <= max_words and t.find(needle, start, stop) != -1]"""
    cdef list out = []
    cdef Py_ssize_t i
    for i in range(len(texts)):
        if <Py_ssize_t> words[i] <= max_words and PyUnicode_Find(<str> texts[i], needle, start, stop, 1) != -1:
            out.append(i)
    return out


def lines_repeating_head(list texts, tuple words, Py_ssize_t max_words, Py_ssize_t max_chars, Py_ssize_t head):
    """[i for i, t in enumerate(texts) if words[i] <= max_words and len(t) <= max_chars and t.find(t[:head], 1) > 0]:
    the lines whose first head characters (the whole line, if shorter) come back later in them."""
    cdef list out = []
    cdef Py_ssize_t i, n, h
    cdef str text
    for i in range(len(texts)):
        text = <str> texts[i]
        n = len(text)
        if <Py_ssize_t> words[i] > max_words or n > max_chars:
            continue
        h = head if head < n else n
        if h <= 0:  # an empty head is found at 1 in any line of a character or more, as str.find finds it
            if n >= 1:
                out.append(i)
            continue
        if n > h and PyUnicode_Find(text, text[:h], 1, n, 1) > 0:  # CPython's own substring search
            out.append(i)
    return out


def lines_starting_lower(list texts, tuple words, Py_ssize_t min_words, Py_ssize_t max_words):
    """[i for i, t in enumerate(texts) if min_words <= words[i] <= max_words and t[:1].islower()]"""
    cdef list out = []
    cdef Py_ssize_t i, n
    cdef str text
    for i in range(len(texts)):
        n = <Py_ssize_t> words[i]
        if n < min_words or n > max_words:
            continue
        text = <str> texts[i]
        if len(text) and Py_UNICODE_ISLOWER(PyUnicode_READ(PyUnicode_KIND(text), PyUnicode_DATA(text), 0)):
            out.append(i)
    return out


# ---- The lexical prior's scan (features/lexical.py: LexicalPrior.scores is the reference). ---------------------

cdef int _compare_buckets(const void *a, const void *b) noexcept nogil:
    cdef unsigned int x = (<const unsigned int *> a)[0]
    cdef unsigned int y = (<const unsigned int *> b)[0]
    return (x > y) - (x < y)


cdef inline double _half(unsigned short bits) noexcept nogil:
    """An IEEE half-precision number's value, exactly (what numpy's float16 -> float64 gives)."""
    cdef int exponent = (bits >> 10) & 0x1F
    cdef int mantissa = bits & 0x3FF
    cdef double value
    if exponent == 0:
        value = ldexp(<double> mantissa, -24)
    elif exponent == 31:
        value = INFINITY if mantissa == 0 else NAN
    else:
        value = ldexp(<double> (mantissa | 0x400), exponent - 25)
    return -value if bits & 0x8000 else value


def lexical_scores(list low_texts, const unsigned long long[::1] occupied, const unsigned int[::1] rank,
                   const unsigned short[:, ::1] rows, const double[::1] bias, Py_ssize_t buckets):
    """Per line, bias plus the weights of the distinct buckets of its known \\w+ runs, added in bucket order in
    double precision: LexicalPrior.scores, without a str per word. A run's FNV-1a hash (of its code points) picks a
    bucket by its low bits; the bucket's bit in `occupied` says whether it has a row, found by counting the set
    bits before it (`rank` holds the count before each 64 buckets), so an unknown word's bucket costs no look at
    the rows; the row's first cell must hold the hash's top 16 bits, and the rest are the weights as float16 bits."""
    cdef Py_ssize_t n = len(low_texts)
    cdef Py_ssize_t n_labels = rows.shape[1] - 1
    cdef unsigned long long mask = <unsigned long long> (buckets - 1)
    if buckets <= 0 or buckets & (buckets - 1) or occupied.shape[0] * 64 != buckets or rank.shape[0] != occupied.shape[0]:
        raise ValueError("the lexical prior's bucket bits do not fit its bucket count")
    out = np.empty((n, n_labels), dtype=np.float64)
    cdef double[:, ::1] acc = out
    cdef unsigned int *found = NULL
    cdef unsigned int *grown
    cdef Py_ssize_t capacity = 0, count, i, j, m, k, t
    cdef Py_ssize_t n_rows = rows.shape[0]
    cdef unsigned long long h, bucket, word
    cdef Py_ssize_t row
    cdef long long previous
    cdef Py_UCS4 c
    cdef int kind
    cdef void *data
    cdef str low
    try:
        for i in range(n):
            low = <str> low_texts[i]
            kind = PyUnicode_KIND(low)
            data = PyUnicode_DATA(low)
            m = len(low)
            count = 0
            j = 0
            while j < m:
                c = PyUnicode_READ(kind, data, j)
                if not _is_word_char(c):
                    j += 1
                    continue
                h = CLEANER_FNV_OFFSET
                while j < m:
                    c = PyUnicode_READ(kind, data, j)
                    if not _is_word_char(c):
                        break
                    h = (h ^ <unsigned long long> c) * CLEANER_FNV_PRIME
                    j += 1
                bucket = h & mask
                word = occupied[bucket >> 6]
                if not (word >> (bucket & 63)) & 1:
                    continue  # no word owns the bucket
                row = rank[bucket >> 6] + cleaner_popcount64(word & ((1ULL << (bucket & 63)) - 1))
                if row >= n_rows or rows[row, 0] != <unsigned short> (h >> 48):
                    continue  # not the bucket's word: unknown to the prior
                if count == capacity:
                    capacity = capacity * 2 if capacity else 64
                    grown = <unsigned int *> realloc(found, capacity * sizeof(unsigned int))
                    if grown == NULL:
                        raise MemoryError()
                    found = grown
                found[count] = <unsigned int> row
                count += 1
            if count > 1:
                qsort(found, count, sizeof(unsigned int), _compare_buckets)  # rows are in bucket order
            for k in range(n_labels):
                acc[i, k] = bias[k]
            previous = -1
            for t in range(count):
                if <long long> found[t] == previous:
                    continue
                previous = found[t]
                for k in range(n_labels):
                    acc[i, k] += _half(rows[found[t], k + 1])
    finally:
        free(found)
    return out
