"""The texts of every plan, kept in a SQLite database in the cache and updated plan by plan.

Why SQLite and not per-plan JSON entries like the rest of the cache: a query has to look at every
text of every selected plan (2,000 plans are some 28 million characters), and decoding that from
JSON on each run would take seconds. SQLite (in Python's standard library) keeps the folded
texts in one file and scans them in C (``instr``), so a warm search reads nothing into Python but
the matching sections. Why not FTS5's trigram index: it cannot match a word of fewer than three
characters, and two-character words are the ones reviewers look for most (AI, DX, 防災, 福祉);
a scan of the folded texts finds every occurrence of any length, and BM25 (xplan.search.query)
ranks them.

The database is ``<cache>/search/index.sqlite3``. Each plan file is in it under its absolute
path with the SHA-256 of its content (the same key the cache's entries have); a plan whose
content changed is replaced, one that is gone is removed, so the index is built once per plan
content. It is trusted as the cache's JSON entries are: only a regular file owned by the user
(never a symlink), only with exactly the tables xplan makes (``trusted_schema`` off, so nothing
in a forged file can call functions), and only for the same xplan and schema (the cache's
environment fingerprint). Anything else — a corrupt file, another version, a locked or
unwritable database — is rebuilt or replaced by an in-memory index for the run: never a wrong
answer, at worst a slower one. SQLite's journal makes every update all-or-nothing.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from xplan.plan.cache import INDEX_DIR as FOLDER  # the names `xplan cache clean` removes
from xplan.plan.cache import INDEX_FILE as FILENAME
from xplan.plan.model import Plan
from xplan.search.fold import fold
from xplan.search.texts import plan_records

FORMAT = "1"

SCHEMA = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE plans(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL)",
    "CREATE TABLE docs(id INTEGER PRIMARY KEY, plan INTEGER NOT NULL, code TEXT, title TEXT NOT NULL, "
    "kind TEXT NOT NULL, section TEXT NOT NULL, text TEXT NOT NULL)",
    # the folded texts apart from the originals, so that a scan reads only what it compares
    "CREATE TABLE folded(id INTEGER PRIMARY KEY, plan INTEGER NOT NULL, code TEXT, kind TEXT NOT NULL, "
    "length INTEGER NOT NULL, norm TEXT NOT NULL)",
    # each issue's bigram counts for `xplan related` (xplan.search.related), as JSON text
    "CREATE TABLE vectors(id INTEGER PRIMARY KEY, plan INTEGER NOT NULL, code TEXT NOT NULL, title TEXT NOT NULL, "
    "terms TEXT NOT NULL)",
    "CREATE INDEX docs_plan ON docs(plan)",
    "CREATE INDEX vectors_plan ON vectors(plan)",
    "CREATE INDEX folded_plan ON folded(plan)",
)


def index_path(cache_root: Path) -> Path:
    return Path(cache_root) / FOLDER / FILENAME


def _own_regular_file(path: Path) -> bool:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return True  # not there yet: made by us
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and (not hasattr(os, "geteuid") or st.st_uid == os.geteuid())


def _expected_master() -> set[tuple[str, str]]:
    return {(sql.split()[1].lower(), sql.split()[2].split("(")[0]) for sql in SCHEMA}


class Store:
    """The index: in the cache (``path``), or in memory for this run (``path`` None)."""

    def __init__(self, path: Path | None, environment: str = "") -> None:
        self.path = path
        self.environment = environment
        self.db = self._open()

    # -- opening ----------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        if self.path is not None and _own_regular_file(self.path):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = self._connect(str(self.path))
                try:
                    usable = self._usable(db)
                except sqlite3.DatabaseError:  # not a database, or a damaged one
                    usable = False
                if usable:
                    return db
                db.close()
                self._remove()
                db = self._connect(str(self.path))
                self._create(db)
                return db
            except (sqlite3.Error, OSError):
                pass
        self.path = None  # an index for this run only
        db = self._connect(":memory:")
        self._create(db)
        return db

    @staticmethod
    def _connect(name: str) -> sqlite3.Connection:
        db = sqlite3.connect(name, timeout=10, isolation_level=None)
        db.execute("PRAGMA trusted_schema = OFF")
        return db

    def _usable(self, db: sqlite3.Connection) -> bool:
        """Our tables and nothing else, of this format and environment (an empty file is made now)."""
        # SQLite's own indexes (sqlite_autoindex_…, for PRIMARY KEY and UNIQUE) come with our tables
        master = {(t, n) for t, n in db.execute("SELECT type, name FROM sqlite_master") if not n.startswith("sqlite_")}
        if not master:
            self._create(db)
            return True
        if master != _expected_master():
            return False
        meta = dict(db.execute("SELECT key, value FROM meta"))
        if meta.get("format") != FORMAT:
            return False
        if meta.get("environment") != self.environment:  # another xplan or schema: start again
            with _transaction(db):
                for table in ("docs", "folded", "vectors", "plans"):
                    db.execute(f"DELETE FROM {table}")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('environment', ?)", (self.environment,))
        return True

    def _create(self, db: sqlite3.Connection) -> None:
        with _transaction(db):
            for sql in SCHEMA:
                db.execute(sql)
            db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("environment", self.environment)])

    def _remove(self) -> None:
        assert self.path is not None
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                os.unlink(str(self.path) + suffix)
            except FileNotFoundError:
                pass

    # -- updating ---------------------------------------------------------------------------

    def update(self, files: Iterable[tuple[str, str]], load: Callable[[str], Plan | None],
               prune_under: str | None = None) -> dict[str, int]:
        """Bring the index up to date with ``files`` (absolute path, SHA-256 of the content):
        a file not in it, or with other content, is loaded with ``load`` and its texts replaced;
        an indexed file below ``prune_under`` that is no longer there is removed. Returns each
        file's plan id (files ``load`` gives no plan for are left out)."""
        known = {path: (pid, sha) for pid, path, sha in self.db.execute("SELECT id, path, sha256 FROM plans")}
        ids: dict[str, int] = {}
        stale: list[tuple[str, str]] = []
        wanted = set()
        for path, sha in files:
            wanted.add(path)
            got = known.get(path)
            if got is not None and got[1] == sha:
                ids[path] = got[0]
            else:
                stale.append((path, sha))
        gone = [(pid, p) for p, (pid, _sha) in known.items()
                if p not in wanted and prune_under is not None and p.startswith(prune_under)]
        if not stale and not gone:
            return ids
        try:
            with _transaction(self.db):
                for pid, _p in gone:
                    self._delete(pid)
                for path, sha in stale:
                    if path in known:
                        self._delete(known[path][0])
                    plan = load(path)
                    if plan is None:
                        continue
                    pid = self.db.execute("INSERT INTO plans(path, sha256) VALUES (?, ?)", (path, sha)).lastrowid
                    assert pid is not None
                    self._insert(pid, plan)
                    ids[path] = pid
        except sqlite3.Error:
            if self.path is None:
                raise
            # locked by another xplan, disk full, …: this run works from an index of its own
            self.db.close()
            self.path = None
            self.db = self._connect(":memory:")
            self._create(self.db)
            return self.update(files, load)
        return ids

    def _delete(self, pid: int) -> None:
        for table, column in (("docs", "plan"), ("folded", "plan"), ("vectors", "plan"), ("plans", "id")):
            self.db.execute(f"DELETE FROM {table} WHERE {column} = ?", (pid,))

    def _insert(self, pid: int, plan: Plan) -> None:
        from xplan.search.related import KINDS, issue_terms

        first = (self.db.execute("SELECT max(id) FROM docs").fetchone()[0] or 0) + 1
        docs = []
        folded = []
        similar: dict[str, tuple[str, list[str]]] = {}
        for did, r in enumerate(plan_records(plan), first):
            norm = fold(r.text)
            docs.append((did, pid, r.code, r.title, r.kind, r.section, r.text))
            folded.append((did, pid, r.code, r.kind, len(norm), norm))
            if r.code is not None and r.kind in KINDS:
                similar.setdefault(r.code, (r.title, []))[1].append(norm)
        self.db.executemany("INSERT INTO docs(id, plan, code, title, kind, section, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            docs)
        self.db.executemany("INSERT INTO folded(id, plan, code, kind, length, norm) VALUES (?, ?, ?, ?, ?, ?)", folded)
        self.db.executemany("INSERT INTO vectors(plan, code, title, terms) VALUES (?, ?, ?, ?)",
                            [(pid, code, title, issue_terms(norms)) for code, (title, norms) in similar.items()])

    def close(self) -> None:
        self.db.close()


class _transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error (the connection is in autocommit mode)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_rest: object) -> None:
        if kind is None:
            self.db.execute("COMMIT")
        else:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass


