from cleaner.segment.text import segment_text

DUMP = """Close Menu
  • News
  • World

Headline of the story

     * [12]Sport
   1. First point of the list
A paragraph that was wrapped by the
text browser at a narrow width.

References

   1. http://example.com/a
"""


def test_one_block_per_non_empty_line_with_line_numbers():
    seg = segment_text(DUMP)
    non_empty = [i + 1 for i, line in enumerate(DUMP.splitlines()) if line.strip()]
    assert [b.line for b in seg.blocks] == non_empty
    assert seg.kind == "text"


def test_bullets_indentation_and_link_references():
    blocks = {b.line: b for b in segment_text(DUMP).blocks}
    assert blocks[2].bullet == "•" and blocks[2].text == "News" and blocks[2].indent == 2
    assert blocks[7].bullet == "*" and blocks[7].text == "Sport"  # lynx [12] marker removed from the text
    assert blocks[8].bullet == "1." and blocks[8].text == "First point of the list"
    assert blocks[5].bullet == "" and blocks[5].kind == "p"


def test_blank_line_structure():
    blocks = {b.line: b for b in segment_text(DUMP).blocks}
    assert blocks[5].blank_before and blocks[5].blank_after
    assert not blocks[9].blank_after and not blocks[10].blank_before


def test_references_section_is_marked():
    blocks = {b.line: b for b in segment_text(DUMP).blocks}
    assert blocks[14].kind == "reference"


def test_prose_dash_at_column_zero_is_not_a_bullet():
    seg = segment_text("- 5 degrees is what it was.\n  - an item")
    assert seg.blocks[0].bullet == "" and seg.blocks[0].text.startswith("- 5")
    assert seg.blocks[1].bullet == "-"


def test_nul_bytes_and_empty_input():
    assert segment_text("").blocks == ()
    assert segment_text("\n \n\t\n").blocks == ()
    seg = segment_text("a\x00b line")
    assert seg.blocks[0].text == "ab line" and seg.warnings


def test_a_line_cut_to_its_indentation_keeps_its_text_and_its_place():
    from cleaner.options import Options

    dump = "First line of the page\n" + " " * 40 + "a line indented past the cut\nlast line"
    seg = segment_text(dump, Options(max_line_chars=12))
    assert [b.line for b in seg.blocks] == [1, 2, 3]
    assert [b.text for b in seg.blocks] == ["First line o", "a line inden", "last line"]
    assert seg.warnings == ("lines longer than 12 characters were cut",)  # said once, however many lines
