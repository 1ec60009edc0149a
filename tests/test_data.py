"""National data: the tables, the Parquet export, SQL over it, the reporting status and the open-data package.

The promise checked here: the query views give the totals `budget` and `diff` print (on the bundled plans with the
illustrative monitoring report, and on a sample of the benchmark corpus with synthetic monitoring), `status` and
the `reporting_status` view agree, Parquet files are the same bytes on every run, money is exact everywhere, and
the data package validates with the frictionless library.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, REPO, CliRun
from stratplan import api

LEVELS = ("strategic_goal", "operational_goal", "task", "measure")


def _plans_copy(tmp: Path) -> Path:
    """The bundled plans with the illustrative monitoring report as Melitopol's 2023 report."""
    shutil.copytree(REPO / "plans", tmp / "plans")
    (tmp / "plans" / "melitopol" / "monitoring").mkdir()
    shutil.copy(REPO / "examples" / "monitoring" / "melitopol-2023.yaml", tmp / "plans" / "melitopol" / "monitoring" / "2023.yaml")
    return tmp


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _plans_copy(tmp_path_factory.mktemp("bundled"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six copies of the real plans with three years of synthetic monitoring (bench/build_corpus.py)."""
    spec = importlib.util.spec_from_file_location("build_corpus", REPO / "bench" / "build_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    root = tmp_path_factory.mktemp("corpus")
    module.build(6, 8, root / "plans", monitoring_years=3)
    return root


def _query(sql: str, *paths: Path) -> list[dict[str, Any]]:
    result = api.query(sql, list(paths), cache=None)
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def _budget_cli_rows(run_cli: Callable[..., CliRun], cwd: Path) -> Counter[tuple[Any, ...]]:
    """Every row `stratplan budget -f json` prints, at every level (each run adds the plan's rows; kept once)."""
    rows: Counter[tuple[Any, ...]] = Counter()
    plan_rows: set[tuple[Any, ...]] = set()
    for level in LEVELS:
        result = run_cli("budget", "plans", "-f", "json", "--level", level, "--no-cache", cwd=cwd)
        assert result.code == 0, result.err
        for plan in json.loads(result.out)["plans"]:
            for row in plan["rows"]:
                key = (row["community"], row["level"], row["code"], str(row["year"]), row["source"],
                       None if row["amount"] is None else Decimal(row["amount"]), row["basis"])
                if row["level"] == "plan":
                    plan_rows.add(key)
                else:
                    rows[key] += 1
    rows.update(plan_rows)
    return rows


def _budget_view_rows(*paths: Path) -> Counter[tuple[Any, ...]]:
    found = _query("SELECT community, level, code, year, source, amount, basis FROM budget", *paths)
    return Counter((r["community"], r["level"], r["code"] or "", "all" if r["year"] is None else str(r["year"]),
                    r["source"], r["amount"], r["basis"]) for r in found)


def test_budget_view_gives_the_rows_and_totals_budget_prints(bundled: Path, run_cli: Callable[..., CliRun]) -> None:
    view = _budget_view_rows(bundled / "plans")
    assert view == _budget_cli_rows(run_cli, bundled)
    assert len(view) == 298  # Melitopol's rows: the only plan of the three with amounts
    totals = _query("SELECT year, sum(amount) AS total FROM budget WHERE level = 'plan' AND basis = 'computed' "
                    "GROUP BY year ORDER BY year", bundled / "plans")
    assert [(r["year"], r["total"]) for r in totals] == [
        (2021, Decimal("2660.0")), (2022, Decimal("894.0")), (2023, Decimal("7586.2")), (2024, Decimal("1686.2")),
        (2025, Decimal("2241.2")), (2026, Decimal("5441.2")), (2027, Decimal("2941.2"))]
    lost = _query("SELECT year, amount, nodes FROM budget WHERE level = 'plan' AND basis = 'unknown' ORDER BY year",
                  bundled / "plans")  # the tasks whose cells the text dump lost: never counted as 0
    assert [(r["year"], r["amount"], r["nodes"]) for r in lost] == [
        (2021, None, "1.1.1; 1.1.2; 1.1.3; 1.2.1"), (2022, None, "1.1.1; 1.1.2; 1.1.3; 1.2.1"),
        *((year, None, "1.1.2; 1.1.3; 1.2.1") for year in range(2023, 2028))]


def _diff_json(run_cli: Callable[..., CliRun], cwd: Path, plan: str, period: str) -> dict[str, Any]:
    result = run_cli("diff", plan, "--period", period, "-f", "json", cwd=cwd)
    assert result.code == 0, result.err
    (found,) = json.loads(result.out)["plans"]
    return found  # type: ignore[no-any-return]


def _rounded(rate: str | None) -> float | None:
    return None if rate is None else float(Decimal(rate).quantize(Decimal("0.1"), ROUND_HALF_UP))


def _check_execution(view: list[dict[str, Any]], diff: dict[str, Any]) -> int:
    """The execution view's rows of one plan and period against `diff`'s JSON; how many were compared."""
    expected = {(breakdown, key): value for name, breakdown in (("by_level", "level"), ("by_source", "source"))
                for key, value in diff["execution"][name].items()}
    assert {(r["breakdown"], r["category"]) for r in view} == set(expected)
    for row in view:
        want = expected[(row["breakdown"], row["category"])]
        assert row["planned"] == Decimal(want["planned"])
        assert row["planned_unknown"] == want["planned_unknown"]
        assert row["actual"] == (None if want["actual"] is None else Decimal(want["actual"]))
        assert row["rate"] == _rounded(want["rate"])
    return len(view)


def test_execution_and_overdue_views_give_what_diff_prints(bundled: Path, run_cli: Callable[..., CliRun]) -> None:
    diff = _diff_json(run_cli, bundled, "plans/melitopol", "2023")
    view = _query("SELECT * FROM execution WHERE community = 'melitopol' AND period = '2023'", bundled / "plans")
    assert _check_execution(view, diff) == 3
    by_source = [r for r in view if r["breakdown"] == "source"]
    assert [(r["category"], r["planned"], r["actual"], r["rate"]) for r in by_source] == [
        ("all", Decimal("7586.2"), Decimal("3360.5"), 44.3)]
    overdue = _query("SELECT code, status, detail FROM overdue ORDER BY code", bundled / "plans")
    assert [(r["code"], r["status"], r["detail"]) for r in overdue] == [
        (s["code"], s["status"], s["detail"]) for s in sorted(diff["schedule"], key=lambda s: s["code"])
        if s["kind"] == "overdue"]
    assert len(overdue) > 0


def test_views_give_what_budget_and_diff_print_on_the_benchmark_corpus(corpus: Path,
                                                                        run_cli: Callable[..., CliRun]) -> None:
    plans = corpus / "plans"
    assert _budget_view_rows(plans) == _budget_cli_rows(run_cli, corpus)
    compared = 0
    reports = sorted(plans.glob("*/monitoring/*.yaml"))
    assert len(reports) >= 10
    execution = _query("SELECT * FROM execution", plans)
    overdue = _query("SELECT community, period, code FROM overdue", plans)
    for report in reports:
        community, period = report.parent.parent.name, report.stem
        diff = _diff_json(run_cli, corpus, f"plans/{community}", period)
        compared += _check_execution([r for r in execution if r["community"] == community and r["period"] == period],
                                     diff)
        assert sorted(r["code"] for r in overdue if r["community"] == community and r["period"] == period) == sorted(
            s["code"] for s in diff["schedule"] if s["kind"] == "overdue")
    assert compared == 15  # Melitopol's copies carry the money: 5 reports × (task, measure, source all)
    assert any(r["actual"] is not None and r["actual"] > 0 for r in execution)  # filled reports carry money


def test_a_parquet_export_answers_as_the_plans_do(corpus: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("export", "plans", "--format", "parquet", "--out", str(tmp_path / "data"), cwd=corpus)
    assert result.code == 0, result.err
    assert api.is_export(tmp_path / "data")
    for sql in ("SELECT * FROM budget ORDER BY ALL", "SELECT * FROM execution ORDER BY ALL",
                "SELECT * FROM overdue ORDER BY ALL", "SELECT * FROM reporting_status ORDER BY ALL",
                "SELECT * FROM findings ORDER BY ALL", "SELECT * FROM nodes ORDER BY ALL"):
        assert _query(sql, tmp_path / "data") == _query(sql, corpus / "plans"), sql


def test_views_sql_runs_over_the_parquet_files_as_a_warehouse_would(bundled: Path, tmp_path: Path) -> None:
    import duckdb

    api.write_data(api.data_tables([bundled / "plans"]), "parquet", tmp_path / "data")
    assert (tmp_path / "data" / "_views.sql").read_text(encoding="utf-8") == api.views_sql()
    con = duckdb.connect()
    for folder in sorted(p for p in (tmp_path / "data").iterdir() if p.is_dir()):
        con.execute(f"CREATE TABLE {folder.name} AS SELECT * FROM read_parquet('{folder}/**/*.parquet', "
                    "hive_partitioning = true)")
    con.execute(api.views_sql())
    sql = "SELECT plan, year, source, sum(amount) FROM budget WHERE level = 'plan' GROUP BY ALL ORDER BY ALL"
    assert con.execute(sql).fetchall() == [tuple(r.values()) for r in _query(sql, bundled / "plans")]
    assert con.execute("SELECT count(*) FROM reporting_status").fetchone() == (15,)  # 7 + 7 + 1 years owed


def test_status_and_the_reporting_status_view_agree(corpus: Path, run_cli: Callable[..., CliRun]) -> None:
    plans = corpus / "plans"
    view = _query("SELECT * FROM reporting_status", plans)
    for period in ("2021", "2022", "2023", "2024"):
        result = run_cli("status", "plans", "--period", period, "-f", "json", cwd=corpus)
        assert result.code == 0, result.err
        lines = [p for p in json.loads(result.out)["plans"] if p["expected"] or p["file"]]
        rows = sorted((r for r in view if r["period"] == period), key=lambda r: (r["oblast"], r["community"]))
        fields = ("plan", "expected", "state", "file", "timeliness", "items_active", "items_with_status", "validation",
                  "strategy_end", "expiry")
        assert [{f: line[f] for f in fields} for line in lines] == [{f: row[f] for f in fields} for row in rows]
        assert [line["submitted"] for line in lines] == [r["submitted"] and r["submitted"].isoformat() for r in rows]
        assert [line["deadline"] for line in lines] == [f"{int(period) + 1}-03-31"] * len(lines)


def test_status_follows_the_files(corpus: Path, run_cli: Callable[..., CliRun]) -> None:
    """Each state and timeliness as the corpus files show it, independently of the code that decides it."""
    seen: Counter[str] = Counter()
    for year in (2022, 2023, 2024):
        result = run_cli("status", "plans", "--period", str(year), "-f", "json", cwd=corpus)
        lines = {p["community"]: p for p in json.loads(result.out)["plans"]}
        assert len(lines) == 6
        for community, line in lines.items():
            file = corpus / "plans" / community / "monitoring" / f"{year}.yaml"
            if community.startswith("starobilsk"):  # an action plan for 2021
                assert (line["expected"], line["state"], line["timeliness"]) == (False, "not_expected", "")
                continue
            assert line["expected"] is True
            if not file.exists():
                assert (line["state"], line["timeliness"], line["file"]) == ("missing", "missing", None)
                seen["missing"] += 1
                continue
            text = file.read_text(encoding="utf-8")
            submitted = re.search(r"^submitted: (\S+)$", text, re.MULTILINE)
            if "status: " not in text.replace("status:  #", ""):
                assert line["state"] == "blank"
            else:
                assert line["state"] in ("partial", "complete")
            if submitted is None:
                assert line["timeliness"] == "unknown"
            else:
                on_time = dt.date.fromisoformat(submitted.group(1)) <= dt.date(year + 1, 3, 31)
                assert line["timeliness"] == ("on_time" if on_time else "late")
            seen[line["state"]] += 1
            seen[line["timeliness"]] += 1
    assert set(seen) >= {"missing", "blank", "complete", "on_time", "late", "unknown"}


def test_status_of_the_bundled_plans(bundled: Path, run_cli: Callable[..., CliRun]) -> None:
    from stratplan.compute import status

    assert api.DUE_MONTHS == status.DUE_MONTHS  # the command line's default is the computation's
    result = run_cli("status", "plans", "--period", "2026", "--date", "2026-04-15", cwd=bundled)
    assert result.code == 0, result.err
    assert result.out.splitlines()[-4:] == [
        "3 plan(s); 2 owe a report for 2026: 2 missing",
        "timeliness: 2 not_due",
        "strategies expiring within a year: 1; expired: 0",  # Starobilsk's strategy ends in 2026
        "plans failing validation: 3"]  # the documents' own defects are errors (docs/inventory)
    late = run_cli("status", "plans", "--period", "2026", "--date", "2027-04-01", "-f", "json", cwd=bundled)
    data = json.loads(late.out)
    assert [(p["community"], p["state"], p["timeliness"], p["expiry"]) for p in data["plans"]] == [
        ("melitopol", "missing", "overdue", "expiring"), ("starobilsk", "not_expected", "", "expired"),
        ("pervomaisk", "missing", "overdue", "expiring")]
    assert data["summary"]["expiring"] == 2 and data["summary"]["expired"] == 1
    melitopol = run_cli("status", "plans", "--period", "2023", "-f", "json", cwd=bundled)
    (line,) = [p for p in json.loads(melitopol.out)["plans"] if p["community"] == "melitopol"]
    assert (line["state"], line["timeliness"], line["file"], line["items_with_status"]) == (
        "partial", "unknown", "monitoring/2023.yaml", 5)


def test_a_plan_that_does_not_load_is_listed_not_totalled(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    shutil.copytree(FIXTURES / "broken", tmp_path / "plans" / "broken")
    shutil.copytree(FIXTURES / "monitored", tmp_path / "plans" / "monitored")
    result = run_cli("export", "plans", "-f", "parquet", "--out", "data", cwd=tmp_path)
    assert result.code == 0
    assert result.err.splitlines() == [
        "stratplan: 1 plan(s) did not load and have only plans and findings rows: plans/broken",
        "wrote 18 file(s) of 2 plan(s) to data"]
    plans = _query("SELECT community, loaded, errors, nodes FROM plans ORDER BY community", tmp_path / "data")
    assert plans == [{"community": "broken", "loaded": False, "errors": 5, "nodes": 0},  # as validate counts them
                     {"community": "monitored", "loaded": True, "errors": 0, "nodes": 7}]
    assert _query("SELECT DISTINCT community FROM budget", tmp_path / "data") == [{"community": "monitored"}]
    status = run_cli("status", "plans", "--period", "2022", "-f", "json", cwd=tmp_path)
    assert [(p["community"], p["state"], p["validation"]) for p in json.loads(status.out)["plans"]] == [
        ("broken", "unknown", "does_not_load"), ("monitored", "complete", "passes")]


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_parquet_export_is_partitioned_typed_described_and_byte_identical(bundled: Path, tmp_path: Path,
                                                                           run_cli: Callable[..., CliRun]) -> None:
    import pyarrow.parquet as pq

    first = run_cli("export", "plans", "-f", "parquet", "--out", str(tmp_path / "a"), cwd=bundled)
    second = run_cli("export", "plans", "-f", "parquet", "--out", str(tmp_path / "b"), "--no-cache", "-j", "2",
                     cwd=bundled)
    again = run_cli("export", "plans", "-f", "parquet", "--out", str(tmp_path / "a"), cwd=bundled)  # replaces
    assert (first.code, second.code, again.code) == (0, 0, 0)
    files = _tree(tmp_path / "a")
    assert files == _tree(tmp_path / "b")
    assert "planned/oblast=Запорізька/year=2023/part-0.parquet" in files
    assert "planned/oblast=Запорізька/year=__HIVE_DEFAULT_PARTITION__/part-0.parquet" in files  # whole-period rows
    assert "plans/oblast=Харківська/part-0.parquet" in files
    assert "actuals/oblast=Запорізька/year=2023/part-0.parquet" in files
    assert "targets/oblast=Харківська/year=2025/part-0.parquet" in files
    assert sorted({name.split("/")[0] for name in files}) == [
        "_stratplan.json", "_views.sql", "actuals", "execution_totals", "findings", "indicator_values", "indicators",
        "nodes", "planned", "plans", "progress", "reports", "schedule", "targets"]
    planned = pq.ParquetFile(tmp_path / "a" / "planned" / "oblast=Запорізька" / "year=2023" / "part-0.parquet")
    schema = planned.schema_arrow
    assert str(schema.field("amount").type) == "decimal128(38, 6)"
    assert all(schema.field(name).metadata[b"description"] for name in schema.names)
    assert schema.metadata[b"table"] == b"planned"
    assert "year" not in schema.names and "oblast" not in schema.names  # in the folder names (hive)
    manifest = json.loads((tmp_path / "a" / "_stratplan.json").read_text(encoding="utf-8"))
    assert [t["name"] for t in manifest["tables"]][:5] == ["plans", "nodes", "indicators", "targets", "planned"]
    assert manifest["tables"][0]["rows"] == 3


def test_money_stays_exact_in_every_unit_and_output(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = tmp_path / "plans" / "monitored"
    shutil.copytree(FIXTURES / "monitored", plan)
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(text.replace("money_unit: thousand_uah", "money_unit: uah"), encoding="utf-8")
    goal = plan / "goals" / "sg1.yaml"  # four decimals: seven in thousand UAH
    goal.write_text(goal.read_text(encoding="utf-8").replace("{2022: 10.25,", "{2022: 10.2345,"), encoding="utf-8")
    rows = _query("SELECT year, sum(amount) AS amount, sum(amount_thousand_uah) AS amount_thousand_uah, "
                  "typeof(sum(amount_thousand_uah)) AS type FROM budget WHERE level = 'plan' AND basis = 'computed' "
                  "GROUP BY year ORDER BY year", tmp_path / "plans")
    assert [(r["year"], r["amount"], r["amount_thousand_uah"], r["type"]) for r in rows] == [
        (2021, Decimal("30.0"), Decimal("0.03"), "DECIMAL(38,9)"),
        (2022, Decimal("50.2345"), Decimal("0.0502345"), "DECIMAL(38,9)"),
        (2023, Decimal("50.25"), Decimal("0.05025"), "DECIMAL(38,9)")]
    as_json = run_cli("query", "SELECT source, amount, amount_thousand_uah FROM budget WHERE level = 'plan' AND "
                      "year = 2022 AND basis = 'computed' ORDER BY source", "plans", "-f", "json", cwd=tmp_path)
    assert json.loads(as_json.out)["rows"] == [["attracted", "10.2345", "0.0102345"], ["local_budget", "40.0", "0.04"]]
    as_csv = run_cli("query", "SELECT year, source, amount, nodes FROM budget WHERE level = 'plan' AND basis = "
                     "'computed' ORDER BY year, source", "plans", "-f", "csv", cwd=tmp_path)
    assert as_csv.out == ("year,source,amount,nodes\r\n2021,local_budget,30.0,\r\n2022,attracted,10.2345,\r\n"
                          "2022,local_budget,40.0,\r\n2023,attracted,10.25,\r\n2023,local_budget,40.0,\r\n")


def test_an_amount_finer_than_the_tables_keep_is_refused_not_rounded() -> None:
    from stratplan.compute.tables import exact
    from stratplan.core.diagnostics import UsageError

    assert exact(Decimal("1.123456"), "p", "x") == Decimal("1.123456")
    assert exact(Decimal("1.1234560000"), "p", "x") == Decimal("1.1234560000")  # trailing zeros lose nothing
    with pytest.raises(UsageError, match=r"p: planned 1\.1 2023: 1\.1234567 has more than 6 decimal places"):
        exact(Decimal("1.1234567"), "p", "planned 1.1 2023")


def test_partition_folders_escape_what_a_path_cannot_hold(tmp_path: Path) -> None:
    plan = tmp_path / "plans" / "monitored"
    shutil.copytree(FIXTURES / "monitored", plan)
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(text.replace("oblast: Полтавська область", 'oblast: "Полтавська/тест=1 обл."'),
                                    encoding="utf-8")
    api.write_data(api.data_tables([tmp_path / "plans"]), "parquet", tmp_path / "data")
    assert (tmp_path / "data" / "plans" / "oblast=Полтавська%2Fтест%3D1").is_dir()
    assert _query("SELECT oblast, oblast_as_written FROM plans", tmp_path / "data") == [
        {"oblast": "Полтавська/тест=1", "oblast_as_written": "Полтавська/тест=1 обл."}]


def test_the_data_package_validates_and_describes_every_field(bundled: Path, tmp_path: Path,
                                                              run_cli: Callable[..., CliRun]) -> None:
    from frictionless import validate

    result = run_cli("export", "plans", "-f", "datapackage", "--out", str(tmp_path / "pkg"), cwd=bundled)
    assert result.code == 0
    assert result.err.startswith("wrote 13 file(s) of 3 plan(s) to ") and result.err.endswith("pkg\n")
    report = validate(str(tmp_path / "pkg" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text(encoding="utf-8"))
    fields = [f for r in descriptor["resources"] for f in r["schema"]["fields"]]
    assert len(descriptor["resources"]) == 12 and len(fields) > 150
    assert [f["name"] for f in fields if not f.get("description")] == []
    planned = (tmp_path / "pkg" / "data" / "planned.csv").read_bytes().decode("utf-8")
    assert ("Запорізька,2023,melitopol/strategy/2021-2027,melitopol,plan,,,false,false,all,,computed,7586.2,"
            "thousand_uah,\r\n") in planned
    again = tmp_path / "again"
    run_cli("export", "plans", "-f", "datapackage", "--out", str(again), cwd=bundled)
    assert _tree(again) == _tree(tmp_path / "pkg")
    data = tmp_path / "pkg" / "data" / "planned.csv"  # a changed figure no longer matches the package
    data.write_bytes(planned.replace(",7586.2,", ",7586.3,").encode("utf-8"))
    assert not validate(str(tmp_path / "pkg" / "datapackage.json")).valid


@pytest.mark.parametrize(("args", "message"), [
    (["export", "plans", "-f", "parquet"], "parquet writes a folder: name it with --out DIR"),
    (["query", "SELEC 1", "plans"], "query: Parser Error: syntax error at or near \"SELEC\""),
    (["query", "SELECT * FROM nothing", "plans"], "query: Catalog Error: Table with name nothing does not exist!"),
    (["status", "plans"], "status needs --period, a year like 2024 or a half-year like 2024-H1"),
    (["status", "plans", "--period", "2024", "--date", "24-1-1"], "--date takes a date like 2025-04-01, got '24-1-1'"),
])
def test_usage_errors(args: list[str], message: str, run_cli: Callable[..., CliRun]) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert result.err.startswith(f"stratplan: error: {message}"), result.err


def test_an_export_never_overwrites_a_folder_it_did_not_write(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    for fmt in ("parquet", "datapackage"):
        result = run_cli("export", str(REPO / "plans"), "-f", fmt, "--out", str(tmp_path / "mine"))
        assert result.code == 2
        assert "exists and is not a" in result.err
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]
    api.write_data(api.data_tables([REPO / "plans"]), "parquet", tmp_path / "data")
    mixed = run_cli("query", "SELECT 1", str(tmp_path / "data"), str(REPO / "plans"))
    assert mixed.code == 2 and "is an export folder: query one export, or plan folders, not both" in mixed.err


def test_query_output_formats(bundled: Path, run_cli: Callable[..., CliRun]) -> None:
    sql = ("SELECT community, period, category, planned, actual, rate FROM execution WHERE breakdown = 'level' "
           "ORDER BY category")
    table = run_cli("query", sql, "plans", cwd=bundled)
    assert table.out.splitlines()[-1] == "2 row(s)"
    assert "│ melitopol │ 2023   │ measure  │  5086.2 │   NULL │ NULL │" in table.out
    markdown = run_cli("query", sql, "plans", "-f", "markdown", cwd=bundled)
    assert markdown.out.splitlines() == [
        "| community | period | category | planned | actual | rate |", "|---|---|---|---:|---:|---:|",
        "| melitopol | 2023 | measure | 5086.2 | NULL | NULL |", "| melitopol | 2023 | task | 7586.2 | 3360.5 | 44.3 |"]
    data = json.loads(run_cli("query", sql, "plans", "-f", "json", cwd=bundled).out)
    assert data["columns"][3] == {"name": "planned", "type": "DECIMAL(38,6)"}
    assert data["rows"] == [["melitopol", "2023", "measure", "5086.2", None, None],
                            ["melitopol", "2023", "task", "7586.2", "3360.5", 44.3]]


def test_active_items_are_the_items_diff_finds_active(corpus: Path) -> None:
    from stratplan.compute.monitoring import active_nodes
    from stratplan.compute.status import active_items
    from stratplan.model.monitoring import Period

    for folder in sorted((corpus / "plans").iterdir())[:3]:
        view = api.load_plan(folder).view
        for period in (Period(year=2021), Period(year=2023, half=1), Period(year=2023, half=2), Period(year=2027)):
            assert active_items(view, period) == active_nodes(view, period)


def test_plans_without_a_plan_yaml_are_kept_apart_by_folder(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    for side in ("a", "b"):
        folder = tmp_path / "plans" / side / "same"
        shutil.copytree(FIXTURES / "sample", folder)
        (folder / "plan.yaml").write_text("issuer: [\n", encoding="utf-8")  # a syntax error: no metadata at all
    status = run_cli("status", "plans", "--period", "2022", "-f", "json", cwd=tmp_path)
    assert status.code == 0, status.err
    assert [(p["plan"], p["validation"], p["state"]) for p in json.loads(status.out)["plans"]] == [
        ("plans/a/same", "does_not_load", "not_expected"), ("plans/b/same", "does_not_load", "not_expected")]


def test_budget_view_on_plans_of_every_shape(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    """One- and two-level programmes (one in UAH), a passport with declared totals by source only, funding markers."""
    names = sorted(p.name for p in FIXTURES.iterdir() if (p / "plan.yaml").is_file() and p.name != "broken")
    for name in names:
        shutil.copytree(FIXTURES / name, tmp_path / "plans" / name)
    view = _budget_view_rows(tmp_path / "plans")
    assert view == _budget_cli_rows(run_cli, tmp_path)
    bases = {basis for (_c, _l, _code, _y, _s, _a, basis) in view}
    assert bases >= {"computed", "declared", "unknown"} and bases & {"within_appropriations", "not_required",
                                                                      "annual_budget"}
    units = _query("SELECT DISTINCT unit FROM budget ORDER BY unit", tmp_path / "plans")
    assert [r["unit"] for r in units] == ["thousand_uah", "uah"]


def test_execution_view_on_programmes_with_a_half_year_and_uah(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    reports = {"programme-2level": ("2024", "schema_version: 1\nperiod: {year: 2024}\nsubmitted: 2025-03-31\nitems:\n"
                                            '  "1.1": {status: completed, completed: 2024-12-20, actual: {district_budget: 100.0}}\n'
                                            '  "1.2": {status: in_progress, started: 2024-05-02, actual: {district_budget: 70.0, '
                                            "community_budgets: 20.0}}\n"),
               "programme-1level": ("2025-H1", "schema_version: 1\nperiod: {year: 2025, half: 1}\nsubmitted: 2025-10-01\n"
                                               'items:\n  "1": {status: in_progress, started: 2025-01-10, '
                                               "actual: {local_budget: 80000.00}}\n")}
    for name, (period, text) in reports.items():
        shutil.copytree(FIXTURES / name, tmp_path / "plans" / name)
        (tmp_path / "plans" / name / "monitoring").mkdir()
        (tmp_path / "plans" / name / "monitoring" / f"{period}.yaml").write_text(text, encoding="utf-8")
    execution = _query("SELECT * FROM execution", tmp_path / "plans")
    compared = 0
    for name, (period, _text) in reports.items():
        diff = _diff_json(run_cli, tmp_path, f"plans/{name}", period)
        compared += _check_execution([r for r in execution if r["period"] == period], diff)
    assert compared == 5  # two sources and a level, then a source and a level
    thousands = _query("SELECT actual, actual_thousand_uah FROM execution WHERE period = '2025-H1' AND breakdown = "
                       "'source'", tmp_path / "plans")
    assert thousands == [{"actual": Decimal("80000.00"), "actual_thousand_uah": Decimal("80.0")}]
    status = _query("SELECT community, period, expected, state, timeliness, deadline FROM reporting_status WHERE "
                    "file IS NOT NULL ORDER BY period", tmp_path / "plans")
    assert status == [
        {"community": "zrazkivskyi_raion", "period": "2024", "expected": True, "state": "partial",
         "timeliness": "on_time", "deadline": dt.date(2025, 3, 31)},
        {"community": "zrazkivska_silska", "period": "2025-H1", "expected": False, "state": "partial",
         "timeliness": "late", "deadline": dt.date(2025, 9, 30)}]


def test_a_query_over_an_export_loads_no_model_rule_or_pandas(tmp_path: Path) -> None:
    import subprocess

    api.write_data(api.data_tables([FIXTURES / "monitored"]), "parquet", tmp_path / "data")
    probe = ("import sys\nfrom stratplan.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('MODULES', ' '.join(sorted(sys.modules)))\n")
    run = subprocess.run([sys.executable, "-c", probe, "query", "SELECT count(*) AS n FROM budget", str(tmp_path / "data"),
                          "-f", "json"], capture_output=True, text=True, cwd=REPO, check=False)
    *output, modules = run.stdout.splitlines()
    assert json.loads("\n".join(output))["rows"] == [[28]]
    loaded = modules.split()[1:]
    assert [m for m in ("pandas", "rich", "stratplan.model", "stratplan.check", "stratplan.plan",
                        "stratplan.compute.rollup", "stratplan.pipeline.tables") if m in loaded] == []
    assert "duckdb" in loaded
