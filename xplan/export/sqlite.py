"""The data set as a SQLite database, with a Datasette metadata file beside it.

Tables with their primary and foreign keys (xplan.export.tables), views for the joins people ask
for most, and full-text indexes (FTS5 with the trigram tokenizer: Japanese has no spaces between
words, and trigrams find any phrase of three characters or more without a word splitter).

The database is built in memory and written in one piece (``Connection.serialize``), atomically
by the caller; the same plans give the same bytes (SQLite writes no time into its file).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from xplan.export import tables as T

_SQL_TYPES = {T.INTEGER: "INTEGER", T.BOOLEAN: "INTEGER"}

# The common joins, each with a Japanese title and description for Datasette.
VIEWS: tuple[tuple[str, str, str, str], ...] = (
    ("issue_overview", "課題の一覧", "課題に組織の種別と計画の様式を付けた一覧（xplan issues と同じ行）。", """
        SELECT i.id, i.organisation, o.kind AS organisation_kind, i.fiscal_year, p.template, p.layout,
               i.code, i.label, i.title, i.field, i.domain, i.impact, i.urgency, i.quadrant, i.action_count
        FROM issues i JOIN plans p ON p.id = i.plan_id JOIN organisations o ON o.id = p.organisation_id
        ORDER BY p.id, i.position"""),
    ("quarterly_schedule", "四半期表", "四半期表のセルに組織・年度・課題・取組を付けたもの（xplan schedule の内容）。", """
        SELECT c.id, i.organisation, i.fiscal_year, i.code AS issue_code, i.title AS issue_title,
               a.number AS action_number, a.title AS action_title, r.label AS row_label, r.period,
               c.quarter, c.quarter_label, c.text, c.continues
        FROM schedule_cells c JOIN schedule_rows r ON r.id = c.row_id JOIN issues i ON i.id = r.issue_id
        LEFT JOIN actions a ON a.id = r.action_id
        ORDER BY i.plan_id, i.position, r.position, c.quarter"""),
    ("progress_by_action", "取組ごとの進捗", "⑥ 進捗状況に組織・年度・課題・取組を付けたもの。", """
        SELECT g.id, i.organisation, i.fiscal_year, i.code AS issue_code, i.title AS issue_title,
               g.action_number, a.title AS action_title, g.as_of, g.label, g.text
        FROM progress g JOIN issues i ON i.id = g.issue_id LEFT JOIN actions a ON a.id = g.action_id
        ORDER BY i.plan_id, i.position, g.position"""),
    ("findings_by_plan", "計画ごとの検査結果", "検査結果に組織・年度・課題を付けたもの。", """
        SELECT f.id, p.organisation, p.fiscal_year, i.code AS issue_code, f.file, f.line, f.column,
               f.severity, f.code, f.rule, f.message
        FROM lint_findings f JOIN plans p ON p.id = f.plan_id LEFT JOIN issues i ON i.id = f.issue_id
        ORDER BY p.id, f.line, f.column, f.code"""),
)

# Full-text indexes: (index, table, columns). External content: the text is stored once. One index,
# on texts (every sentence, with its plan and issue): a second one on the issues' text columns
# would index the same words again and took as long again to build (bench/export.py).
FTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("texts_fts", "texts", ("text",)),
)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_sql(table: T.TableDef) -> str:
    cols = []
    for c in table.columns:
        kind = _SQL_TYPES.get(c.type, "TEXT")
        key = " PRIMARY KEY" if c.name == table.primary_key else ""
        cols.append(f"{_q(c.name)} {kind}{key}{' NOT NULL' if c.required and not key else ''}")
    for fk in table.foreign_keys:
        cols.append(f"FOREIGN KEY ({_q(fk.column)}) REFERENCES {_q(fk.table)} ({_q(fk.target)})")
    return f"CREATE TABLE {_q(table.name)} (\n  " + ",\n  ".join(cols) + "\n)"


def database(data: T.DataSet) -> bytes:
    """The database file's bytes."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute("PRAGMA foreign_keys = ON")
        with con:
            for t in data.tables:
                con.execute(create_sql(t.table))
                marks = ", ".join("?" for _ in t.table.columns)
                # booleans go in as they are: sqlite3 stores True and False as the integers 1 and 0
                con.executemany(f"INSERT INTO {_q(t.table.name)} VALUES ({marks})", t.rows)
            for t in data.tables:  # the columns people filter and join on
                for fk in t.table.foreign_keys:
                    con.execute(f"CREATE INDEX {_q(f'{t.table.name}_{fk.column}')} ON {_q(t.table.name)} "
                                f"({_q(fk.column)})")
            for name, _title, _description, sql in VIEWS:
                con.execute(f"CREATE VIEW {_q(name)} AS {sql.strip()}")
            for index, table, columns in FTS:
                cols = ", ".join(_q(c) for c in columns)
                rowid = ", content_rowid=" + _q("id") if table == "texts" else ""
                con.execute(f"CREATE VIRTUAL TABLE {_q(index)} USING fts5({cols}, content=\"{table}\"{rowid}, "
                            "tokenize='trigram')")
                con.execute(f"INSERT INTO {_q(index)}({_q(index)}) VALUES ('rebuild')")
        problems = con.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # a bug in the builder, never a problem of the plans
            raise AssertionError(f"foreign keys that point nowhere: {problems[:5]}")
        return con.serialize()  # built in one go: no free pages for VACUUM to reclaim
    finally:
        con.close()


def metadata(data: T.DataSet, database_name: str) -> dict[str, Any]:
    """Datasette's metadata: titles and descriptions in Japanese, facets, labels, full-text search."""
    tables: dict[str, Any] = {}
    for t in data.tables:
        d = t.table
        entry: dict[str, Any] = {
            "title": d.title, "description": d.description,
            "columns": {c.name: f"{c.title}：{c.description}" for c in d.columns},
        }
        if d.facets:
            entry["facets"] = list(d.facets)
        if d.label_column:
            entry["label_column"] = d.label_column
        tables[d.name] = entry
    for index, table, _cols in FTS:
        tables[table]["fts_table"] = index
        tables[index] = {"hidden": True}
    for name, title, description, _sql in VIEWS:
        tables[name] = {"title": title, "description": description}
    tables["issue_overview"]["facets"] = ["organisation", "fiscal_year", "domain", "field", "quadrant"]
    tables["quarterly_schedule"]["facets"] = ["organisation", "fiscal_year", "quarter"]
    tables["findings_by_plan"]["facets"] = ["organisation", "fiscal_year", "severity", "code"]
    return {
        "title": "北九州市 局区X方針",
        "description": "北九州市の局・区の局区X方針（年度ごとの変革の計画）を xplan export で書き出したデータ。"
                       "表の説明は各表のページにあります。本文の全文検索は texts 表（trigram）で。",
        "source": "局区X方針（各局・区の公表文書）",
        "databases": {database_name: {"title": "局区X方針", "tables": tables}},
    }


def metadata_text(data: T.DataSet, database_name: str) -> str:
    return json.dumps(metadata(data, database_name), ensure_ascii=False, indent=2) + "\n"