def open_index(plans: list[Plan], digests: dict[str, str], cache: object | None,
               root: Path | None = None, whole: bool = False) -> tuple[Store, dict[int, Plan]]:
    """The index of ``plans`` (the catalog's, summaries or full plans) and each plan's id in it.

    With a cache (``xplan.plan.cache.Cache``) the index lives in it and only plans whose content
    is new are read in full (through the cache's plan entries, unless ``whole``: the plans given
    are full ones, as the report's are); without one (``--no-cache``) the plans are full already
    and the index is built in memory for the run."""
    import os.path

    from xplan.plan.cache import Cache, environment

    by_path = {os.path.abspath(p.path): p for p in plans}
    if not isinstance(cache, Cache):
        store = Store(None)
        ids = store.update(((path, "") for path in by_path), by_path.get)
    else:
        store = Store(index_path(cache.root), environment())

        def full(path: str) -> Plan | None:
            from xplan.plan.catalog import load_file
            from xplan.plan.model import build_plan
            from xplan.plan.usable import unusable

            shown = by_path[path].path
            loaded, errors = load_file(Path(shown), cache)
            if loaded.data is None or unusable(loaded, errors) is not None:
                return None
            return build_plan(loaded.data, shown)

        files = [(path, digests.get(p.path, "")) for path, p in by_path.items()]
        prune = os.path.join(os.path.abspath(root), "") if root is not None else None
        ids = store.update(files, by_path.get if whole else full, prune)
    return store, {pid: by_path[path] for path, pid in ids.items()}
