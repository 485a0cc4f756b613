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
