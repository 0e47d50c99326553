"""The tables of the exported data set: names, keys, column types, and Japanese titles and
descriptions (what Datasette's metadata.json and the Data Package's datapackage.json say).

One definition serves every format (SQLite, CSV + datapackage.json, xlsx), so the formats cannot
disagree on a column's name, type or meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Frictionless field types; SQLite gets INTEGER for integer and boolean (0/1), TEXT for the rest.
STRING, INTEGER, BOOLEAN, YEARMONTH, DATE = "string", "integer", "boolean", "yearmonth", "date"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    title: str        # 日本語の見出し
    description: str  # 日本語の説明
    required: bool = False


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str
    target: str = "id"


@dataclass(frozen=True)
class TableDef:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: str = "id"
    foreign_keys: tuple[ForeignKey, ...] = ()
    facets: tuple[str, ...] = ()
    label_column: str | None = None  # what Datasette shows for a row a foreign key points to

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: str, title: str, description: str, required: bool = False) -> Column:
    return Column(name, type_, title, description, required)


ORGANISATIONS = TableDef(
    "organisations", "組織", "局・区（計画を出す組織）。1組織1行。",
    (
        _c("id", STRING, "組織ID", "組織の英字スラッグ（計画ファイル名と同じ。例: seisaku）", True),
        _c("name", STRING, "組織名", "文書に書かれた組織名（例: 政策局、小倉北区）", True),
        _c("kind", STRING, "種別", "bureau（局）または ward（区）"),
        _c("aliases", STRING, "別名", "組織の別名（「、」区切り）"),
    ),
    facets=("kind",), label_column="name",
)

PLANS = TableDef(
    "plans", "計画", "局区X方針（組織と年度ごとの計画）。1計画1行。",
    (
        _c("id", STRING, "計画ID", "年度/組織ID（例: R7/seisaku）", True),
        _c("organisation_id", STRING, "組織ID", "計画を出した組織（organisations.id）", True),
        _c("organisation", STRING, "組織名", "組織名（絞り込み用）", True),
        _c("fiscal_year", STRING, "年度", "令和の年度（R7 = 令和7年度 = 2025年4月～2026年3月）", True),
        _c("fiscal_year_start", INTEGER, "年度の開始年", "年度が始まる西暦年（R7 なら 2025）"),
        _c("template", STRING, "様式", "市の様式の版（R6 の様式にはマトリクスと四半期表がない）"),
        _c("layout", STRING, "体裁", "current（現行様式）、ward_themes（区のテーマ型）、retrospective（振り返りシート）"),
        _c("file", STRING, "ファイル", "計画ファイルの場所（plans フォルダからの相対パス）"),
        _c("source_document", STRING, "出典文書", "転記元の文書"),
        _c("source_title", STRING, "文書名", "文書の題名（文書にあるとき）"),
        _c("mission", STRING, "1 組織の使命", "組織の使命（段落・項目は改行区切り）"),
        _c("budget_label", STRING, "予算の見出し", "2 基本情報 (1) の見出し（例: 令和7年度局全体当初予算額）"),
        _c("budget", STRING, "当初予算額", "2 基本情報 (1) 予算額（文書の表記のまま）"),
        _c("units_label", STRING, "組織の見出し", "2 基本情報 (2) の見出し（例: 組織(部名) (R7.4.1付)）"),
        _c("units_as_of", DATE, "組織の基準日", "組織一覧の基準日"),
        _c("units", STRING, "組織（部・課）", "2 基本情報 (2) 部・課の名前（「、」区切り）"),
        _c("partner_bodies", STRING, "所管の政策連携団体", "2 基本情報 (3)（文書に「なし」とあれば なし）"),
        _c("facilities_direct", STRING, "主な公共施設（直営）", "2 基本情報 (4) 直営の施設（「、」区切り）"),
        _c("facilities_designated_manager", STRING, "主な公共施設（指定管理）", "2 基本情報 (4) 指定管理の施設"),
        _c("facilities_other", STRING, "主な公共施設（その他）", "2 基本情報 (4) その他の施設"),
        _c("review_overall", STRING, "振り返り：全体（総評）", "3 前年度の振り返り：全体の振り返り(総評)"),
        _c("review_achieved", STRING, "振り返り：実現した変革", "3 変革が実現した課題・取組内容・市民にもたらされた効果"),
        _c("review_fell_short", STRING, "振り返り：不十分だった項目", "3 取組・進捗が十分でなかった項目・内容(理由)・次年度に向けた考え"),
        _c("issue_count", INTEGER, "課題数", "計画の課題の数"),
    ),
    foreign_keys=(ForeignKey("organisation_id", "organisations"),),
    facets=("organisation", "fiscal_year", "layout"), label_column="id",
)

ISSUES = TableDef(
    "issues", "課題", "計画の課題（4 課題）。1課題1行。文章の列は段落・項目を改行で区切る。",
    (
        _c("id", STRING, "課題ID", "計画ID/課題コード（例: R7/seisaku/A1）", True),
        _c("plan_id", STRING, "計画ID", "課題のある計画（plans.id）", True),
        _c("organisation", STRING, "組織名", "組織名（絞り込み用）", True),
        _c("fiscal_year", STRING, "年度", "計画の年度（絞り込み用）", True),
        _c("position", INTEGER, "順番", "計画の中の課題の順番（1から）", True),
        _c("code", STRING, "課題コード", "課題領域の英字と番号（A1 は 課題A（1））", True),
        _c("domain", STRING, "課題領域", "A（行政サービス現場改善）、B（実行中・実行に向けた課題）、C（将来を見据えた課題）", True),
        _c("number", INTEGER, "番号", "課題領域の中の番号", True),
        _c("label", STRING, "課題番号", "文書での呼び方（課題A（1））", True),
        _c("title", STRING, "課題名", "課題の詳細ページの見出しの課題名（詳細ページがなければ課題一覧の課題名）"),
        _c("overview_title", STRING, "課題一覧の課題名", "課題一覧の表で課題名が詳細ページと違うときだけ"),
        _c("field", STRING, "政策分野", "政策分野（文書の表記）"),
        _c("impact", STRING, "インパクト", "① インパクト（高・低）。評価がなければ空"),
        _c("urgency", STRING, "緊急度", "① 緊急度（高・低）。評価がなければ空"),
        _c("quadrant", STRING, "象限", "インパクト/緊急度（例: 高/低）。両方そろうときだけ"),
        _c("in_overview", BOOLEAN, "課題一覧にある", "課題一覧の表に載っているか"),
        _c("has_detail", BOOLEAN, "詳細ページがある", "課題の詳細ページ（①～⑤）があるか"),
        _c("theme", STRING, "テーマ", "区のテーマ型の体裁のテーマ"),
        _c("sub_theme", STRING, "サブテーマ", "区のテーマ型の体裁のサブテーマ"),
        _c("lineage_marker", STRING, "前年度からの印", "課題一覧の印（例: 追加(R7B領域からの派生)）"),
        _c("lineage_year", STRING, "由来の年度", "この課題が引き継ぐ前年度"),
        _c("lineage_domain", STRING, "由来の課題領域", "前年度の課題領域"),
        _c("lineage_code", STRING, "由来の課題コード", "前年度の課題コード（文書が示すとき）"),
        _c("approach", STRING, "課題に対する取り組み", "課題一覧の「課題に対する取り組み」"),
        _c("content", STRING, "② 課題の内容", "② 課題の内容"),
        _c("background", STRING, "③ 課題の背景や現状", "③ 課題の背景や現状"),
        _c("outcomes", STRING, "④ 目指す成果", "④ 目指す成果"),
        _c("measures", STRING, "④ 課題に対する取組み", "R6 様式の ④ 課題に対する取組み"),
        _c("actions_intro", STRING, "⑤ の前文", "⑤ 取組内容の、取組の前にある文"),
        _c("achieved", STRING, "⑦ 実現した変革", "振り返りシートの ⑦ 変革が実現した課題・取組内容・市民にもたらされた効果"),
        _c("fell_short", STRING, "⑧ 不十分だった項目", "振り返りシートの ⑧ 取組・進捗が十分でなかった項目・内容(理由)・次年度に向けた考え"),
        _c("action_count", INTEGER, "取組数", "⑤ の取組の数"),
    ),
    foreign_keys=(ForeignKey("plan_id", "plans"),),
    facets=("organisation", "fiscal_year", "domain", "field", "impact", "urgency"), label_column="title",
)

ACTIONS = TableDef(
    "actions", "取組", "⑤ 取組内容の取組。1取組1行。",
    (
        _c("id", STRING, "取組ID", "課題ID/取組の順番（例: R7/seisaku/A1/1）", True),
        _c("issue_id", STRING, "課題ID", "取組のある課題（issues.id）", True),
        _c("position", INTEGER, "順番", "課題の中の取組の順番（1から）", True),
        _c("number", INTEGER, "取組番号", "文書の取組番号（(1) なら 1）。番号のない取組は空"),
        _c("title", STRING, "取組名", "取組名"),
        _c("period", STRING, "期間", "取組全体の期間（例: 6～12月）。四半期の代わりに書かれるとき"),
        _c("description", STRING, "取組の説明", "取組の説明（改行区切り）"),
    ),
    foreign_keys=(ForeignKey("issue_id", "issues"),),
    label_column="title",
)

SCHEDULE_ROWS = TableDef(
    "schedule_rows", "四半期表の行", "⑤ の四半期表の行。取組ごとの表の行と、課題全体の表の行。",
    (
        _c("id", STRING, "行ID", "課題ID/行の順番（例: R7/seisaku/A1/r1）", True),
        _c("issue_id", STRING, "課題ID", "表のある課題（issues.id）", True),
        _c("action_id", STRING, "取組ID", "行が属する取組（actions.id）。課題全体の表の行は空"),
        _c("position", INTEGER, "順番", "課題の中の行の順番（1から）", True),
        _c("label", STRING, "行の見出し", "文書の行の見出し（例: ○情報の集約等）"),
        _c("period", STRING, "期間", "四半期の代わりに月の範囲が書かれた行（例: 6～12月）"),
        _c("action_numbers", STRING, "対象の取組番号", "課題全体の表の行が対象とする取組番号（「、」区切り）"),
    ),
    foreign_keys=(ForeignKey("issue_id", "issues"), ForeignKey("action_id", "actions")),
)

SCHEDULE_CELLS = TableDef(
    "schedule_cells", "四半期表のセル",
    "四半期表のセル（行×四半期）。文書に印刷されたセルだけ（空欄のセルは項目数 0）。"
    "「→」は前の四半期の取組が続くこと。",
    (
        _c("id", STRING, "セルID", "行ID/四半期（例: R7/seisaku/A1/r1/q2）", True),
        _c("row_id", STRING, "行ID", "セルのある行（schedule_rows.id）", True),
        _c("quarter", INTEGER, "四半期", "1～4（第1四半期 = 4～6月 … 第4四半期 = 1～3月）", True),
        _c("quarter_label", STRING, "四半期名", "第1四半期(4～6月) など", True),
        _c("text", STRING, "内容", "セルの項目（改行区切り。「→」は継続。空欄のセルは空）"),
        _c("continues", BOOLEAN, "継続（→）", "セルに「→」（前の四半期から継続）があるか", True),
        _c("item_count", INTEGER, "項目数", "「→」以外の項目の数", True),
    ),
    foreign_keys=(ForeignKey("row_id", "schedule_rows"),),
    facets=("quarter", "continues"),
)

PROGRESS = TableDef(
    "progress", "進捗状況", "⑥ 進捗状況（振り返りシートでは ⑤⑥）の記載。1記載1行。",
    (
        _c("id", STRING, "進捗ID", "課題ID/p順番（例: R7/seisaku/A1/p1）", True),
        _c("issue_id", STRING, "課題ID", "進捗のある課題（issues.id）", True),
        _c("action_id", STRING, "取組ID", "記載が取組番号を示し、その取組があるとき（actions.id）"),
        _c("position", INTEGER, "順番", "課題の中の記載の順番（1から）", True),
        _c("action_number", INTEGER, "取組番号", "記載が示す取組番号（「取組内容(1)」なら 1）"),
        _c("as_of", YEARMONTH, "時点", "進捗の時点（年-月）"),
        _c("label", STRING, "見出し", "文書の見出し（例: ⑥進捗状況(令和7年12月時点)）"),
        _c("text", STRING, "内容", "進捗の内容（改行区切り）"),
    ),
    foreign_keys=(ForeignKey("issue_id", "issues"), ForeignKey("action_id", "actions")),
    facets=("as_of",),
)

FINDINGS = TableDef(
    "lint_findings", "検査結果", "xplan lint が計画ファイルに見つけた問題（文書そのものの欠落を含む）。",
    (
        _c("id", STRING, "結果ID", "計画ID/f順番", True),
        _c("plan_id", STRING, "計画ID", "問題のある計画（plans.id）", True),
        _c("issue_id", STRING, "課題ID", "問題が課題の中にあるとき（issues.id）"),
        _c("file", STRING, "ファイル", "計画ファイル（plans フォルダからの相対パス）", True),
        _c("line", INTEGER, "行", "ファイルの行", True),
        _c("column", INTEGER, "桁", "ファイルの桁", True),
        _c("code", STRING, "規則コード", "規則のコード（例: P321）。xplan rule CODE で説明", True),
        _c("rule", STRING, "規則名", "規則の名前（例: missing-detail）", True),
        _c("severity", STRING, "重大度", "error、warning、info", True),
        _c("message", STRING, "内容", "問題の説明", True),
        _c("path", STRING, "データの場所", "問題の値の JSON Pointer（例: /issues/3/actions）"),
    ),
    foreign_keys=(ForeignKey("plan_id", "plans"), ForeignKey("issue_id", "issues")),
    facets=("severity", "code"),
)

TEXTS = TableDef(
    "texts", "本文", "計画のすべての文（段落・項目・見出し・セル）を1文1行で。全文検索（trigram）の対象。",
    (
        _c("id", INTEGER, "番号", "通し番号", True),
        _c("plan_id", STRING, "計画ID", "文のある計画（plans.id）", True),
        _c("issue_id", STRING, "課題ID", "文が課題の中にあるとき（issues.id）"),
        _c("organisation", STRING, "組織名", "組織名（絞り込み用）", True),
        _c("fiscal_year", STRING, "年度", "年度（絞り込み用）", True),
        _c("section", STRING, "節", "文のある節（例: ② 課題の内容）", True),
        _c("path", STRING, "データの場所", "計画ファイルの中の JSON Pointer（例: /issues/0/content/1）", True),
        _c("text", STRING, "文", "文書の文", True),
    ),
    foreign_keys=(ForeignKey("plan_id", "plans"), ForeignKey("issue_id", "issues")),
    facets=("organisation", "fiscal_year", "section"),
)

TABLES: tuple[TableDef, ...] = (ORGANISATIONS, PLANS, ISSUES, ACTIONS, SCHEDULE_ROWS, SCHEDULE_CELLS, PROGRESS,
                                FINDINGS, TEXTS)


@dataclass
class TableData:
    table: TableDef
    rows: list[tuple[object, ...]] = field(default_factory=list)


@dataclass
class DataSet:
    """Every table's rows, in TABLES order."""

    tables: list[TableData]

    def rows(self, name: str) -> list[tuple[object, ...]]:
        return next(t.rows for t in self.tables if t.table.name == name)
