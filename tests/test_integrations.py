"""Scrapy, Dask and Spark adapters, each skipped with a reason where its framework is not installed."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cleaner.batch import clean_partition
from test_batch import MODEL_DIR, article_html, article_text, build_warc

REPO = Path(__file__).resolve().parent.parent


def test_clean_partition_takes_dicts_and_keeps_order():
    rows = [{"id": "a", "url": "https://example.test/a", "html": article_html(1)}, {"id": "b", "text": article_text(2)}, {"id": "c"}]
    got = clean_partition(rows, model_dir=MODEL_DIR)
    assert [r["id"] for r in got] == ["a", "b", "c"]
    assert got[0]["error"] is None and got[0]["url"] == "https://example.test/a" and got[0]["body"]
    assert got[1]["error"] is None
    assert "no 'html' or 'text' field" in got[2]["error"]


# --- Scrapy ----------------------------------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def site(tmp_path):
    """A local site: an index linking three articles, one of them a page the cleaner finds no article in."""
    root = tmp_path / "site"
    root.mkdir()
    links = "".join(f'<li><a href="/story{i}.html">Story {i}</a></li>' for i in range(3))
    (root / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8")
    for i in range(3):
        (root / f"story{i}.html").write_text(article_html(i), encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_scrapy_pipeline_cleans_crawled_pages(site, tmp_path):
    pytest.importorskip("scrapy", reason="scrapy is not installed (pip install -e '.[scrapy]')")
    feed = tmp_path / "items.jsonl"
    # A crawl in a subprocess: Twisted's reactor cannot be restarted inside the test process.
    script = textwrap.dedent(
        f"""
        import scrapy
        from scrapy.crawler import CrawlerProcess

        class Site(scrapy.Spider):
            name = "site"
            start_urls = [{site + "/index.html"!r}]

            def parse(self, response):
                if response.url.endswith("index.html"):
                    yield from response.follow_all(css="a", callback=self.parse)
                else:
                    yield {{"url": response.url, "html": response.body}}

        process = CrawlerProcess(settings={{
            "ITEM_PIPELINES": {{"cleaner.integrations.scrapy.CleanerPipeline": 300}},
            "CLEANER_FIELDS": ["title", "body", "language"],
            "CLEANER_DROP_HTML": True,
            "CLEANER_MODEL_DIR": {MODEL_DIR!r},
            "FEEDS": {{{str(feed)!r}: {{"format": "jsonlines"}}}},
            "CLOSESPIDER_PAGECOUNT": 20,
            "LOG_LEVEL": "WARNING",
            "TELNETCONSOLE_ENABLED": False,
        }})
        process.crawl(Site)
        process.start()
        """
    )
    # A file, not -c: Scrapy reads the spider's source to check its callbacks.
    (tmp_path / "crawl.py").write_text(script, encoding="utf-8")
    run = subprocess.run([sys.executable, str(tmp_path / "crawl.py")], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    assert sorted(item["url"].rsplit("/", 1)[1] for item in items) == ["story0.html", "story1.html", "story2.html"]
    for item in items:
        assert set(item) == {"url", "title", "body", "language", "error"}  # the page itself was dropped
        assert item["error"] is None and "Councillors" in item["body"]


def test_scrapy_pipeline_rejects_unknown_fields():
    pytest.importorskip("scrapy", reason="scrapy is not installed (pip install -e '.[scrapy]')")
    from cleaner.integrations.scrapy import CleanerPipeline

    with pytest.raises(ValueError, match="lines"):
        CleanerPipeline(fields=("title", "lines"))


# --- Dask ------------------------------------------------------------------------------------------------------


def test_dask_cleans_warcs_bags_and_dataframes_on_a_local_cluster(tmp_path):
    pytest.importorskip("dask.bag", reason="dask is not installed (pip install -e '.[dask]')")
    pytest.importorskip("distributed", reason="distributed is not installed (pip install -e '.[dask]')")
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    from cleaner.integrations.dask import clean_bag, clean_dataframe, clean_warcs, to_parquet

    warcs = []
    for w in range(2):
        path = tmp_path / f"crawl-{w}.warc.gz"
        build_warc(path, [(f"https://example.test/{w}/{i}", article_html(w * 10 + i).encode(), "text/html") for i in range(3)])
        warcs.append(str(path))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, Client(cluster):
        cleaned = clean_warcs(warcs, model_dir=MODEL_DIR).compute()
        assert [r["url"] for r in cleaned] == [f"https://example.test/{w}/{i}" for w in range(2) for i in range(3)]
        assert all(r["error"] is None and r["body"] for r in cleaned)

        out = tmp_path / "parquet"
        to_parquet(clean_warcs(warcs, model_dir=MODEL_DIR), str(out))
        written = pd.read_parquet(out)
        assert sorted(written["url"]) == sorted(r["url"] for r in cleaned)
        assert list(written.columns) == ["id", "url", "title", "body", "captions", "author", "date", "language", "confidence", "ms", "error"]

        bag = db.from_sequence([{"id": str(i), "html": article_html(i)} for i in range(5)], npartitions=2)
        assert [r["id"] for r in clean_bag(bag, model_dir=MODEL_DIR).compute()] == ["0", "1", "2", "3", "4"]

        frame = pd.DataFrame({"id": ["x", "y", "z"], "text": [article_text(i) for i in range(3)]})
        result = clean_dataframe(dd.from_pandas(frame, npartitions=2), model_dir=MODEL_DIR).compute()
        assert list(result["id"]) == ["x", "y", "z"] and result["error"].isna().all()


# --- Spark -----------------------------------------------------------------------------------------------------


def _java_major() -> int | None:
    """The major version of the java on PATH ("1.8.0_392" is 8, "17.0.15" is 17), or None without one."""
    if shutil.which("java") is None:
        return None
    shown = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=60).stderr
    found = re.search(r'version "(\d+)(?:\.(\d+))?', shown)
    if found is None:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def test_spark_cleans_a_dataframe_of_warc_paths_and_of_html(tmp_path):
    pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
    java = _java_major()
    if java is None:
        pytest.skip("Spark needs Java, and no java is on PATH")
    needed = 17 if int(pyspark.__version__.split(".")[0]) >= 4 else 8
    if java < needed:
        pytest.skip(f"pyspark {pyspark.__version__} needs Java {needed} or later; the java on PATH is {java}")
    from pyspark.sql import SparkSession

    from cleaner.integrations.spark import clean_dataframe, clean_rdd, clean_warc_paths

    paths = []
    for w in range(2):
        path = tmp_path / f"crawl-{w}.warc.gz"
        build_warc(path, [(f"https://example.test/{w}/{i}", article_html(w * 10 + i).encode(), "text/html") for i in range(2)])
        paths.append((str(path),))
    spark = (
        SparkSession.builder.master("local[2]").appName("cleaner-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate()
    )
    try:
        paths_df = spark.createDataFrame(paths, "path string").repartition(2)
        out = tmp_path / "out.parquet"
        clean_warc_paths(paths_df, model_dir=MODEL_DIR).write.parquet(str(out))
        rows = spark.read.parquet(str(out)).collect()
        assert sorted(r.url for r in rows) == [f"https://example.test/{w}/{i}" for w in range(2) for i in range(2)]
        assert all(r.error is None and r.body for r in rows)

        html_df = spark.createDataFrame([(str(i), article_html(i)) for i in range(4)], "id string, html string")
        cleaned = {r.id: r for r in clean_dataframe(html_df, model_dir=MODEL_DIR).collect()}
        assert sorted(cleaned) == ["0", "1", "2", "3"] and all(r.error is None for r in cleaned.values())

        rdd = spark.sparkContext.parallelize([{"id": "t", "text": article_text(1)}], 1)
        assert [r["id"] for r in clean_rdd(rdd, model_dir=MODEL_DIR).collect()] == ["t"]
    finally:
        spark.stop()
