"""Clean WARC files on a Dask cluster and write Parquet: one task per WARC, one Cleaner per worker process.

    pip install -e ".[dask]"
    python examples/dask_job.py 'crawl/*.warc.gz' out/cleaned.parquet --workers 4
    python examples/dask_job.py 'crawl/*.warc.gz' out/cleaned.parquet --scheduler tcp://scheduler:8786
"""
from __future__ import annotations

import argparse
import glob


def main() -> None:
    parser = argparse.ArgumentParser(description="Clean WARC files with Dask into a Parquet dataset.")
    parser.add_argument("warcs", nargs="+", help="WARC files or globs (paths every worker can read)")
    parser.add_argument("out", help="Output Parquet folder")
    parser.add_argument("--scheduler", help="Address of a running scheduler; default: a local cluster")
    parser.add_argument("--workers", type=int, default=2, help="Workers of the local cluster")
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    from cleaner.integrations.dask import clean_warcs, to_parquet

    paths = sorted(p for spec in args.warcs for p in (glob.glob(spec) or [spec]))
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        client = Client(LocalCluster(n_workers=args.workers, threads_per_worker=1))
    with client:
        to_parquet(clean_warcs(paths), args.out)
    print(f"cleaned {len(paths)} WARC file(s) into {args.out}")


if __name__ == "__main__":
    main()
