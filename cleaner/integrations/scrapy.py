"""A Scrapy item pipeline that cleans the page an item carries. Enable it with one line in settings.py:

    ITEM_PIPELINES = {"cleaner.integrations.scrapy.CleanerPipeline": 300}

and have the spider put the page in the item, e.g. `yield {"url": response.url, "html": response.body}`.

Settings:
    CLEANER_HTML_FIELD  item field holding the page, str or bytes (default "html")
    CLEANER_FIELDS      result fields to add to the item (default title, body, captions, author, date, language,
                        confidence); "error" is always added, None when the page was cleaned
    CLEANER_KIND        auto, html or text (default auto)
    CLEANER_MAX_BYTES   larger pages get error "too large" (default as `cleaner batch`)
    CLEANER_DROP_HTML   remove the page field after cleaning, to keep exported items small (default False)
    CLEANER_MODEL_DIR   a folder of models to load instead of the shipped ones (trusted: models are pickles)

Items may be dicts or any item type itemadapter knows; a scrapy.Item must declare the added fields."""
from __future__ import annotations

from itemadapter import ItemAdapter

from ..batch.records import OUTPUT_FIELDS, Record
from ..batch.work import DEFAULT_MAX_BYTES, WorkConfig, build_cleaner, clean_record

DEFAULT_FIELDS = ("title", "body", "captions", "author", "date", "language", "confidence")


class CleanerPipeline:
    def __init__(
        self,
        html_field: str = "html",
        fields: tuple[str, ...] = DEFAULT_FIELDS,
        kind: str = "auto",
        max_bytes: int = DEFAULT_MAX_BYTES,
        drop_html: bool = False,
        model_dir: str | None = None,
    ) -> None:
        unknown = sorted(set(fields) - set(OUTPUT_FIELDS))
        if unknown:
            raise ValueError(f"CLEANER_FIELDS has unknown fields {unknown}; choose from {list(OUTPUT_FIELDS)}")
        self.html_field = html_field
        self.fields = tuple(fields)
        self.drop_html = drop_html
        self.config = WorkConfig(kind=kind, max_bytes=max_bytes, model_dir=model_dir)
        self.cleaner = None

    @classmethod
    def from_crawler(cls, crawler) -> "CleanerPipeline":
        s = crawler.settings
        return cls(
            html_field=s.get("CLEANER_HTML_FIELD", "html"),
            fields=tuple(s.getlist("CLEANER_FIELDS", list(DEFAULT_FIELDS))),
            kind=s.get("CLEANER_KIND", "auto"),
            max_bytes=s.getint("CLEANER_MAX_BYTES", DEFAULT_MAX_BYTES),
            drop_html=s.getbool("CLEANER_DROP_HTML", False),
            model_dir=s.get("CLEANER_MODEL_DIR"),
        )

    def open_spider(self, spider=None) -> None:
        # Built once per crawl, models loaded now rather than on the first item.
        self.cleaner = build_cleaner(self.config)

    def process_item(self, item, spider=None):
        if self.cleaner is None:
            self.open_spider(spider)
        adapter = ItemAdapter(item)
        page = adapter.get(self.html_field)
        url = adapter.get("url")
        if page is None:
            record = Record(str(url), url, b"", error=f"item has no {self.html_field!r} field")
        else:
            record = Record(str(url), url, page, "html" if self.config.kind == "auto" else self.config.kind)
        output = clean_record(self.cleaner, record, self.config)
        for name in self.fields:
            adapter[name] = getattr(output, name)
        adapter["error"] = output.error
        if self.drop_html and self.html_field in adapter:
            del adapter[self.html_field]
        return item
