#!/usr/bin/env python3
"""An independent check of `cotation compare` (policy format, section 10.2), from `cotation score`.

Each policy scores the demands alone (`cotation score`, with --rejects); the rows that either
policy rejects are dropped and each policy scores the rest again: those are the ranks `compare`
must give. From them this script computes the comparison CSV and the JSON summary as the contract
words them, and compares them, figure by figure, with the files `cotation compare` wrote.

usage: compare_check.py COTATION BASE CANDIDATE DEMANDS AS_OF COMPARE_CSV COMPARE_JSON [NAME=VALUE...]
  NAME=VALUE: the --set of the compare run (given to CANDIDATE's score runs).
Exit 0 when every figure agrees; 1 with the differences listed otherwise.
"""
import csv
import io
import json
import subprocess
import sys
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path


def score(cotation, policy, demands, as_of, settings, rejects):
    args = [cotation, "score", policy, demands, "--as-of", as_of, "--rejects", rejects]
    for s in settings:
        args += ["--set", s]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return list(csv.DictReader(io.StringIO(done.stdout)))


def rejected_lines(path):
    with open(path, newline="") as f:
        return {int(r["line"]) for r in csv.DictReader(f)}


def flags_of(policy):
    """The policy's flag ids in file order, read off its `flags:` section (the fixtures' layout)."""
    out, in_flags = [], False
    for line in Path(policy).read_text(encoding="utf-8").splitlines():
        if line.startswith("flags:"):
            in_flags = True
        elif in_flags and line and not line.startswith(" ") and not line.startswith("#"):
            in_flags = False
        elif in_flags and line.strip().startswith("- id:"):
            out.append(line.split(":", 1)[1].strip())
    return out


def main():
    cotation, base, candidate, demands, as_of, compare_csv, compare_json, *settings = sys.argv[1:]
    work = Path(tempfile.mkdtemp())
    score(cotation, base, demands, as_of, [], work / "rb.csv")
    score(cotation, candidate, demands, as_of, settings, work / "rc.csv")
    dropped = rejected_lines(work / "rb.csv") | rejected_lines(work / "rc.csv")
    # The file without the rows either policy rejects (the fixtures have no cell spanning lines).
    lines = Path(demands).read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [lines[0]] + [line for number, line in enumerate(lines[1:], start=2) if number not in dropped]
    (work / "kept.csv").write_text("".join(kept), encoding="utf-8")
    b = score(cotation, base, str(work / "kept.csv"), as_of, [], work / "none_b.csv")
    c = score(cotation, candidate, str(work / "kept.csv"), as_of, settings, work / "none_c.csv")
    assert len(b) == len(c) == len(kept) - 1

    problems = []
    expected_rows = []
    both = []
    for rb, rc in zip(b, c):
        change = ""
        if rb["status"] == "scored" and rc["status"] == "scored":
            change = str(int(rb["rank"]) - int(rc["rank"]))
            both.append((rb, rc, int(change)))
        expected_rows.append([rb["id"], rb["grid"], rb["score"], rb["rank"], rb["group_size"],
                              rc["grid"], rc["score"], rc["rank"], rc["group_size"], change])
    with open(compare_csv, newline="") as f:
        actual_rows = list(csv.reader(f))
    header = "id,base_grid,base_score,base_rank,base_group_size,candidate_grid,candidate_score,candidate_rank,candidate_group_size,rank_change"
    if actual_rows[0] != header.split(","):
        problems.append(f"CSV header: {actual_rows[0]}")
    if actual_rows[1:] != expected_rows:
        for i, (want, got) in enumerate(zip(expected_rows, actual_rows[1:])):
            if want != got:
                problems.append(f"CSV row {i + 2}: expected {want}, actual {got}")
        if len(expected_rows) != len(actual_rows) - 1:
            problems.append(f"CSV: expected {len(expected_rows)} rows, actual {len(actual_rows) - 1}")

    def mean(changes):
        if not changes:
            return 0
        return float((Decimal(sum(changes)) / Decimal(len(changes))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    base_flags, candidate_flags = flags_of(base), flags_of(candidate)
    by_flag = []
    for policy, flags, side in (("candidate", candidate_flags, 1), ("base", [f for f in base_flags if f not in candidate_flags], 0)):
        for flag in flags:
            changes = [ch for pair in both for ch in [pair[2]] if flag in pair[side]["flags"].split("|")]
            by_flag.append({"flag": flag, "policy": policy, "n": len(changes), "moved_up": sum(ch > 0 for ch in changes),
                            "moved_down": sum(ch < 0 for ch in changes), "mean_rank_change": mean(changes)})
    ranked = sorted(both, key=lambda pair: (-abs(pair[2]), pair[0]["id"].encode()))
    expected = {
        "demands": len(b), "both_scored": len(both),
        "moved_up": sum(p[2] > 0 for p in both), "moved_down": sum(p[2] < 0 for p in both), "unchanged": sum(p[2] == 0 for p in both),
        "only_base": sum(rb["status"] == "scored" and rc["status"] != "scored" for rb, rc in zip(b, c)),
        "only_candidate": sum(rb["status"] != "scored" and rc["status"] == "scored" for rb, rc in zip(b, c)),
        "rejected": len(dropped), "by_flag": by_flag,
        "largest_moves": [{"id": rb["id"], "base_rank": int(rb["rank"]), "candidate_rank": int(rc["rank"]), "rank_change": ch}
                          for rb, rc, ch in ranked[:20]],
    }
    actual = json.loads(Path(compare_json).read_text(encoding="utf-8"))
    for key, want in expected.items():
        if actual.get(key) != want:
            problems.append(f"JSON {key}: expected {json.dumps(want)}, actual {json.dumps(actual.get(key))}")
    for key in ("base", "candidate"):
        if set(actual.get(key, {})) != {"name", "version"}:
            problems.append(f"JSON {key}: {actual.get(key)}")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"compare agrees with score: {len(b)} demands, {len(both)} both scored, {len(dropped)} rejected")


if __name__ == "__main__":
    main()
