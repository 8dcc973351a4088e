"""Policy.audit, Scorer.explain and cotation.compare against the command line's outputs."""

import datetime
import io
import json
import math

import pandas
import pytest

import cotation
from conftest import ALLOCATIONS, AS_OF, CAHC, DEMANDS, QUOTAS, VARIANT, read_cli_csv, run_cli


@pytest.fixture(scope="module")
def quotas():
    return cotation.load(QUOTAS)


def test_audit_equals_cotation_audit_csv(quotas):
    expected = read_cli_csv(run_cli("audit", QUOTAS, ALLOCATIONS, "--year", 2024, "--format", "csv"),
                            ["quota", "group", "target", "status", "gap"])
    got = quotas.audit(ALLOCATIONS, year=2024)
    assert list(got.columns) == ["quota", "group", "k", "n", "unknown", "share", "target", "status", "gap"]
    assert len(got) == len(expected) > 10
    for column in ["quota", "group", "k", "n", "unknown", "target", "status"]:
        assert got[column].tolist() == expected[column].tolist(), column
    assert got["share"].fillna(-1).tolist() == expected["share"].fillna(-1).tolist()
    gaps = ["" if g is None else str(g) for g in got["gap"]]
    assert gaps == expected["gap"].fillna("").tolist()
    # share a float, gap an int, None or "exceeded by N".
    assert str(got["share"].dtype) == "float64" and str(got["k"].dtype) == "int64"
    assert all(g is None or type(g) is int or (isinstance(g, str) and g.startswith("exceeded by ")) for g in got["gap"])
    assert any(isinstance(g, str) for g in got["gap"]) and any(type(g) is int for g in got["gap"])
    assert got.attrs["rejected"].empty


def test_audit_period_and_as_of(quotas):
    by_year = quotas.audit(ALLOCATIONS, year=2024)
    by_dates = quotas.audit(ALLOCATIONS, from_=datetime.date(2024, 1, 1), to="2024-12-31", as_of="2024-12-31")
    pandas.testing.assert_frame_equal(by_year, by_dates)
    half = quotas.audit(ALLOCATIONS, from_="2024-01-01", to="2024-06-30")
    expected = read_cli_csv(run_cli("audit", QUOTAS, ALLOCATIONS, "--from", "2024-01-01", "--to", "2024-06-30", "--format", "csv"),
                            ["quota", "group"])
    assert half["n"].tolist() == expected["n"].tolist() and half["n"][0] < by_year["n"][0]


@pytest.mark.parametrize(
    "arguments, error",
    [
        ({}, ValueError),
        ({"year": 2024, "from_": "2024-01-01", "to": "2024-12-31"}, ValueError),
        ({"from_": "2024-01-01"}, ValueError),
        ({"from_": "2024-12-31", "to": "2024-01-01"}, ValueError),
        ({"year": "2024"}, TypeError),
        ({"year": 2024, "overrides": {"no_such_parameter": 1}}, ValueError),
    ],
)
def test_audit_mistakes(quotas, arguments, error):
    with pytest.raises(error):
        quotas.audit(ALLOCATIONS, **arguments)


def test_audit_rejects_rows_without_period(quotas, tmp_path):
    lines = ALLOCATIONS.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("lease_signed_on")] = ""
    path = tmp_path / "allocations.csv"
    path.write_text("\n".join([lines[0], ",".join(row)] + lines[2:]) + "\n", encoding="utf-8")
    rejected = quotas.audit(path, year=2024).attrs["rejected"]
    assert rejected["line"].tolist() == [2] and rejected["field"].tolist() == ["lease_signed_on"]


def test_explain_equals_cotation_explain(policy):
    scorer = policy.scorer(as_of=AS_OF)
    expected = run_cli("explain", CAHC, DEMANDS, "--id", "062111900011", "--as-of", AS_OF)
    got = scorer.explain(DEMANDS, "062111900011")
    assert got == expected and got.startswith("Demande 062111900011")
    with_allocations = scorer.explain(DEMANDS, "062111900011", allocations=ALLOCATIONS)
    assert with_allocations == run_cli("explain", CAHC, DEMANDS, "--id", "062111900011", "--as-of", AS_OF,
                                       "--allocations", ALLOCATIONS)
    with pytest.raises(ValueError, match="NOPE"):
        scorer.explain(DEMANDS, "NOPE")
    with pytest.raises(FileNotFoundError):
        scorer.explain(DEMANDS.parent / "none.csv", "062111900011")


def test_compare_equals_cotation_compare(policy):
    variant = cotation.load(VARIANT)
    got = cotation.compare(policy, variant, DEMANDS, as_of=AS_OF)
    assert got.summary == json.loads(run_cli("compare", CAHC, VARIANT, DEMANDS, "--as-of", AS_OF, "--format", "json"))
    assert got.summary["demands"] == 400 and got.summary["moved_up"] > 0
    expected = read_cli_csv(run_cli("compare", CAHC, VARIANT, DEMANDS, "--as-of", AS_OF, "--format", "csv"),
                            ["id", "base_grid", "candidate_grid"])
    assert list(got.demands.columns) == list(expected.columns)
    assert got.demands["id"].tolist() == expected["id"].tolist() and got.demands["id"][0] == "062111900011"
    assert got.demands["rank_change"].tolist() == expected["rank_change"].tolist()
    assert str(got.demands["base_score"].dtype) == "float64"
    assert got.demands.attrs["rejected"].empty
    # overrides are CANDIDATE's, as --set.
    more = cotation.compare(policy, variant, DEMANDS, as_of=AS_OF, overrides={"pts_hotel": 1000})
    assert more.summary == json.loads(run_cli("compare", CAHC, VARIANT, DEMANDS, "--as-of", AS_OF, "--format", "json",
                                              "--set", "pts_hotel=1000"))
    assert more.summary != got.summary
