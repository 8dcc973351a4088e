"""Scorer.score_file against `cotation score` on the same file, run alternately (docs/performance.md,
section Python): the wall and CPU times of each run, then the best and the median of each and their
ratios. The CPU time (user + system, every thread) says what the wall time says when the machine
is shared and busy.

    PYTHONPATH=build/python /usr/bin/python3 python/bench/score_file.py build/cotation \\
        rules/cahc/cahc.yaml /tmp/cotation-bench/demands.csv --as-of 2025-06-01 --runs 5
"""

import argparse
import os
import resource
import statistics
import subprocess
import time

import pandas  # noqa: F401 (imported before timing, as in an analyst's session)

import cotation


def cpu_seconds(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def timed(run, who):
    wall, cpu = time.perf_counter(), cpu_seconds(who)
    result = run()
    return time.perf_counter() - wall, cpu_seconds(who) - cpu, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cli")
    parser.add_argument("policy")
    parser.add_argument("demands")
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", default=os.devnull, help="where `cotation score` writes (default: /dev/null)")
    args = parser.parse_args()

    scorer = cotation.load(args.policy).scorer(as_of=args.as_of)
    command = [args.cli, "score", args.policy, args.demands, "--as-of", args.as_of, "-o", args.output]
    times = {"cotation score": ([], []), "score_file": ([], [])}
    for run in range(args.runs):
        wall, cpu, _ = timed(lambda: subprocess.run(command, check=True, stderr=subprocess.DEVNULL), resource.RUSAGE_CHILDREN)
        times["cotation score"][0].append(wall)
        times["cotation score"][1].append(cpu)
        wall, cpu, frame = timed(lambda: scorer.score_file(args.demands), resource.RUSAGE_SELF)
        times["score_file"][0].append(wall)
        times["score_file"][1].append(cpu)
        print(f"run {run + 1}: cotation score {times['cotation score'][0][-1]:.2f} s wall {times['cotation score'][1][-1]:.2f} s CPU, "
              f"score_file {wall:.2f} s wall {cpu:.2f} s CPU ({len(frame)} rows), load {os.getloadavg()[0]:.2f}", flush=True)
        del frame
    for name, (walls, cpus) in times.items():
        print(f"{name}: wall best {min(walls):.2f} s, median {statistics.median(walls):.2f} s; "
              f"CPU best {min(cpus):.2f} s, median {statistics.median(cpus):.2f} s")
    (cli_wall, cli_cpu), (py_wall, py_cpu) = times["cotation score"], times["score_file"]
    print(f"score_file / cotation score: wall best {min(py_wall) / min(cli_wall):.2f}, median "
          f"{statistics.median(py_wall) / statistics.median(cli_wall):.2f}; CPU best {min(py_cpu) / min(cli_cpu):.2f}, "
          f"median {statistics.median(py_cpu) / statistics.median(cli_cpu):.2f}")


if __name__ == "__main__":
    main()
