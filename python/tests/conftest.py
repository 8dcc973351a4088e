"""Shared fixtures: the bundled CAHC policy, the example data, and the command line to compare with."""

import io
import os
import pathlib
import subprocess

import pandas
import pytest

import cotation

SOURCE = pathlib.Path(os.environ.get("COTATION_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
CAHC = SOURCE / "rules" / "cahc" / "cahc.yaml"
VARIANT = SOURCE / "rules" / "cahc" / "cahc_variant.yaml"
QUOTAS = SOURCE / "rules" / "cahc" / "quotas.yaml"
DEMANDS = SOURCE / "examples" / "data" / "demands.csv"
ALLOCATIONS = SOURCE / "examples" / "data" / "allocations.csv"
AS_OF = "2025-06-30"


def run_cli(*args):
    """`cotation ARGS...`'s standard output (the test is skipped without the command line)."""
    cli = os.environ.get("COTATION_CLI")
    if not cli:
        pytest.skip("COTATION_CLI is not set (the command line is not built)")
    done = subprocess.run([cli, *map(str, args)], capture_output=True, text=True, check=True)
    return done.stdout


def read_cli_csv(text, text_columns):
    """A CSV of the command line as pandas reads it, the given columns kept as text."""
    return pandas.read_csv(io.StringIO(text), dtype={c: str for c in text_columns}, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="session")
def policy():
    return cotation.load(CAHC)


@pytest.fixture(scope="session")
def scorer(policy):
    return policy.scorer(as_of=AS_OF)


@pytest.fixture(scope="session")
def demands_frame(policy):
    """examples/data/demands.csv read by pandas as an analyst would: text fields kept as text."""
    numeric = {"int", "number", "bool"}
    text = [name for name, kind in policy.fields().items() if kind not in numeric]
    return pandas.read_csv(DEMANDS, dtype={name: str for name in text}, keep_default_na=False, na_values=[""])
