"""Dumps wrapped at a fixed width: paragraphs joined before the model, one result line per input line after it."""
import textwrap
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.options import DEFAULT_OPTIONS
from cleaner.segment.text import segment_text
from cleaner.segment.unwrap import continues, paragraph_width, unwrap, wrapped_width

PARAGRAPHS = [
    "The county council voted on Tuesday evening to approve the construction of a new footbridge across the "
    "river Dunmore, ending a debate that has lasted for more than ten years and divided the residents of the town "
    "into two camps that rarely spoke to each other at public meetings.",
    "Supporters say the bridge will cut the walk from the railway station to the hospital by twenty minutes and "
    "take hundreds of cars off the narrow high street every morning, while opponents argue that the money would "
    "be better spent on repairing the roads that already exist and on the bus service to the outlying villages.",
    "Work is expected to begin in the spring and to last eighteen months, during which the towpath on the northern "
    "bank will be closed to walkers and cyclists; the council has promised a temporary path through the park.",
]


def wrapped_page(width: int = 78) -> str:
    menu = ["Skip to content", "  • News", "  • Sport", "  • Weather", "", "Council approves Dunmore footbridge", ""]
    body = []
    for paragraph in PARAGRAPHS:
        body += textwrap.wrap(paragraph, width) + [""]
    footer = ["Most read", "  • Man fined for feeding gulls on the promenade", "  • Library to open on Sundays", "",
              "© 2026 The Dunmore Post. All rights reserved."]
    return "\n".join(menu + body + footer) + "\n"


def test_a_dump_wrapped_at_80_columns_is_read_paragraph_by_paragraph():
    page = wrapped_page()
    seg = Cleaner().segment(page, "text")
    wrapped_lines = sum(len(textwrap.wrap(p, 78)) for p in PARAGRAPHS)
    assert len(seg.line_blocks) == len(segment_text(page).blocks)
    assert len(seg.blocks) == len(seg.line_blocks) - wrapped_lines + len(PARAGRAPHS)
    assert [b.text for b in seg.blocks if len(b.text) > 150] == PARAGRAPHS
    assert [b.index for b in seg.blocks] == list(range(len(seg.blocks)))


def test_every_input_line_keeps_its_own_result_line_with_its_paragraphs_label():
    page = wrapped_page()
    result = Cleaner().clean(page, kind="text")
    non_empty = [(n + 1, line) for n, line in enumerate(page.splitlines()) if line.strip()]
    assert [(line.line, line.text) for line in result.lines] == non_empty
    assert result.body == "\n\n".join(PARAGRAPHS)
    first = textwrap.wrap(PARAGRAPHS[0], 78)
    start = next(line.line for line in result.lines if line.text == first[0])
    run = [line for line in result.lines if start <= line.line < start + len(first)]
    assert all(line.kept and line.label == "content" for line in run)
    assert all(f"wrapped on from line {start}" in line.reason for line in run[1:])
    assert "wrapped on" not in run[0].reason


def test_a_dump_that_was_not_wrapped_is_left_line_by_line():
    page = "\n".join(["Council approves footbridge", ""] + [p + "\n" for p in PARAGRAPHS])
    seg = segment_text(page)
    assert unwrap(seg, DEFAULT_OPTIONS) is seg
    assert wrapped_width([len(b.raw.rstrip()) for b in seg.blocks], [len(b.text) for b in seg.blocks], DEFAULT_OPTIONS) is None


def test_unwrapping_can_be_switched_off():
    options = replace(DEFAULT_OPTIONS, unwrap_lines=False)
    seg = Cleaner(options=options).segment(wrapped_page(), "text")
    assert not seg.line_owner and len(seg.blocks) == len(segment_text(wrapped_page()).blocks)


def test_a_bullet_a_blank_line_or_a_word_that_would_have_fitted_ends_the_paragraph():
    lines = segment_text("A line that stops well short of the width\nthe next line\n\n  • an item\n").blocks
    assert not continues(lines[0], lines[1], 78)  # "the" would have fitted after 41 characters
    long_line = segment_text("x" * 74 + "\nwrapped tail\n  • item\n").blocks
    assert continues(long_line[0], long_line[1], 78)
    assert not continues(long_line[1], long_line[2], 78)


