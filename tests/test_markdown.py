"""Text dumps written as Markdown (html2text and the like): links and pictures read as a text browser prints them."""
from dataclasses import replace

from cleaner import Cleaner
from cleaner.options import DEFAULT_OPTIONS
from cleaner.segment.markdown import plain_markdown
from cleaner.segment.text import segment_text

MENU = ["  * [Home](https://dunmore-post.example/)", "  * [News](https://dunmore-post.example/news/)",
        "  * [Sport](https://dunmore-post.example/sport/)", "  * [Weather](https://dunmore-post.example/weather/)",
        "  * [Opinion](https://dunmore-post.example/opinion/)"]
ARTICLE = [
    "# Council approves Dunmore footbridge",
    "![The river Dunmore at Millbank](https://img.dunmore-post.example/bridge.jpg)",
    "The county council voted on Tuesday to approve a new footbridge across the river, ending a debate that "
    "[has lasted more than ten years](https://dunmore-post.example/news/bridge-debate) and divided the town.",
    "Supporters say the bridge will cut the walk from the railway station to the hospital by **twenty minutes**, "
    "while opponents argue the money would be _better spent_ on the roads that already_exist.",
    "Work is expected to begin in the spring, said [Fiona Strachan](https://dunmore-post.example/people/fs \"Council "
    "leader\"), and to last eighteen months.",
]


def page() -> str:
    return "\n\n".join(MENU[:1]) + "\n" + "\n".join(MENU[1:]) + "\n\n" + "\n\n".join(ARTICLE) + "\n"


def test_links_read_as_their_words_and_pictures_as_their_alt_text():
    seg = plain_markdown(segment_text(page()), DEFAULT_OPTIONS)
    texts = [b.text for b in seg.blocks]
    assert "Home" in texts and "[The river Dunmore at Millbank]" in texts
    assert not any("https://" in text for text in texts)
    assert any(text.endswith("ending a debate that has lasted more than ten years and divided the town.") for text in texts)
    assert any("said Fiona Strachan, and to last" in text for text in texts)
    assert any("by twenty minutes, while opponents argue the money would be better spent on the roads that "
               "already_exist." in text for text in texts)  # emphasis marks off, a word's own underscore kept
    assert [b.raw for b in seg.blocks] == [b.raw for b in segment_text(page()).blocks]  # lines as they were


def test_the_article_comes_back_without_addresses_and_every_line_keeps_its_text():
    result = Cleaner().clean(page(), kind="text")
    assert "https://" not in result.body and "has lasted more than ten years and divided" in result.body
    assert result.title == "Council approves Dunmore footbridge"  # its "# " taken off, as a heading's
    assert [(line.line, line.text) for line in result.lines] == [
        (n + 1, line) for n, line in enumerate(page().splitlines()) if line.strip()
    ]


def test_a_page_with_a_few_markdown_links_in_its_text_is_left_as_it_is():
    text = "\n".join(["A tutorial line about [links](https://example.org) in Markdown."] * 3 + ["Plain line."] * 10)
    seg = segment_text(text)
    assert plain_markdown(seg, DEFAULT_OPTIONS) is seg
    many = segment_text(page())
    assert plain_markdown(many, replace(DEFAULT_OPTIONS, markdown_min_lines=0)) is many  # switched off


# html2text's default: paragraphs wrapped at 78 columns, cutting link words, picture descriptions and addresses.
WRAPPED = [
    "Lois Lerner has been placed on administrative leave, according to [NBC",
    "News](http://firstread.example/_news/2013/05/23/18451868-irs-official-",
    "lerner-placed-on-leave?lite). She was the [first agency official",
    "](http://tv.example/2013/05/17/whos-who \"Who is who in the IRS",
    "scandal\") to acknowledge the controversy.",
    "",
    "![Lois Lerner of the IRS appears before a House Oversight",
    "Committee hearing, May 22, 2013. \\(Photo by Jonathan",
    "Ernst/Reuters\\)](http://img.example/2013/05/loislerner2_gm1e95m1qyk01_rtrmadp_3_usa-",
    "irs.jpg?w=400&h=299)",
]


def markdown_page(lines: list[str]) -> str:
    return "\n".join(MENU) + "\n\n" + "\n".join(lines) + "\n"


def test_links_and_pictures_wrapped_over_lines_read_as_their_words_line_by_line():
    text = markdown_page(WRAPPED)
    seg = plain_markdown(segment_text(text), DEFAULT_OPTIONS)
    texts = [b.text for b in seg.blocks][len(MENU):]
    assert texts[:5] == [
        "Lois Lerner has been placed on administrative leave, according to NBC",
        "News",
        ". She was the first agency official",
        WRAPPED[3],  # nothing but a piece of the address and its title: the line keeps its text
        "to acknowledge the controversy.",
    ]
    assert texts[5:8] == [
        "[Lois Lerner of the IRS appears before a House Oversight",
        "Committee hearing, May 22, 2013. (Photo by Jonathan",  # html2text's escapes taken off
        "Ernst/Reuters)]",
    ]
    assert [b.raw for b in seg.blocks] == [b.raw for b in segment_text(text).blocks]


