"""The documented views over the tables, as SQL any engine runs: DuckDB here (`stratplan query`), Spark SQL or a
warehouse over the same Parquet (an export's `_views.sql`).

The views answer what analysts ask across plans; each is plain SQL over the tables:

- `budget`: planned money as `stratplan budget` computes it (every node and the plan's total, per year, source
  and basis), with the plan's oblast and issuer, the node's title, and the amount in thousand UAH whatever the
  plan's unit;
- `execution`: planned against actual money of each monitoring report, per funding source and per level, as
  `stratplan diff` totals it, with the execution rate;
- `overdue`: items whose term ended by a report's period and are not completed, as `stratplan diff` lists them;
- `reporting_status`: each report a plan owes or filed: its state, deadline and timeliness, the plan's
  validation and whether its strategy has expired or expires within a year of the period.
"""

from __future__ import annotations

THOUSANDS = ("CASE WHEN {t}.unit = 'uah' THEN CAST(CAST({t}.{c} AS DECIMAL(34, 6)) * 0.001 AS DECIMAL(38, 9)) "
             "ELSE CAST({t}.{c} AS DECIMAL(38, 9)) END")
"""An amount in thousand UAH, exact: both branches of one type (DuckDB rounds a CASE of two decimal types to the
smaller scale), and a product whose precision stays within 38 digits (34 + 3 + 1), so that Spark, which would
otherwise trade scale for precision, keeps all nine decimals too."""

VIEWS: dict[str, tuple[str, str]] = {
    "budget": ("planned money as `stratplan budget` computes it, with oblast, issuer, node title and the amount in "
               "thousand UAH", f"""
SELECT m.oblast, m.community, m.plan, p.issuer_name, p.kind, m.level, m.node, m.code, n.title, m.year, m.source,
       m.source_kind, m.basis, m.amount, m.unit, {THOUSANDS.format(t="m", c="amount")} AS amount_thousand_uah,
       m.top_level, m.counted, m.nodes
FROM planned AS m
JOIN plans AS p ON p.plan = m.plan
LEFT JOIN nodes AS n ON n.plan = m.plan AND n.node = m.node"""),
    "execution": ("planned against actual money per monitoring report, by source and by level, as `stratplan diff` "
                  "totals it, with the execution rate in percent", f"""
SELECT e.oblast, e.community, e.plan, p.issuer_name, p.kind, e.period, e.year, e.breakdown, e.category, e.planned,
       e.planned_unknown, e.actual,
       CASE WHEN e.actual IS NULL OR e.planned = 0 THEN NULL
            ELSE round(CAST(e.actual AS DOUBLE) * 100 / CAST(e.planned AS DOUBLE), 1) END AS rate,
       e.unit, {THOUSANDS.format(t="e", c="planned")} AS planned_thousand_uah,
       {THOUSANDS.format(t="e", c="actual")} AS actual_thousand_uah
FROM execution_totals AS e
JOIN plans AS p ON p.plan = e.plan"""),
    "overdue": ("items whose term ended by a report's period and that are not completed, as `stratplan diff` lists "
                "them", """
SELECT s.oblast, s.community, s.plan, p.issuer_name, s.period, s.year, s.node, s.code, n.level, n.title, s.term,
       s.status, s.detail
FROM schedule AS s
JOIN plans AS p ON p.plan = s.plan
LEFT JOIN nodes AS n ON n.plan = s.plan AND n.node = s.node
WHERE s.kind = 'overdue'"""),
    "reporting_status": ("each monitoring report a plan owes or filed: state, deadline, timeliness; the plan's "
                         "validation; its strategy expired or expiring within a year of the period", """
SELECT r.oblast, r.community, r.plan, p.issuer_name, p.kind, r.period, r.year, r.half, r.expected, r.state, r.file,
       r.illustrative, r.submitted, r.deadline, r.timeliness, r.items_active, r.items_with_status, p.errors,
       p.warnings,
       CASE WHEN NOT p.loaded THEN 'does_not_load' WHEN p.errors > 0 THEN 'fails' ELSE 'passes' END AS validation,
       p.strategy_end,
       CASE WHEN p.strategy_end IS NULL THEN ''
            WHEN p.strategy_end < r.year THEN 'expired'
            WHEN p.strategy_end <= r.year + CASE WHEN r.half = 1 THEN 0 ELSE 1 END THEN 'expiring'
            ELSE '' END AS expiry
FROM reports AS r
JOIN plans AS p ON p.plan = r.plan"""),
}
"""The documented views: name -> (what it holds, its SELECT over the tables)."""


def views_sql() -> str:
    """`CREATE VIEW` statements of every view, over tables named as the export's folders."""
    return "".join(f"-- {name}: {text}\nCREATE OR REPLACE VIEW {name} AS{select};\n\n"
                   for name, (text, select) in VIEWS.items())


