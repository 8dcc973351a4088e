// The CAHC grid (rules/cahc/cahc.yaml) as ONE DuckDB SQL query over the demands CSV, for the peer
// comparison of docs/performance.md. Not run by CI; see run.sh.
//
//   node duckdb_cahc.mjs DEMANDS.csv OUT.csv [--as-of YYYY-MM-DD] [--positioning] [--threads N]
//       writes id,score (with --positioning also rank,group_size,percentile,flags, as `cotation
//       score` computes them) and prints the query's time on stdout: `duckdb_seconds=S`.
//   node duckdb_cahc.mjs --check DUCKDB_OUT.csv COTATION_SCORES.csv [--positioning]
//       compares the two files on every id: prints the number of rows whose score (and, with
//       --positioning, rank, group size, percentile, flags) differ; exit status 1 when any does.
//
// The grid is written by hand in SQL, criterion by criterion, with the engine's null rules: a
// criterion whose condition is null gives 0 (CASE WHEN null -> ELSE), `requires` fields must be
// true, `x ?? 0` is coalesce, a division by zero is null (nullif), `combine: max` is greatest() of
// the criteria (all their points are >= 0, so 0 when none applies), the priorities rubric is capped
// at 40, the grid total floored at 0. Every column is read with an explicit type.
import { DuckDBInstance } from '@duckdb/node-api';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
};
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};

const check = flag('--check');
const positioning = flag('--positioning');
const asOf = option('--as-of', '2025-06-01');
const threads = option('--threads', undefined);
if (args.length !== 2 || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
  console.error('usage: node duckdb_cahc.mjs DEMANDS.csv OUT.csv [--as-of YYYY-MM-DD] [--positioning] [--threads N]\n' +
                '       node duckdb_cahc.mjs --check DUCKDB_OUT.csv COTATION_SCORES.csv [--positioning]');
  process.exit(2);
}
const sqlString = (s) => "'" + s.replaceAll("'", "''") + "'";

// The demand record of rules/schema/sne.yaml, with explicit types (lists as text, split below).
const COLUMNS = `{
  'id': 'VARCHAR', 'filed_on': 'DATE', 'commune': 'VARCHAR', 'wished_communes': 'VARCHAR',
  'wished_typology': 'VARCHAR', 'household_size': 'INTEGER', 'persons_14_plus': 'INTEGER',
  'children_under_14': 'INTEGER', 'dependants': 'INTEGER', 'single_parent': 'BOOLEAN', 'couple': 'BOOLEAN',
  'applicant_birth_date': 'DATE', 'monthly_income': 'DOUBLE', 'tax_income': 'DOUBLE',
  'current_housing': 'VARCHAR', 'current_rent': 'DOUBLE', 'current_rooms': 'INTEGER',
  'current_surface': 'DOUBLE', 'motifs': 'VARCHAR', 'disability': 'BOOLEAN', 'dalo': 'BOOLEAN',
  'employment': 'VARCHAR', 'employer_commune': 'VARCHAR', 'violence_proof': 'BOOLEAN',
  'social_worker_validated': 'BOOLEAN', 'last_refusal_on': 'DATE', 'anru_rehousing': 'BOOLEAN'
}`;

const COMMUNES_CAHC = ['62145', '62215', '62249', '62250', '62274', '62276', '62321', '62427', '62497', '62907',
                       '62587', '62624', '62637', '62724'].map(sqlString).join(', ');
// q1_threshold is dated in the grid: 7400 from 2024-01-01, 7650 from 2025-01-01.
const q1 = asOf >= '2025-01-01' ? 7650 : 7400;
// months_between(d, as_of) as the engine defines it (not DuckDB's date_diff, which ignores days).
const A = `DATE '${asOf}'`;
const monthsTo = (d) => `((year(${A}) - year(${d})) * 12 + (month(${A}) - month(${d})) - CASE WHEN day(${A}) < day(${d}) THEN 1 ELSE 0 END)`;

