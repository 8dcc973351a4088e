#!/usr/bin/env python3
"""Make the example data sets of the CAHC illustrative policy.

Writes, next to this script:
  demands.csv      about 400 active demands on 2025-06-01 (demand record of
                   rules/schema/sne.yaml, every field, empty cell = null)
  allocations.csv  about 120 allocations with a lease signed in 2024
                   (allocation record, every field)

Standard library only, seeded: running it again gives byte-identical files.
The households are synthetic; the proportions follow national orders of
magnitude (about 32 % of demands from social tenants, median declared income
near 1 300 EUR a month, about 3 % DALO, one to three motifs per demand, filing
dates over the last six years with more recent ones) on the 14 communes of the
Communauté d'Agglomération Hénin-Carvin. Landlord names are those of the
mining basin's main social landlords; the figures attached to them are
invented.

Usage: python3 examples/data/make_example_data.py [--seed N]
"""
import argparse
import csv
import datetime as dt
import math
import os
import random

AS_OF = dt.date(2025, 6, 1)

# The 14 communes of the CAHC (INSEE code, approximate population).
COMMUNES = [
    ("62427", "Hénin-Beaumont", 26000),
    ("62215", "Carvin", 17000),
    ("62250", "Courrières", 10500),
    ("62587", "Montigny-en-Gohelle", 10000),
    ("62637", "Oignies", 10000),
    ("62724", "Rouvroy", 8500),
    ("62907", "Libercourt", 8000),
    ("62497", "Leforest", 7000),
    ("62249", "Courcelles-lès-Lens", 6000),
    ("62274", "Dourges", 5800),
    ("62624", "Noyelles-Godault", 5500),
    ("62321", "Évin-Malmaison", 4500),
    ("62276", "Drocourt", 3000),
    ("62145", "Bois-Bernard", 900),
]
# Neighbouring communes where some applicants live or work (Lens, Liévin,
# Douai, Lille).
OUTSIDE = ["62498", "62510", "59178", "59350"]

DEMAND_FIELDS = [
    "id", "filed_on", "commune", "wished_communes", "wished_typology",
    "household_size", "persons_14_plus", "children_under_14", "dependants",
    "single_parent", "couple", "applicant_birth_date", "monthly_income",
    "tax_income", "current_housing", "current_rent", "current_rooms",
    "current_surface", "motifs", "disability", "dalo", "employment",
    "employer_commune", "violence_proof", "social_worker_validated",
    "last_refusal_on", "anru_rehousing", "priority_situations",
    "essential_worker", "nationality", "sex",
]
ALLOCATION_FIELDS = [
    "id", "demand_id", "landlord", "reservataire", "commune", "qpv",
    "residence_class", "typology", "financing", "lease_signed_on",
    "is_mutation", "internal_transfer", "filed_on", "monthly_income",
    "persons_14_plus", "children_under_14", "dalo", "anru_rehousing",
    "priority", "essential_worker",
]

# Current housing (SNE codes) and their approximate shares of demands.
HOUSING = [
    ("HLM", 32), ("LP", 24), ("CPE", 14), ("CP", 7), ("POCC", 3), ("SH", 3),
    ("LTG", 2), ("RS", 2), ("SLHT", 1.5), ("SD", 1.5), ("HOT", 1), ("RE", 1),
    ("CDEFCM", 0.7), ("CAMCAR", 0.5), ("RHVS", 0.5), ("FONC", 0.5), ("SQUAT", 0.3),
]
# Motifs most often given for each situation (SNE codes 01..23).
MOTIFS_BY_HOUSING = {
    "HLM": ["13", "10", "08", "17", "09", "11", "07", "19", "21", "20", "03"],
    "LP": ["09", "13", "03", "04", "05", "11", "08", "17", "21"],
    "POCC": ["22", "11", "08", "07", "10"],
    "FONC": ["18", "11", "04"],
    "CPE": ["12", "14", "11", "01"],
    "CP": ["01", "12", "11", "06"],
    "LTG": ["01", "12", "04"],
    "RE": ["12", "19"],
}
# Sheltered, hosted in a structure or without housing.
MOTIFS_SHELTER = ["01", "06", "11", "12", "08", "05", "15"]
SHELTER = {"SH", "RS", "RHVS", "SLHT", "CDEFCM", "HOT", "SD", "SQUAT", "CAMCAR"}
EMPLOYMENT = [("CDI", 30), ("CHO", 18), ("AUT", 14), ("RET", 12), ("CDD", 13),
              ("ART", 4), ("APP", 3), ("ETU", 6)]

LANDLORDS = [
    ("Maisons & Cités", 46), ("SIA Habitat", 22), ("Pas-de-Calais Habitat", 14),
    ("Flandre Opale Habitat", 8), ("Clésence", 6),
    ("Habitat Hauts-de-France", 2), ("Vilogia", 1), ("Notre Logis", 1),
]
RESERVATAIRES = [("BAILLEUR", 40), ("PPRIOR", 22), ("COLACT", 20), ("COLTER", 16), ("PFONCT", 2)]


