"""Scorer.score_file against `cotation score` on the same file, run alternately (docs/performance.md,
section Python): the wall time of each run, then the best and the median of each and their ratio.

    PYTHONPATH=build/python /usr/bin/python3 python/bench/score_file.py build/cotation \\
        rules/cahc/cahc.yaml /tmp/cotation-bench/demands.csv --as-of 2025-06-01 --runs 3
"""

import argparse
import os
import statistics
import subprocess
import time

import pandas  # noqa: F401 (imported before timing, as in an analyst's session)

import cotation


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cli")
    parser.add_argument("policy")
    parser.add_argument("demands")
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", default=os.devnull, help="where `cotation score` writes (default: /dev/null)")
    args = parser.parse_args()

    scorer = cotation.load(args.policy).scorer(as_of=args.as_of)
    command = [args.cli, "score", args.policy, args.demands, "--as-of", args.as_of, "-o", args.output]
    cli_times, python_times = [], []
    for run in range(args.runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
        cli_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        frame = scorer.score_file(args.demands)
        python_times.append(time.perf_counter() - start)
        print(f"run {run + 1}: cotation score {cli_times[-1]:.2f} s, score_file {python_times[-1]:.2f} s ({len(frame)} rows)", flush=True)
        del frame
    for name, times in [("cotation score", cli_times), ("score_file", python_times)]:
        print(f"{name}: best {min(times):.2f} s, median {statistics.median(times):.2f} s")
    print(f"ratio score_file / cotation score: best {min(python_times) / min(cli_times):.2f}, "
          f"median {statistics.median(python_times) / statistics.median(cli_times):.2f}")


if __name__ == "__main__":
    main()
