"""Labels derived from corpus truth: content by monotone alignment, the rest by block labels or cues."""
from __future__ import annotations

import importlib.util
import shutil

import pytest

from cleaner.training.align import align_detailed, align_labels, caption_cue, monotone_blocks
from cleaner.types import Label

C, CAP, NAV, AD = Label.CONTENT, Label.CAPTION, Label.NAVIGATION, Label.AD

PARA1 = "Volodymyr Zelensky has invited Vladimir Putin to meet him in Kyiv, rejecting a proposal from Moscow."
PARA2 = "The Ukrainian president said a ceasefire could only come if Russia stopped its attacks on cities first."
PARA3 = "Officials in Brussels welcomed the offer but warned that talks would take months to prepare properly."
TRUTH = "\n\n".join([PARA1, PARA2, PARA3])


def test_truth_lines_in_order_are_content_and_menus_navigation():
    texts = ["  • Home", "  • World", "  • Sport", PARA1, PARA2, PARA3, "About us", "Contact"]
    assert align_labels(texts, TRUTH) == [NAV, NAV, NAV, C, C, C, NAV, NAV]


def test_wrapped_lines_and_short_tail_of_a_paragraph_are_content():
    # A dump wrapped at 80 columns leaves short tails like "first." that only their neighbours vouch for.
    cut = PARA2.index("first.")
    texts = ["Menu", PARA1[:60], PARA1[60:], PARA2[:cut], PARA2[cut:], PARA3]
    assert align_labels(texts, TRUTH) == [NAV, C, C, C, C, C]


def test_headline_copy_in_trending_list_is_not_content_but_the_title_is():
    headline = "Zelensky rejects Kremlin proposal and invites Putin to Kyiv"
    texts = [
        "Trending",
        headline,  # the same story in a trending list, far from the body
        "Oil prices fall for a third day",
        "  • Home » World",
        headline,
        "By Jane Doe, 12 May 2025",
        PARA1,
        PARA2,
        PARA3,
    ]
    labels = align_labels(texts, TRUTH, meta={"headline": headline})
    assert labels[1] is NAV
    assert labels[4] is C
    assert labels[5] is NAV  # bylines are navigation
    assert labels[6:] == [C, C, C]


def test_repeated_paragraph_is_content_only_next_to_the_article():
    # The lead also appears as a teaser before the article: the alignment keeps the copy that is in order.
    texts = ["Most read", PARA1, "Another story about something else", "World", PARA1, PARA2, PARA3]
    labels = align_labels(texts, TRUTH)
    assert labels[1] is NAV
    assert labels[4:] == [C, C, C]


def test_short_heading_inside_article_is_content_but_a_lone_home_is_not():
    truth = "\n\n".join([PARA1, "Background", PARA2, "He came home after the talks ended in the evening.", PARA3])
    texts = [
        "Home",  # occurs in the truth, but nowhere near the article
        "News",
        PARA1,
        "Advertisement",
        "Background",
        PARA2,
        "He came home after the talks ended in the evening.",
        PARA3,
        "Home",
    ]
    labels = align_labels(texts, truth)
    assert labels[0] is NAV and labels[8] is NAV
    assert labels[3] is AD
    assert labels[4] is C
    assert labels[2] is C and labels[5:8] == [C, C, C]


def test_half_matched_line_is_left_unlabelled():
    mixed = "Weather Sport Markets Podcasts Games " + PARA2[:40]
    labels = align_labels(["Menu", PARA1, mixed, PARA3], TRUTH)
    assert labels[2] is None


def test_caption_ad_and_footer_cues():
    texts = [
        "Advertisement",
        PARA1,
        "Volodymyr Zelensky and Vladimir Putin (Image: GETTY)",
        PARA2,
        "Subscribe to our newsletter",
        PARA3,
        "Photo: Reuters",
        "Watch: 2:14",
        "© 2025 The Amed Post",
        "Sign up for our daily briefing in your inbox",
    ]
    assert align_labels(texts, TRUTH) == [AD, C, CAP, C, AD, C, CAP, CAP, NAV, AD]


