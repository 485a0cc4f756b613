"""Text dumps of table-laid-out pages are read column by column (cleaner/segment/columns.py)."""
from __future__ import annotations

import cleaner
from cleaner.options import Options
from cleaner.segment.text import segment_text

MENU = ["Home", "News", "Sport", "Business", "Travel", "Weather", "Jobs", "Motoring", "Contact", "Archive"]
ARTICLE = [
    "The harbour board voted on Tuesday to rebuild the old",
    "north pier, ending a debate that has run for more than",
    "ten years and cost two chairmen their seats.",
    "",
    "Work is due to start in the spring and the contractor",
    "expects the pier to reopen to walkers by next summer,",
    "the board said in a statement after the meeting.",
    "",
    "Fishermen who moor at the pier welcomed the decision",
    "but asked for a temporary landing stage during the work.",
]
SIDEBAR = ["Most read", "Tram line returns", "Bridge vote", "", "", "", "", "", "", ""]


def layout_dump() -> str:
    """What w3m prints for a three-column layout table: menu | article | sidebar, side by side, under a header."""
    rows = [f"{m:<22}{a:<60}{s}".rstrip() for m, a, s in zip(MENU, ARTICLE, SIDEBAR)]
    header = "Harbour Gazette - the news of the bay since 1881, every morning"
    footer = "Copyright Harbour Gazette 2008. All rights reserved. Terms and privacy policy of this website."
    return "\n".join([header, ""] + rows + ["", footer]) + "\n"


def test_a_layout_table_is_read_column_by_column_with_line_numbers_kept():
    dump = layout_dump()
    seg = segment_text(dump)
    texts = [b.text for b in seg.blocks]
    # The menu column first, then the whole article, then the sidebar: the order lynx prints the cells in.
    assert texts.index("Archive") < texts.index(ARTICLE[0]) < texts.index(ARTICLE[-1]) < texts.index("Most read")
    first = next(b for b in seg.blocks if b.text == ARTICLE[0])
    assert first.line == 3 and first.raw == ARTICLE[0] and first.blank_before
    assert seg.source_lines == tuple(dump.splitlines())
    # Every cell of a line keeps that line's number; the header and footer stay whole lines.
    assert {b.line for b in seg.blocks} == {n for n, line in enumerate(dump.splitlines(), 1) if line.strip()}
    assert segment_text(dump).blocks[0].text.startswith("Harbour Gazette")


def test_the_result_still_has_one_line_per_input_line_and_a_joined_body():
    dump = layout_dump()
    result = cleaner.clean(dump, kind="text")
    non_empty = [n for n, line in enumerate(dump.splitlines(), 1) if line.strip()]
    assert [ln.line for ln in result.lines] == non_empty
    assert [ln.text for ln in result.lines] == [line for line in dump.splitlines() if line.strip()]
    # Each paragraph of the article's column comes back whole, without the menu or sidebar beside it.
    assert "The harbour board voted on Tuesday to rebuild the old north pier, ending a debate" in result.body
    for chrome in ("Sport", "Tram line returns", "Most read"):
        assert chrome not in result.body
    line_of_first = next(ln for ln in result.lines if ln.line == 3)
    assert line_of_first.kept and line_of_first.label.value == "content"
    assert "for the cell 'The harbour board" in line_of_first.reason and "3 cells" in line_of_first.reason
    # Each of the column's paragraphs comes back as one paragraph.
    paragraphs = [p.text for p in result.paragraphs]
    assert " ".join(ARTICLE[4:7]) in paragraphs and " ".join(ARTICLE[8:10]) in paragraphs


def test_a_column_paragraph_joins_where_a_sentence_runs_on_even_past_a_wide_line():
    article = list(ARTICLE)
    article[3] = "A much wider line of this column, as wide as it ever gets, here."  # the column's width now
    rows = [f"{m:<22}{a:<70}{s}".rstrip() for m, a, s in zip(MENU, article, SIDEBAR)]
    result = cleaner.clean("\n".join(rows) + "\n", kind="text")
    assert " ".join(ARTICLE[:3]) in [p.text for p in result.paragraphs]


def test_data_tables_and_plain_dumps_stay_whole_lines():
    table = ["Rank   Company                  Premiums ($bn)   Change"] + [
        f"{i:<6} {name:<24} {100 - 7 * i:<16} {i * 1.5:.1f}%"
        for i, name in enumerate(["State Farm", "Berkshire", "Progressive", "Allstate", "Travelers", "Liberty",
                                  "USAA", "Chubb", "Farmers", "Nationwide"], 1)
    ]
    pros = ["Pros                                Cons"] + [
        f"{a:<36}{b}" for a, b in [
            ("High adaptability to change", "May lead to scope creep"),
            ("Frequent releases", "Needs customer involvement"),
            ("Better team collaboration", "Not for strict deadlines"),
            ("Early detection of issues", "Hard for large teams"),
            ("Clear structure", "Lacks flexibility"),
            ("Easy to manage", "Delays feedback"),
        ]
    ]
    for lines in (table, pros, ARTICLE):
        dump = "\n".join(["An introduction to the figures below, in one line."] + lines) + "\n"
        seg = segment_text(dump)
        assert seg.source_lines == ()
        assert [b.line for b in seg.blocks] == [n for n, line in enumerate(dump.splitlines(), 1) if line.strip()]


