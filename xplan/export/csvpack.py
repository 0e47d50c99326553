"""The data set as a folder of CSV files (UTF-8 with a BOM, so that Excel reads the Japanese) and a
Frictionless Data Package (``datapackage.json``) that describes them: each file's columns with
their types, Japanese titles and descriptions, primary and foreign keys."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from xplan.export import tables as T

DESCRIPTOR = "datapackage.json"


def _cell(v: object) -> object:
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else v


def table_csv(t: T.TableData) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180
    w.writerow(t.table.names)
    w.writerows([_cell(v) for v in row] for row in t.rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _field(c: T.Column) -> dict[str, Any]:
    out: dict[str, Any] = {"name": c.name, "type": c.type, "title": c.title, "description": c.description}
    if c.required:
        out["constraints"] = {"required": True}
    return out


def descriptor(data: T.DataSet) -> dict[str, Any]:
    resources = []
    for t in data.tables:
        d = t.table
        schema: dict[str, Any] = {"fields": [_field(c) for c in d.columns], "primaryKey": [d.primary_key]}
        if d.foreign_keys:
            schema["foreignKeys"] = [{"fields": [fk.column], "reference": {"resource": fk.table, "fields": [fk.target]}}
                                     for fk in d.foreign_keys]
        resources.append({
            "name": d.name, "path": f"{d.name}.csv", "profile": "tabular-data-resource", "title": d.title,
            "description": d.description, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": schema,
        })
    return {
        "profile": "tabular-data-package", "name": "xplan-plans", "title": "北九州市 局区X方針",
        "description": "北九州市の局・区の局区X方針（年度ごとの変革の計画）を xplan export で書き出したデータ。",
        "resources": resources,
    }


def files(data: T.DataSet) -> dict[str, bytes]:
    """Every file of the package, by name."""
    out = {f"{t.table.name}.csv": table_csv(t) for t in data.tables}
    out[DESCRIPTOR] = (json.dumps(descriptor(data), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return out