def test_dom_cues_and_pagewide_tokens():
    texts = ["Menu", PARA1, "Kyiv at night", PARA2, "Shop now", PARA3, "Contact"]
    dom = [
        ("nav", "ads"),
        ("p", "ads"),
        ("figcaption", "figure", "ads"),
        ("p", "ads"),
        ("div", "sponsor", "ads"),
        ("p", "ads"),
        ("footer", "ads"),
    ]
    # "ads" sits on every block (a body class such as "has-ads"): it must not turn the menu into an ad.
    labels = align_labels(texts, TRUTH, dom_tokens=dom)
    assert labels == [NAV, C, CAP, C, AD, C, NAV]


def test_l3s_block_labels_map_to_our_labels():
    blocks = [
        {"text": "Home", "label": "boilerplate"},
        {"text": "World", "label": "boilerplate"},
        {"text": "Advertisement", "label": "boilerplate"},
        {"text": "Zelensky invites Putin to Kyiv", "label": "headline"},
        {"text": "By John Smith, Reuters", "label": "supplemental"},
        {"text": PARA1, "label": "fulltext"},
        {"text": "Zelensky in Kyiv on Friday. Photo: Reuters", "label": "supplemental"},
        {"text": PARA2, "label": "fulltext"},
        {"text": PARA3, "label": "fulltext"},
        {"text": "Putin says talks are possible", "label": "related"},
        {"text": "Great article, thanks a lot", "label": "comments"},
    ]
    # A differently segmented copy: the dump joins two blocks into one line.
    texts = [
        "Home   World",
        "Advertisement",
        "Zelensky invites Putin to Kyiv",
        "By John Smith, Reuters",
        PARA1,
        "Zelensky in Kyiv on Friday. Photo: Reuters",
        PARA2,
        PARA3,
        "Putin says talks are possible",
        "Great article, thanks a lot",
    ]
    labels = align_labels(texts, TRUTH, block_labels=blocks, meta={"headline": "Zelensky invites Putin to Kyiv"})
    assert labels == [NAV, AD, C, NAV, C, CAP, C, C, NAV, NAV]


def test_l3s_supplemental_near_an_image_is_a_caption():
    blocks = [{"text": PARA1, "label": "fulltext"}, {"text": "Kyiv skyline at dusk", "label": "supplemental"},
              {"text": PARA2, "label": "fulltext"}, {"text": PARA3, "label": "fulltext"}]
    texts = [PARA1, "Kyiv skyline at dusk", PARA2, PARA3]
    plain = align_labels(texts, TRUTH, block_labels=blocks)
    near = align_labels(texts, TRUTH, block_labels=blocks, dom_tokens=[("p",), ("div", "near-image"), ("p",), ("p",)])
    assert plain[1] is NAV and near[1] is CAP


def test_wcxb_snippets_override_the_alignment():
    truth = "\n\n".join([PARA1, PARA2])
    texts = [PARA1, PARA2, "Officials welcomed the offer.", "Skip to content"]
    meta = {"with": ["Officials welcomed the offer."], "without": [PARA2]}
    result = align_detailed(texts, truth, meta=meta)
    assert result.labels[2] is C  # a must-have the truth lacked
    assert result.labels[1] is NAV  # a must-not the truth had
    assert result.snippet_misses == 2


def test_page_whose_truth_is_missing_is_skipped():
    result = align_detailed(["Home", "Some other page entirely, about football"], TRUTH)
    assert result.skipped and result.labels == (None, None)


def test_monotone_blocks_increase_in_both_sequences():
    a = [1, 2, 3, 9, 9, 4, 5, 6, 7, 1, 2, 3]
    b = [1, 2, 3, 4, 5, 6, 7]
    blocks = monotone_blocks(a, b)
    assert sum(n for _, _, n in blocks) == 7
    for (i1, j1, n1), (i2, j2, _) in zip(blocks, blocks[1:]):
        assert i1 + n1 <= i2 and j1 + n1 <= j2