def test_menus_piled_below_the_width_and_a_link_past_it_do_not_hide_the_wrap():
    menu = [f"  • {name} and the latest news from the region" for name in
            ("Business", "Politics", "Sport", "Culture", "Science", "Travel", "Health", "Weather", "Opinion")]
    link = "Read the council's report: https://www.dunmore.gov.uk/council/minutes/2026/footbridge-final-report-v2.pdf"
    page = "\n".join(menu + ["", link, ""]) + "\n" + wrapped_page()
    seg = Cleaner().segment(page, "text")
    assert [b.text for b in seg.blocks if len(b.text) > 150 and "https" not in b.text] == PARAGRAPHS


def test_a_list_of_headlines_one_under_the_other_is_not_a_wrapped_paragraph():
    headlines = [
        "Council approves new footbridge across the Dunmore",
        "Man fined for feeding gulls on the promenade again",
        "Library to open on Sundays from the first of March",
        "Dunmore Rovers sign striker from Kilbride Athletic",
        "Flood tunnel opens two years late and over budget",
        "Schools to close early on Friday as storm arrives",
    ]
    seg = segment_text("Most read\n" + "\n".join(headlines) + "\n")
    right, stripped = [len(b.raw) for b in seg.blocks], [len(b.text) for b in seg.blocks]
    assert paragraph_width(seg.blocks, right, stripped, DEFAULT_OPTIONS) is None  # no line runs on in lower case
    as_sentences = [headlines[0], "and " + headlines[1].lower(), "and " + headlines[2].lower(),
                    "but " + headlines[3].lower()]
    seg = segment_text("\n".join(as_sentences) + "\n")
    right, stripped = [len(b.raw) for b in seg.blocks], [len(b.text) for b in seg.blocks]
    assert paragraph_width(seg.blocks, right, stripped, DEFAULT_OPTIONS) is not None


def test_lynx_list_of_link_targets_does_not_count_against_the_wrap():
    targets = [f"  {n}. https://www.dunmore-post.example/news/2026/03/council-approves-footbridge-{n}-"
               + "x" * 90 for n in range(1, 40)]
    page = wrapped_page() + "\nReferences\n\n" + "\n".join(targets) + "\n"
    seg = Cleaner().segment(page, "text")
    assert [b.text for b in seg.blocks if len(b.text) > 150 and "https" not in b.text] == PARAGRAPHS
    assert all(b.kind == "reference" for b in seg.blocks if "https" in b.text)


_WORDS = ("the council voted on Tuesday to approve a new footbridge across river Dunmore ending debate that has "
          "lasted more than ten years and divided residents of town").split()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(
        st.one_of(
            st.tuples(st.just("paragraph"), st.lists(st.sampled_from(_WORDS), min_size=5, max_size=120)),
            st.tuples(st.just("item"), st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12)),
            st.tuples(st.just("blank"), st.just([])),
        ),
        min_size=1, max_size=25,
    ),
    width=st.integers(min_value=30, max_value=130),
    indent=st.integers(min_value=0, max_value=6),
)
def test_any_wrapped_page_keeps_one_result_line_per_input_line(pieces, width, indent):
    lines: list[str] = []
    for shape, words in pieces:
        if shape == "paragraph":
            lines += textwrap.wrap(" ".join(words), width, initial_indent=" " * indent, subsequent_indent=" " * indent)
        elif shape == "item":
            lines.append("  • " + " ".join(words).capitalize())
        else:
            lines.append("")
    page = "\n".join(lines) + "\n"
    result = Cleaner().clean(page, kind="text")
    assert [(line.line, line.text) for line in result.lines] == [
        (n + 1, line) for n, line in enumerate(page.splitlines()) if line.strip()
    ]
    seg = Cleaner().segment(page, "text")
    if seg.line_owner:  # every joined block is its lines' words in order
        for j, block in enumerate(seg.blocks):
            parts = [b.text for b, owner in zip(seg.line_blocks, seg.line_owner) if owner == j]
            assert block.text.split() == " ".join(parts).split()


def test_chinese_wrapped_at_the_width_is_joined_without_spaces():
    sentence = "市议会周二投票批准在河上修建一座新的人行桥，结束了一场持续十多年、令镇上居民意见分歧的争论。"
    paragraph = sentence * 4
    wrapped = [paragraph[i:i + 40] for i in range(0, len(paragraph), 40)]
    page = "首页\n新闻\n\n" + "\n".join(wrapped) + "\n\n" + "\n".join(wrapped) + "\n"
    seg = Cleaner().segment(page, "text")
    assert [b.text for b in seg.blocks if len(b.text) > 100] == [paragraph, paragraph]