def test_w3m_table_borders_separate_columns():
    rows = [f"│{m:<20}│{a:<58}│{s:<16}│" for m, a, s in zip(MENU, ARTICLE, SIDEBAR)]
    dump = "\n".join(["┌" + "─" * 20 + "┬" + "─" * 58 + "┬" + "─" * 16 + "┐"] + rows + ["└" + "─" * 20 + "┴" + "─" * 58 + "┴" + "─" * 16 + "┘"])
    seg = segment_text(dump)
    texts = [b.text for b in seg.blocks]
    assert ARTICLE[0] in texts and "Home" in texts
    assert texts.index("Archive") < texts.index(ARTICLE[0])
    assert all("│" not in t for t in texts if t in ARTICLE)


def test_pathological_lines_stay_whole_and_cheap():
    many_gaps = "x   " * 5000
    long_line = "Menu" + " " * 3000 + "a sentence that goes on and on"
    dump = "\n".join([many_gaps] * 20 + [long_line] * 20)
    seg = segment_text(dump, Options())
    assert len(seg.blocks) == 40 and seg.source_lines == ()


def test_training_rows_follow_the_cells_a_label_file_names():
    from cleaner.training.dataset import TextExample
    from cleaner.training.train import text_rows

    dump = layout_dump()
    blocks = segment_text(dump).blocks
    labels = tuple((i, "content" if b.text in ARTICLE else "navigation") for i, b in enumerate(blocks))
    X, y = text_rows(TextExample("c", "p", "site", "w3m", dump, labels, by_block=True))
    assert X.shape[0] == len(blocks) and y.count("content") == sum(1 for b in blocks if b.text in ARTICLE)
    # Hand-labelled pages name lines: every block of a labelled line takes its label.
    by_line = TextExample("c", "p", "site", "handmade", dump, ((1, "navigation"),))
    X, y = text_rows(by_line)
    assert X.shape[0] == 1 and y == ["navigation"]


def test_any_text_keeps_one_result_line_per_input_line_when_read_in_columns():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from(["ab", "cd ", "efgh", " ", "   ", "\t", "│", "─", "é", "中", "\xa0", "• ", ".", "the", "Comments"])
    line = st.lists(pieces, max_size=20).map("".join)
    eager = cleaner.Cleaner(options=Options(column_min_lines=2, column_text_min_lines=1, column_text_min_words=1))

    @settings(max_examples=150, deadline=None)
    @given(st.lists(line, max_size=30))
    def check(lines):
        text = "\n".join(lines)
        numbers = [n for n, raw in enumerate(text.splitlines(), 1) if raw.strip()]
        assert {b.line for b in segment_text(text, eager.options).blocks} == set(numbers)
        assert [ln.line for ln in eager.clean(text, kind="text").lines] == numbers

    check()


def test_compiled_regions_match_the_reference():
    import pytest
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cleaner.segment import columns

    compiled = pytest.importorskip("cleaner.segment._columns", reason="compiled column finder not built")
    pieces = st.sampled_from(["a", "bc", " ", "   ", "\xa0", "é", "中", "\u2003", ".", "\x1c", "Word"])
    line = st.lists(pieces, min_size=1, max_size=25).map(lambda p: "".join(p).rstrip()).filter(str.strip)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(line, max_size=14), st.sampled_from([8, 30, 2000]), st.sampled_from([1, 3, 12]))
    def check(lines, max_chars, max_gaps):
        numbered = list(enumerate(lines, 1))
        options = Options(column_max_line_chars=max_chars, column_max_gaps=max_gaps)
        assert compiled.regions(numbered, max_chars, max_gaps) == columns._regions(numbered, options)

    check()
    # And on a real layout: the region holding the article has the menu's and the sidebar's gutters.
    lines = [(n, columns._unbordered(raw)) for n, raw in enumerate(layout_dump().splitlines(), 1) if raw.strip()]
    assert compiled.regions(lines, 2000, 12) == columns._regions(lines, Options())


def test_very_long_cut_up_lines_stay_whole():
    # 4 MB of lines with 5,000 gaps each: too long to be a layout's rows, so never cut (the work stays bounded).
    dump = "\n".join("x   " * 5000 for _ in range(200))
    seg = segment_text(dump)
    assert seg.source_lines == () and len(seg.blocks) == 200
    assert len(cleaner.clean(dump, kind="text").lines) == 200