function query(input) {
  const scored = `
WITH d AS (
  SELECT *,
         string_split(motifs, '|') AS m,
         1 + 0.5::DOUBLE * (persons_14_plus - 1) + 0.3::DOUBLE * children_under_14 AS uc,
         ${monthsTo('filed_on')} AS months_filed,
         ${monthsTo('last_refusal_on')} AS months_refusal,
         coalesce(violence_proof, false) AS proof,
         coalesce(social_worker_validated, false) AS checked
  FROM read_csv(${sqlString(input)}, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false,
                columns = ${COLUMNS})
),
c AS (
  SELECT *,
         list_contains(m, '03') AS c03, list_contains(m, '05') AS c05, list_contains(m, '06') AS c06,
         list_contains(m, '08') AS c08, list_has_any(m, ['18', '19']) AS c1819,
         children_under_14 >= 1 AND current_rooms >= 1 AND household_size >= 2 * current_rooms AS surocc_mineurs,
         current_rooms >= 1 AND household_size >= 2 * current_rooms AS surocc,
         current_rooms >= household_size + 2 AS sous_occ,
         coalesce(current_rent, 0) / nullif(monthly_income, 0) AS effort,
         (monthly_income - coalesce(current_rent, 0)) / nullif(uc, 0) AS rav,
         employer_commune IN (${COMMUNES_CAHC}) AS emploi
  FROM d
),
s AS (
  SELECT *,
    CASE WHEN dalo THEN 50 ELSE 0 END
    + least(CASE WHEN disability THEN 15 ELSE 0 END
            + CASE WHEN c06 AND proof THEN 30 ELSE 0 END
            + CASE WHEN c05 THEN 20 ELSE 0 END
            + CASE WHEN current_housing <> 'HLM' AND current_housing = 'CDEFCM' AND checked THEN 15 ELSE 0 END, 40)
    + CASE WHEN current_housing = 'HLM' THEN
        greatest(CASE WHEN c03 AND checked THEN 20 ELSE 0 END,
                 CASE WHEN surocc_mineurs THEN 15 ELSE 0 END,
                 CASE WHEN surocc THEN 8 ELSE 0 END,
                 CASE WHEN sous_occ THEN 10 ELSE 0 END,
                 CASE WHEN c08 AND checked THEN 10 ELSE 0 END)
      ELSE
        greatest(CASE WHEN current_housing IN ('SD', 'SQUAT', 'CAMCAR') THEN 25 ELSE 0 END,
                 CASE WHEN current_housing = 'HOT' THEN 20 ELSE 0 END,
                 CASE WHEN current_housing IN ('SH', 'RS', 'RHVS', 'SLHT') THEN 15 ELSE 0 END,
                 CASE WHEN current_housing = 'CP' THEN 12 ELSE 0 END,
                 CASE WHEN current_housing = 'CPE' THEN 6 ELSE 0 END)
        + greatest(CASE WHEN c03 AND checked THEN 20 ELSE 0 END,
                   CASE WHEN surocc_mineurs THEN 15 ELSE 0 END,
                   CASE WHEN surocc THEN 8 ELSE 0 END)
      END
    + greatest(CASE WHEN effort > 0.40::DOUBLE THEN 10 ELSE 0 END,
               CASE WHEN effort > 0.30::DOUBLE THEN 5 ELSE 0 END,
               CASE WHEN rav < 300 THEN 10 ELSE 0 END,
               CASE WHEN rav < 500 THEN 5 ELSE 0 END)
    + CASE WHEN current_housing = 'HLM' AND c1819 AND checked THEN 5 ELSE 0 END
    + CASE WHEN emploi THEN 3 ELSE 0 END
    + CASE WHEN filed_on IS NULL THEN 0 ELSE least(greatest(months_filed * 1, 0), 36) END
    + CASE WHEN last_refusal_on IS NOT NULL AND months_refusal < 12 THEN -20 ELSE 0 END AS total,
    current_housing IS NOT NULL AND id IS NOT NULL AS is_scored
  FROM c
)`;
  if (!positioning) return `${scored}
SELECT id, CASE WHEN is_scored THEN greatest(total, 0) END AS score FROM s`;
  return `${scored},
p AS (
  SELECT *, CASE WHEN is_scored THEN greatest(total, 0) END AS score,
         concat_ws('|',
           CASE WHEN dalo THEN 'dalo' END,
           CASE WHEN coalesce(dalo OR disability
                     OR current_housing IN ('SD', 'SQUAT', 'CAMCAR', 'HOT', 'SH', 'RS', 'RHVS', 'SLHT', 'CP', 'CDEFCM')
                     OR (c06 AND violence_proof) OR c05 OR (c03 AND social_worker_validated) OR surocc_mineurs, false)
                THEN 'public_prioritaire' END,
           CASE WHEN months_filed > 24 THEN 'delai_anormal' END,
           CASE WHEN ${A} - filed_on >= 0 AND ${A} - filed_on <= 31 THEN 'accueil_un_mois' END,
           CASE WHEN monthly_income * 12 / nullif(uc, 0) < ${q1} THEN 'premier_quartile' END) AS flags
  FROM s
)
SELECT id, score,
       CASE WHEN is_scored THEN row_number() OVER w END AS rank,
       CASE WHEN is_scored THEN count(*) OVER g END AS group_size,
       CASE WHEN is_scored THEN (100 * row_number() OVER w + count(*) OVER g - 1) // count(*) OVER g END AS percentile,
       flags
FROM p
WINDOW g AS (PARTITION BY is_scored, wished_typology, split_part(wished_communes, '|', 1)),
       w AS (PARTITION BY is_scored, wished_typology, split_part(wished_communes, '|', 1)
             ORDER BY score DESC, filed_on ASC NULLS LAST, id ASC)`;
}

