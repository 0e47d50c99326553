"""The city's organisations, for ordering and for recognising a name that simply has no plan yet.

Views list organisations in the city's order: bureaus (局) first, then wards (区) in ward order
(門司区, 若松区, 戸畑区, 小倉北区, 小倉南区, 八幡東区, 八幡西区: the order of the wards' codes 40101–40109,
as shared/domain.md lists them). Bureaus follow the city's organisation chart as far as listed here;
the names are those the published plans use (政策局, 総務市民局, 財政・変革局, 保健福祉局, 子ども家庭局, …).
A bureau missing from the list still sorts, after the listed ones, by name. This is reference data
for ordering and messages only: a plan's own ``organisation`` block is what identifies it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from xplan.plan.model import Plan

BUREAUS = ("政策局", "総務市民局", "財政・変革局", "都市ブランド創造局", "産業経済局", "環境局", "保健福祉局",
           "子ども家庭局", "都市戦略局", "都市整備局", "建設局", "港湾空港局", "消防局", "上下水道局", "交通局",
           "病院局")
WARDS = ("門司区", "若松区", "戸畑区", "小倉北区", "小倉南区", "八幡東区", "八幡西区")
KIND_ORDER = {"bureau": 0, "ward": 1}
# The ASCII file names (plans/<year>/<slug>.yaml) of the city's organisations: those of the bundled
# plans, and for the others the romanised name in the same style (xplan import names its draft so).
SLUGS = {
    "政策局": "seisaku", "総務市民局": "somu-shimin", "財政・変革局": "zaisei-henkaku",
    "都市ブランド創造局": "toshi-brand", "産業経済局": "sangyo-keizai", "環境局": "kankyo",
    "保健福祉局": "hoken-fukushi", "子ども家庭局": "kodomo-katei", "都市戦略局": "toshi-senryaku",
    "都市整備局": "toshi-seibi", "建設局": "kensetsu", "港湾空港局": "kowan-kuko", "消防局": "shobo",
    "上下水道局": "jogesuido", "交通局": "kotsu", "病院局": "byoin",
    "門司区": "moji", "若松区": "wakamatsu", "戸畑区": "tobata", "小倉北区": "kokurakita",
    "小倉南区": "kokuraminami", "八幡東区": "yahatahigashi", "八幡西区": "yahatanishi",
}


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def city_name(typed: str) -> str | None:
    """The city organisation a user's text names (八幡西区, 八幡西区役所, ＦＵＬＬ-width forms), or None."""
    norm = _norm(typed)
    for name in (*BUREAUS, *WARDS):
        if norm in (name, name + "役所"):
            return name
    return None


def slug_of(name: str) -> str:
    """The ASCII file name of a city organisation (``小倉北区`` -> ``kokurakita``)."""
    return SLUGS[name]


@lru_cache(maxsize=4096)  # sorting 25,000 issues asks for the same few names again and again
def org_key(name: str, kind: str | None = None) -> tuple[int, int, str]:
    """Sort key: bureaus, then wards; each in the city's order, unknown names after by name."""
    if kind not in KIND_ORDER:
        kind = "ward" if name in WARDS or name.endswith("区") else "bureau"
    listed = WARDS if kind == "ward" else BUREAUS
    return (KIND_ORDER[kind], listed.index(name) if name in listed else len(listed), name)


def plan_key(plan: Plan) -> tuple[tuple[int, int, str], int]:
    """Plans in the city's organisation order, each organisation's years in order (R6 < R7 < R10)."""
    year = plan.fiscal_year or ""
    return (org_key(plan.org.name, plan.org.kind), int(year[1:]) if year[1:].isdigit() else 0)