def pick(rng, weighted):
    total = sum(w for _, w in weighted)
    x = rng.random() * total
    for value, w in weighted:
        x -= w
        if x < 0:
            return value
    return weighted[-1][0]


def commune_of(rng):
    return pick(rng, [(c, pop) for c, _, pop in COMMUNES])


def household(rng):
    """Size, persons of 14 or more, children under 14, couple, single parent, dependants."""
    size = pick(rng, [(1, 40), (2, 24), (3, 16), (4, 11), (5, 6), (6, 2), (7, 1)])
    couple = size >= 2 and rng.random() < 0.45
    adults = 2 if couple else 1
    older = children = 0
    for _ in range(size - adults):
        if rng.random() < 0.75:
            children += 1
        else:
            older += 1
    single_parent = (not couple) and size >= 2
    dependants = size - adults
    return size, adults + older, children, couple, single_parent, dependants


def typology_for(rng, size):
    choices = {
        1: [("T1", 30), ("T2", 60), ("C", 5), ("T3", 5)],
        2: [("T2", 55), ("T3", 45)],
        3: [("T3", 75), ("T4", 25)],
        4: [("T3", 30), ("T4", 70)],
        5: [("T4", 55), ("T5", 45)],
    }
    return pick(rng, choices.get(size, [("T5", 60), ("T6P", 40)]))


def monthly_income(rng, adults):
    if rng.random() < 0.02:
        return 0
    median = 1200 if adults == 1 else 1550
    return int(round(math.exp(rng.gauss(math.log(median), 0.5))))