const options = threads ? { threads: String(threads) } : {};
const instance = await DuckDBInstance.create(':memory:', options);
const conn = await instance.connect();

if (check) {
  const [mine, reference] = args;
  const read = (path) => `read_csv(${sqlString(path)}, header = true, all_varchar = true, auto_detect = false, columns = ${
    positioning ? "{'id': 'VARCHAR', 'score': 'VARCHAR', 'rank': 'VARCHAR', 'group_size': 'VARCHAR', 'percentile': 'VARCHAR', 'flags': 'VARCHAR'}"
                : "{'id': 'VARCHAR', 'score': 'VARCHAR'}"})`;
  const cotation = `(SELECT id, score, rank, group_size, percentile, flags FROM read_csv(${sqlString(reference)}, header = true, all_varchar = true))`;
  const cols = positioning ? ['score', 'rank', 'group_size', 'percentile', 'flags'] : ['score'];
  const differs = cols.map((c) => `coalesce(a.${c}, '') IS DISTINCT FROM coalesce(b.${c}, '')`).join(' OR ');
  const result = await conn.runAndReadAll(`
    SELECT count(*) AS rows_duckdb,
           (SELECT count(*) FROM ${cotation}) AS rows_cotation,
           count(b.id) AS matched,
           count(*) FILTER (WHERE b.id IS NULL OR ${differs}) AS differing
    FROM ${read(mine)} a LEFT JOIN ${cotation} b ON a.id = b.id`);
  const [row] = result.getRowObjectsJS();
  const out = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  console.log(`check (${cols.join(', ')}): ${out.rows_duckdb} duckdb rows, ${out.rows_cotation} cotation rows, ` +
              `${out.matched} matched by id, ${out.differing} differing`);
  if (out.differing > 0) {
    const sample = await conn.runAndReadAll(`
      SELECT a.*, b.* FROM ${read(mine)} a LEFT JOIN ${cotation} b ON a.id = b.id
      WHERE b.id IS NULL OR ${differs} LIMIT 5`);
    console.log(sample.getRowsJS());
  }
  process.exit(out.differing === 0 && out.rows_duckdb === out.rows_cotation ? 0 : 1);
}

const [input, output] = args;
const t0 = performance.now();
await conn.run(`COPY (${query(input)}) TO ${sqlString(output)} (HEADER, DELIMITER ',')`);
const seconds = (performance.now() - t0) / 1000;
console.log(`duckdb_seconds=${seconds.toFixed(3)}`);
