"""Clean WARC files with PySpark and write Parquet: a DataFrame of WARC paths, mapInPandas per partition,
one Cleaner per Python worker.

    pip install -e ".[spark]"      # and Java 17+ on PATH
    python examples/spark_job.py 'crawl/*.warc.gz' out/cleaned.parquet
    spark-submit --master yarn examples/spark_job.py 'hdfs-mounted/crawl/*.warc.gz' out/cleaned.parquet
"""
from __future__ import annotations

import argparse
import glob


def main() -> None:
    parser = argparse.ArgumentParser(description="Clean WARC files with Spark into a Parquet dataset.")
    parser.add_argument("warcs", nargs="+", help="WARC files or globs (paths every executor can read)")
    parser.add_argument("out", help="Output Parquet folder")
    parser.add_argument("--master", default=None, help="Spark master; default local[*] unless spark-submit sets one")
    args = parser.parse_args()

    from pyspark.sql import SparkSession

    from cleaner.integrations.spark import clean_warc_paths

    builder = SparkSession.builder.appName("cleaner-warc")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    paths = sorted(p for spec in args.warcs for p in (glob.glob(spec) or [spec]))
    # One WARC per partition, so every executor core reads and cleans its own files.
    paths_df = spark.createDataFrame([(p,) for p in paths], "path string").repartition(max(1, len(paths)))
    clean_warc_paths(paths_df).write.mode("overwrite").parquet(args.out)
    spark.stop()
    print(f"cleaned {len(paths)} WARC file(s) into {args.out}")


if __name__ == "__main__":
    main()
