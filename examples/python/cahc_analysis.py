# %% [markdown]
# # The CAHC grid in a notebook
#
# What an analyst of the CIA does with `import cotation`: load the bundled CAHC grid, score the
# example demands, look at the score distribution of each grid, then compare the grid with its
# variant ("priorités renforcées") on the same demands. Run it as a script (each `# %%` is a cell
# for Jupyter or VS Code):
#
#     PYTHONPATH=build/python /usr/bin/python3 examples/python/cahc_analysis.py -o scores.png

# %%
import argparse
import pathlib

import matplotlib

matplotlib.use("Agg")  # no display: the figure goes to a PNG file
import matplotlib.pyplot as plt

import cotation

ROOT = pathlib.Path(__file__).resolve().parents[2]
parser = argparse.ArgumentParser(description="score the example demands with the CAHC grid, plot, compare")
parser.add_argument("-o", "--output", default="score_distribution.png", help="the PNG of the score distribution")
args = parser.parse_args()

# %% Load the grid: a policy with errors raises cotation.PolicyError with its diagnostics.
policy = cotation.load(ROOT / "rules/cahc/cahc.yaml")
print(f"{policy.name} (version {policy.version}); grids: {', '.join(policy.grids)}")

# %% Score the example demands on the fast path: one row per demand, in file order.
scorer = policy.scorer(as_of="2025-06-01")
scores = scorer.score_file(ROOT / "examples/data/demands.csv")
print(f"{len(scores)} demands, {int((scores['status'] == 'scored').sum())} scored, "
      f"{len(scores.attrs['rejected'])} rejected")
print(scores.groupby("grid")["score"].describe()[["count", "mean", "50%", "max"]])

# %% The flags: how many demands carry each one.
flag_counts = scores["flags"].explode().value_counts()
print(flag_counts.to_string())

# %% The score distribution per grid, into a PNG.
figure, axes = plt.subplots(1, len(policy.grids), figsize=(5 * len(policy.grids), 3.5), sharey=True)
for axis, grid in zip(axes, policy.grids):
    axis.hist(scores.loc[scores["grid"] == grid, "score"], bins=20, color="#2a6f97")
    axis.set_title(f"grille {grid}")
    axis.set_xlabel("points")
axes[0].set_ylabel("demandes")
figure.suptitle(policy.name, fontsize=9)
figure.tight_layout()
figure.savefig(args.output, dpi=100)
print(f"score distribution written to {args.output}")

# %% Compare with the variant on the same demands: who moves up or down, by flag.
variant = cotation.load(ROOT / "rules/cahc/cahc_variant.yaml")
comparison = cotation.compare(policy, variant, ROOT / "examples/data/demands.csv", as_of="2025-06-01")
summary = comparison.summary
print(f"{variant.name}: {summary['moved_up']} demands move up, {summary['moved_down']} down, "
      f"{summary['unchanged']} unchanged of {summary['both_scored']} scored by both")
for flag in summary["by_flag"]:
    print(f"  {flag['flag']:>20}: {flag['n']:4} demands, mean rank change {flag['mean_rank_change']:+.2f}")
largest = comparison.demands.reindex(comparison.demands["rank_change"].abs().sort_values(ascending=False).index)
print(largest.head(5)[["id", "base_rank", "candidate_rank", "rank_change"]].to_string(index=False))
