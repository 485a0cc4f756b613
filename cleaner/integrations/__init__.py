"""Adapters for frameworks that run the cleaner inside their own workers: Scrapy, Dask, Spark.
Each module imports its framework lazily, so importing this package needs none of them."""