def test_real_page_alignment():
    from cleaner.corpus import cached_dump, iter_pages, shared_corpora_dir
    from cleaner.evaluation.metrics import match_page
    from cleaner.training.dataset import nonempty_lines

    if not (shared_corpora_dir() / "wcxb-articles.tar.xz").exists():
        pytest.skip(f"corpus archive absent: {shared_corpora_dir() / 'wcxb-articles.tar.xz'}")
    if not shutil.which("w3m"):
        pytest.skip("w3m not installed")
    page = iter_pages("wcxb-articles", limit=1)[0]
    lines = [text for _, text in nonempty_lines(cached_dump(page, "w3m"))]
    meta = page.meta()
    result = align_detailed(lines, page.truth(), meta=meta)
    labels = result.labels
    assert not result.skipped
    content = "\n".join(t for t, x in zip(lines, labels) if x is C)
    assert match_page(page.truth(), content).f1 > 0.9
    title = [t for t, x in zip(lines, labels) if x is C and t.strip() == meta["title"].strip()]
    assert len(title) == 1  # the headline, once, though breadcrumbs may repeat it
    assert sum(x is NAV for x in labels) > 10  # a real page has chrome


@pytest.mark.skipif(shutil.which("lynx") is None, reason="lynx not installed")
def test_lynx_renders_are_the_same_every_time():
    # lynx names the temporary copy of stdin at random and prints it in resolved links; training data built from two
    # renders of one page must not differ.
    from cleaner.corpus import render_dump

    html = '<html><head><meta http-equiv="refresh" content="600;url=next.html"></head><body><p>Hello</p></body></html>'
    first, second = render_dump(html, "lynx"), render_dump(html, "lynx")
    assert first == second and "file://localhost/stdin/next.html" in first and "/tmp/lynx" not in first


@pytest.mark.skipif(importlib.util.find_spec("markdownify") is None, reason="markdownify not installed (bench extra)")
def test_markdownify_in_this_process_writes_what_its_command_writes():
    # The benchmark renders pages in-process; dumps cached by an older run, and a user's own, came from the command.
    # Both must be the same text, odd characters and a page BeautifulSoup takes for XML included.
    import subprocess

    from cleaner.corpus import RENDERERS, render_dump

    pages = [
        "<html><body><h1>Title</h1><p>One <a href='/x' title='t'>link</a> and <b>bold</b> \u00e9\u4e2d</p>"
        "<ul><li>a</li><li>b</li></ul><table><tr><td>1</td><td>2</td></tr></table></body></html>",
        '<?xml version="1.0"?><html><body><p>Lone \udc80 surrogate &amp; entity</p></body></html>',
    ]
    for html in pages:
        command = subprocess.run(RENDERERS["markdownify"], input=html.encode("utf-8", "replace"), capture_output=True)
        assert render_dump(html, "markdownify") == command.stdout.decode("utf-8", "replace")


def test_link_labels_that_mention_photos_are_not_credits_and_ad_markers_are_ads_wherever_they_sit():
    assert not caption_cue("Photo/Multimedia Archive") and not caption_cue("Latest Photo:")
    assert not caption_cue("Video |")
    assert caption_cue("Photo / Reuters") and caption_cue("Photo: AP") and caption_cue("Video: Fire at the docks")
    # The truth kept the marker's word inside the article: the marker line is still an ad.
    truth = PARA1 + " Advertisement " + PARA2
    assert align_labels([PARA1, "Advertisement", PARA2], truth) == [C, AD, C]


def test_stale_training_sets_are_pruned_down_to_the_most_recent_few(tmp_path):
    import os

    from cleaner.training.dataset import prune_stale_sets

    paths = [tmp_path / f"l3s-gn1-w3m-{k:016x}.pkl" for k in range(5)]
    for age, path in enumerate(paths):
        path.write_bytes(b"x")
        os.utime(path, (1_000_000 + age, 1_000_000 + age))  # later in the list: written more recently
    other = tmp_path / "l3s-gn1-lynx-0000000000000000.pkl"
    other.write_bytes(b"x")
    prune_stale_sets(paths[0], "l3s-gn1-w3m-*.pkl", keep=2)
    # The current set stays whatever its age, with the two newest others; another renderer's set is not touched.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([paths[0].name, paths[3].name, paths[4].name, other.name])
