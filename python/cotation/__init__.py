"""cotation for analysts: load a policy, score demands into pandas DataFrames, audit the CIA quotas,
compare two grids. The guide is docs/python.md; the contract, section 12 of the policy format."""

import collections
import io
import json

from ._cotation import Policy, Scorer, __version__
from . import _cotation

__all__ = ["load", "compare", "PolicyError", "Policy", "Scorer", "Comparison", "__version__"]


class PolicyError(Exception):
    """A policy with errors: `str()` is what `cotation check` prints; `diagnostics` the list of dicts
    (file, line, column, end_line, end_column, severity, code, message, hint)."""

    def __init__(self, message, diagnostics):
        super().__init__(message)
        self.diagnostics = diagnostics


def load(path):
    """The policy at `path` (YAML), checked; raises PolicyError when it has errors."""
    policy, diagnostics, message = _cotation._load(path)
    if policy is None:
        raise PolicyError(message.rstrip("\n"), diagnostics)
    return policy


# compare(): the JSON summary of `cotation compare --format json` as a dict, and its CSV as a
# DataFrame (attrs["rejected"]: the rows neither policy could read).
Comparison = collections.namedtuple("Comparison", ["summary", "demands"])


def compare(base, candidate, demands, *, as_of, overrides=None):
    """BASE and CANDIDATE (Policy) over the same demand file, as `cotation compare`; `overrides`
    replace CANDIDATE's parameters (as its --set)."""
    import pandas

    summary, rows, rejected = _cotation._compare(base, candidate, demands, as_of, overrides)
    # Ids and grids are text ("062111900011" keeps its zero), scores float64 as in score_file();
    # an empty cell is NaN (rank columns then float64, as pandas reads whole numbers with a gap).
    text = {"id": str, "base_grid": str, "candidate_grid": str}
    frame = pandas.read_csv(io.StringIO(rows), dtype=dict(text, base_score=float, candidate_score=float),
                            keep_default_na=False, na_values=[""])
    frame.attrs["rejected"] = rejected
    return Comparison(json.loads(summary), frame)
