"""`photoreel worker ADDRESS`: join this machine to a render cluster (docs/SERVER.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from photoreel.commands.errors import EXIT_BAD_INPUT


def add(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    worker = commands.add_parser(
        "worker",
        help="make render chunks for a cluster (photoreel serve --cluster)",
        description=(
            "Join this machine to the Dask cluster at ADDRESS and make chunks of the renders "
            "that a `photoreel serve --cluster ADDRESS` sends there. Media are downloaded "
            "from that server with each job's key (or read from --shared-data). Runs until "
            "Ctrl-C; waits for the scheduler when it is not up yet or restarts. Needs "
            "pip install 'photoreel[farm]'. See docs/SERVER.md, 'Render farm'."
        ),
    )
    worker.add_argument("scheduler", metavar="ADDRESS", help="the scheduler, e.g. tcp://host:8786")
    worker.add_argument(
        "--threads", type=int, default=1, help="chunks made at once on this machine (default: 1)"
    )
    worker.add_argument("--name", help="this worker's name in the cluster (default: its address)")
    worker.add_argument(
        "--shared-data",
        type=Path,
        metavar="DIR",
        help="the server's data folder as mounted on this machine: media are read from it "
        "instead of downloaded (default: download)",
    )
    worker.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="where downloaded media are kept (default: photoreel's cache folder)",
    )
    worker.add_argument(
        "--cache-mb",
        type=int,
        default=4096,
        metavar="MB",
        help="the most the media cache keeps, in MB (default: 4096)",
    )
    worker.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from photoreel.farm.worker import WorkerOptions
    from photoreel.farm.worker import run as run_worker

    try:
        options = WorkerOptions(
            scheduler=args.scheduler,
            threads=args.threads,
            name=args.name,
            shared_data=args.shared_data,
            cache=args.cache,
            cache_mb=args.cache_mb,
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        flag = "--" + str(err["loc"][0]).replace("_", "-") if err["loc"] else "worker"
        print(f"photoreel worker: {flag}: {err['msg']}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if options.shared_data is not None and not options.shared_data.is_dir():
        print(
            f"photoreel worker: --shared-data: {options.shared_data} is not a folder",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    return run_worker(options)