def date_between(rng, start, end):
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "|".join(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def make_demand(rng, seq):
    # Filing dates over the last six years, more recent ones more frequent.
    age_days = int(6 * 365 * rng.random() ** 1.6)
    filed_on = AS_OF - dt.timedelta(days=age_days + 1)
    size, p14, children, couple, single_parent, dependants = household(rng)
    housing = pick(rng, HOUSING)
    commune = commune_of(rng) if rng.random() < 0.88 else rng.choice(OUTSIDE)

    rooms = rent = surface = None
    if housing in ("HLM", "LP", "POCC", "FONC"):
        rooms = max(1, min(6, size + rng.choice([-1, 0, 0, 1, 1, 2])))
        if housing == "HLM":
            rent = int(230 + 75 * rooms + rng.randrange(-40, 60))
        elif housing == "LP":
            rent = int(330 + 95 * rooms + rng.randrange(-60, 120))
    elif housing in ("CPE", "CP", "LTG"):
        rooms = rng.randint(2, 5)
    elif housing in ("RS", "RHVS", "SLHT", "RE"):
        rooms = 1
        rent = rng.randrange(280, 460)
    elif housing in ("SH", "HOT", "CDEFCM"):
        rooms = 1
    if rooms is not None:
        surface = int(rooms * rng.uniform(15, 24) + 8)

    pool = MOTIFS_BY_HOUSING.get(housing, MOTIFS_SHELTER)
    n_motifs = pick(rng, [(1, 50), (2, 35), (3, 15)])
    motifs = []
    if housing in SHELTER:
        motifs.append("01")
    while len(motifs) < n_motifs:
        m = rng.choice(pool + ["23", "21", "06", "05"]) if rng.random() < 0.1 else rng.choice(pool)
        if m not in motifs:
            motifs.append(m)
    motifs = motifs[:3]

    disability = rng.random() < 0.08
    if disability and "07" not in motifs and len(motifs) < 3:
        motifs.append("07")
    dalo = rng.random() < 0.03
    employment = pick(rng, EMPLOYMENT)
    employer = None
    if employment in ("CDI", "CDD", "ART", "APP"):
        employer = commune_of(rng) if rng.random() < 0.7 else rng.choice(OUTSIDE)

    income = monthly_income(rng, 2 if couple else 1)
    tax_income = None if rng.random() < 0.05 else int(income * 12 * rng.uniform(0.55, 0.95))
    violence_proof = "06" in motifs and rng.random() < 0.4
    validated_p = 0.45 if (housing in SHELTER or "03" in motifs or "06" in motifs) else 0.12
    social_worker_validated = rng.random() < validated_p
    last_refusal_on = None
    if rng.random() < 0.06:
        last_refusal_on = date_between(rng, max(filed_on, AS_OF - dt.timedelta(days=730)), AS_OF - dt.timedelta(days=1))
    anru = housing == "HLM" and rng.random() < 0.06

    wished = []
    if commune in [c for c, _, _ in COMMUNES] and rng.random() < 0.7:
        wished.append(commune)
    for _ in range(rng.choice([0, 1, 1, 2])):
        c = commune_of(rng)
        if c not in wished:
            wished.append(c)
    if not wished:
        wished.append(commune_of(rng))

    birth_age = max(18, min(85, int(rng.gauss(42, 14))))
    birth = AS_OF - dt.timedelta(days=birth_age * 365 + rng.randrange(365))

    return {
        "id": f"06211{filed_on.year % 100:02d}{seq:05d}",
        "filed_on": filed_on,
        "commune": commune,
        "wished_communes": wished,
        "wished_typology": typology_for(rng, size),
        "household_size": size,
        "persons_14_plus": p14,
        "children_under_14": children,
        "dependants": dependants,
        "single_parent": single_parent,
        "couple": couple,
        "applicant_birth_date": birth,
        "monthly_income": income,
        "tax_income": tax_income,
        "current_housing": housing,
        "current_rent": rent,
        "current_rooms": rooms,
        "current_surface": surface,
        "motifs": motifs,
        "disability": disability,
        "dalo": dalo,
        "employment": employment,
        "employer_commune": employer,
        "violence_proof": violence_proof,
        "social_worker_validated": social_worker_validated,
        "last_refusal_on": last_refusal_on,
        "anru_rehousing": anru,
    }


def make_allocation(rng, seq):
    lease = date_between(rng, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    wait_months = max(1, int(math.exp(rng.gauss(math.log(14), 0.7))))
    filed_on = lease - dt.timedelta(days=int(wait_months * 30.4))
    size, p14, children, couple, _, _ = household(rng)
    qpv = rng.random() < 0.30
    residence_class = pick(rng, [("fragile", 45), ("intermediaire", 40), ("attractive", 5), (None, 10)]) if qpv \
        else pick(rng, [("fragile", 8), ("intermediaire", 47), ("attractive", 35), (None, 10)])
    dalo = rng.random() < 0.05
    reservataire = pick(rng, RESERVATAIRES)
    priority = dalo or reservataire == "PPRIOR" or rng.random() < 0.22
    return {
        "id": f"ATT24{seq:04d}",
        "demand_id": f"06211{filed_on.year % 100:02d}{90000 + seq:05d}",
        "landlord": pick(rng, LANDLORDS),
        "reservataire": reservataire,
        "commune": commune_of(rng),
        "qpv": qpv,
        "residence_class": residence_class,
        "typology": typology_for(rng, size),
        "financing": pick(rng, [("PLUS", 68), ("PLAI", 25), ("PLS", 7)]),
        "lease_signed_on": lease,
        "is_mutation": rng.random() < 0.25,
        "filed_on": filed_on,
        "monthly_income": monthly_income(rng, 2 if couple else 1),
        "persons_14_plus": p14,
        "children_under_14": children,
        "dalo": dalo,
        "anru_rehousing": rng.random() < 0.04,
        "priority": priority,
    }


def add_demand_fields(rng, d):
    """The fields added to the schema in 2025, drawn from their own stream so
    that every earlier value stays as it was: priority situations of L441-1
    that the other fields do not show, essential workers, and the protected
    fields (nationality, civility: statistics only, never a criterion)."""
    works = d["employment"] in ("CDI", "CDD", "ART", "APP")
    situations = []
    for code, per_mille, only_workers in [("sortie_act", 5, False), ("reprise_activite", 60, True),
                                          ("violences_sexuelles", 8, False), ("prostitution", 4, False),
                                          ("traite", 4, False)]:
        if (works or not only_workers) and rng.random() < per_mille / 1000:
            situations.append(code)
    d["priority_situations"] = situations or None
    d["essential_worker"] = works and rng.random() < 0.2
    d["nationality"] = pick(rng, [("FR", 84), ("UE", 4), ("HORS_UE", 12)])
    d["sex"] = "F" if rng.random() < 0.58 else "M"


def add_allocation_fields(rng, a):
    a["internal_transfer"] = a["is_mutation"] and rng.random() < 0.55
    a["essential_worker"] = rng.random() < 0.07


def write(path, fields, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(fields)
        for r in rows:
            w.writerow([fmt(r[k]) for k in fields])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--demands", type=int, default=400)
    ap.add_argument("--allocations", type=int, default=120)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))

    rng = random.Random(args.seed)
    demands = sorted((make_demand(rng, i + 1) for i in range(args.demands)), key=lambda r: r["id"])
    rng = random.Random(args.seed + 1)
    allocations = sorted((make_allocation(rng, i + 1) for i in range(args.allocations)),
                         key=lambda r: (r["lease_signed_on"], r["id"]))
    rng = random.Random(args.seed * 1000 + 17)
    for d in demands:
        add_demand_fields(rng, d)
    for a in allocations:
        add_allocation_fields(rng, a)
    write(os.path.join(here, "demands.csv"), DEMAND_FIELDS, demands)
    write(os.path.join(here, "allocations.csv"), ALLOCATION_FIELDS, allocations)


if __name__ == "__main__":
    main()