def test_wrapped_links_leave_every_input_line_its_own_result_line():
    text = markdown_page(WRAPPED)
    result = Cleaner().clean(text, kind="text")
    assert [(line.line, line.text) for line in result.lines] == [
        (n + 1, line) for n, line in enumerate(text.splitlines()) if line.strip()
    ]
    assert "firstread.example" not in result.body and "\\(" not in result.body


def test_a_markdown_writers_wrapped_paragraphs_come_back_whole_in_the_body():
    # html2text wraps prose at 78 columns but leaves list items, link rows and addresses whole, past that width.
    import textwrap

    story = [
        "The county council voted on Tuesday to approve a new footbridge across the river Dunmore, ending a debate "
        "that has lasted more than ten years and divided the town between its two banks.",
        "Supporters say the bridge will cut the walk from the railway station to the hospital by twenty minutes, "
        "while opponents argue that the money would be better spent on the roads that already exist in the town.",
        "Work is expected to begin in the spring and to last eighteen months, the council leader said on Tuesday "
        "evening after a meeting that went on for more than four hours and ended in a narrow vote of the members.",
    ]
    menu = [f"  * [{name} section of the Dunmore Post, with all of its latest stories](https://dunmore-post.example/"
            f"{name.lower()}/index-of-all-the-latest-stories.html)" for name in ("News", "Sport", "Weather", "Opinion",
                                                                              "Business", "Culture", "Travel")]
    lines = menu + ["", "# Council approves Dunmore footbridge", ""]
    for paragraph in story:
        lines += textwrap.wrap(paragraph, 78) + [""]
    result = Cleaner().clean("\n".join(lines) + "\n", kind="text")
    assert result.body.split("\n\n") == story


def test_a_markdown_writer_breaks_chinese_and_japanese_only_where_they_had_a_space():
    menu = [f"  * [Section {n} of the Dunmore Post, with all of its latest stories and pictures](https://dunmore-"
            f"post.example/section-{n}/index-of-all-the-latest-stories.html)" for n in range(7)]
    sentences = ["市议会周二投票批准在河上修建一座新的人行桥，结束了长达十多年的争论。" * 2,
                 "支持者说这座桥将使从火车站步行到医院的时间缩短二十分钟。" * 2] * 3
    # Each paragraph is two sentences with a space between, wrapped there, as textwrap does (no other place to).
    wrapped = menu + ["", "# 市议会批准新人行桥", ""]
    for s, t in zip(sentences[::2], sentences[1::2]):
        wrapped += [s, t, ""]
    result = Cleaner().clean("\n".join(wrapped) + "\n", kind="text")
    assert all(" " in paragraph for paragraph in result.body.split("\n\n"))


def test_a_page_laid_out_with_tables_is_read_cell_by_cell():
    # A converter writes a layout table as one Markdown row: the menu, the whole article and the sidebar side by side.
    menu = " ".join(f"[{name}](https://dunmore-post.example/{name.lower()}/)" for name in
                    ("Home", "News", "Sport", "Weather", "Opinion", "Business", "Culture"))
    article = " ".join(ARTICLE[2:]).replace("**", "").replace("_better spent_", "better spent")
    sidebar = " ".join(f"[Teaser {n}: more from the Dunmore Post](https://dunmore-post.example/t/{n})" for n in range(6))
    row = f"| {menu} | {article} | {sidebar} |"
    text = "\n".join(MENU) + "\n\n" + "|  |  |  |\n| --- | --- | --- |\n" + row + "\n"
    seg = Cleaner().segment(text, "text")
    assert [b.text for b in seg.blocks if b.line == len(MENU) + 4][1].startswith("The county council voted")
    result = Cleaner().clean(text, kind="text")
    assert "voted on Tuesday" in result.body and "Teaser 3" not in result.body and "Opinion" not in result.body
    assert [(line.line, line.text) for line in result.lines] == [
        (n + 1, line) for n, line in enumerate(text.splitlines()) if line.strip()
    ]


def test_underlined_headings_are_headings():
    text = "\n".join(MENU) + "\n\nCouncil approves Dunmore footbridge\n===================================\n\n" + \
        "\n\n".join(ARTICLE[2:]) + "\n\nBackground\n----------\n\nThe old crossing closed in 2019.\n"
    seg = Cleaner().segment(text, "text")
    headings = [(b.text, b.level) for b in seg.blocks if b.kind == "heading"]
    assert headings == [("Council approves Dunmore footbridge", 1), ("Background", 2)]
    assert Cleaner().clean(text, kind="text").title == "Council approves Dunmore footbridge"
