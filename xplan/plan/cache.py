"""A cache of what loading a plan file produces, so that views and lint answer at once on
hundreds of plans.

Reading a plan is mostly YAML parsing (about 12 ms for a 40 KB plan); a cached plan is its bytes
read and hashed, and a small JSON file decoded (well under 1 ms). Each entry is keyed by the
file's absolute path, size, modification time and SHA-256 of its content, and by the
*environment*: xplan's version, a fingerprint of the installed package's files (so an edited
checkout or a changed rule invalidates everything) and the schema's hash. Anything that does
not match exactly is a miss and the file is parsed again.

Layout of the cache directory (``.xplan_cache/`` beside the plans directory by default)::

    .gitignore          "*": git never sees the cache
    CACHEDIR.TAG        the standard tag, so backup tools skip it
    plan/<digest>.json  the plain data of one plan file and its schema errors (show, diff, ...)
    view/<digest>.json  for the table views: the model of the plan's summary as rows, and its
                        schema errors (xplan.plan.summary)
    lint/<digest>.json  one file's single-file lint result (xplan.lint.cache)

An entry is two lines: a JSON header (the key, and the SHA-256 of the second line) and the JSON
payload. Why JSON and not pickle or marshal: decoding JSON cannot run code, and JSON values are
a subset of what the safe YAML loader builds, so even a forged entry could claim no more than a
plan file could. On top of that an entry is believed only if it is a regular file owned by the
user running xplan (a file planted by someone else is ignored), its payload matches the hash in
its header (a corrupt or half-copied entry is ignored), and its key matches the file on disk.
An HMAC with a per-user key would add a secret file outside the project to look after and would
protect only against writers who can already write the user's own files. JSON is fast enough:
decoding a 40 KB plan's entry takes about 0.25 ms (measured by bench/cache.py).

Nothing here raises for a bad cache: a corrupt, truncated, foreign, other-version or unreadable
entry is a miss, and an unwritable cache directory just means nothing is stored. Entries are
written to a temporary file and renamed into place, so a reader (or a second xplan writing the
same entry) sees the old entry or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from xplan.plan.codec import FINDING
from xplan.plan.findings import Finding
from xplan.plan.loader import MAX_BYTES, Loaded
from xplan.plan.model import Plan

FORMAT = 1  # the entry layout; bump when it changes
DIRNAME = ".xplan_cache"
ENV_DIR = "XPLAN_CACHE_DIR"
KINDS = ("plan", "view", "lint", "related")  # related: the report's 「関連する課題」 of a whole plans folder
INDEX_DIR, INDEX_FILE = "search", "index.sqlite3"  # the search index (xplan.search.store), one SQLite file
MAX_ENTRY = 64 * 1024 * 1024  # far above any real entry (a 5 MB plan is about 4 MB of JSON)
GITIGNORE = "# Created by xplan: parsed plans and lint results (`xplan cache clean` removes them).\n*\n"
CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by xplan.\n"
                "# For information about cache directory tags, see https://bford.info/cachedir/\n")


def cache_dir(plans_dir: Path, configured: Path | None = None,
              environ: dict[str, str] | None = None) -> Path:
    """Where the cache lives: ``XPLAN_CACHE_DIR``, else ``[tool.xplan] cache-dir`` (already made
    absolute by the configuration), else ``.xplan_cache`` beside the plans directory."""
    env = os.environ if environ is None else environ
    if env.get(ENV_DIR):
        return Path(env[ENV_DIR]).expanduser().absolute()
    if configured is not None:
        return configured.expanduser().absolute()
    return Path(plans_dir).absolute().parent / DIRNAME


@lru_cache(maxsize=1)
def environment() -> str:
    """What every entry depends on besides its file: xplan's version, the package's files
    (path, size and mtime of each: an edited rule, model or message catalog changes it) and the
    schema's content."""
    from xplan import __version__
    from xplan.plan.schema import schema_path

    digest = hashlib.sha256(f"{FORMAT}|{__version__}".encode())
    package = str(Path(__file__).resolve().parent.parent)
    prefix = len(package) + len(os.sep)  # names relative to the package (os.path.relpath is slow)
    stack = [package]
    files: list[tuple[str, int, int]] = []
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    stack.append(entry.path)
            elif entry.name.endswith((".py", ".mo", ".json")):
                st = entry.stat()
                files.append((entry.path[prefix:], st.st_size, st.st_mtime_ns))
    for name, size, mtime in sorted(files):
        digest.update(f"|{name}:{size}:{mtime}".encode())
    try:
        digest.update(hashlib.sha256(schema_path().read_bytes()).digest())
    except OSError:
        digest.update(b"no schema")
    return digest.hexdigest()


@dataclass(frozen=True)
class Probe:
    """A plan file as read once: its key and its bytes (parsed from these on a miss)."""

    path: str  # as given
    key: str  # absolute path
    size: int
    mtime_ns: int
    sha256: str
    data: bytes


def probe(path: str | Path) -> Probe | None:
    """Read and hash a file; None when it cannot be read as a regular file of plan size (the
    loader then reports why, uncached)."""
    name = str(path)
    try:
        # without blocking: opening a FIFO for reading would wait for a writer forever
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
                return None
            # the size just read, plus one byte to notice growth: read(MAX_BYTES) would allocate 5 MB
            data = fh.read(st.st_size + 1)
    except OSError:
        return None
    if len(data) != st.st_size:  # being written as we read: parse it, but do not cache it
        return None
    return Probe(name, os.path.abspath(name), st.st_size, st.st_mtime_ns,
                 hashlib.sha256(data).hexdigest(), data)


def _language() -> str:
    from xplan.i18n import language

    return language()


def finding_to_json(f: Finding) -> list[Any]:
    """A finding without its file (the file is named as it is given on each run): codec.FINDING."""
    return FINDING.encode(f)


def finding_from_json(v: Any, path: str) -> Finding:
    """The Finding ``finding_to_json`` wrote, for ``path``; ValueError when ``v`` is malformed."""
    try:
        found: Finding = FINDING.decode(v, file=path)
    except TypeError:
        raise ValueError("not a finding") from None
    return found


def json_exact(value: Any) -> bool:
    """Whether ``value`` survives a JSON round trip unchanged: text keys only, plain scalars,
    and no object reached twice (a YAML alias would come back as a copy)."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            if id(v) in seen:
                return False
            seen.add(id(v))
            for k, item in v.items():
                if not isinstance(k, str):
                    return False
                if isinstance(item, (dict, list)):
                    stack.append(item)
                elif not (item is None or isinstance(item, (str, int, float))):
                    return False
        elif isinstance(v, list):
            if id(v) in seen:
                return False
            seen.add(id(v))
            for item in v:
                if isinstance(item, (dict, list)):
                    stack.append(item)
                elif not (item is None or isinstance(item, (str, int, float))):
                    return False
        else:
            return False
    return True


class Cache:
    """One cache directory. Cheap to create; the directory is made on the first write."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._root_name = str(self.root)
        self.writable = True  # turns False after the first failed write: stop trying
        self.hits = 0
        self.misses = 0

    def __getstate__(self) -> dict[str, Any]:  # sent to lint's worker processes
        return {"root": self.root, "_root_name": self._root_name, "writable": self.writable, "hits": 0, "misses": 0}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def _entry_path(self, kind: str, key: str) -> Path:
        return Path(self._entry_name(kind, key))

    def _entry_name(self, kind: str, key: str) -> str:
        # a plain string: on 2,000 plans building Paths was a tenth of a warm view's reading
        return os.path.join(self._root_name, kind,
                            hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:40] + ".json")

    def _header(self, kind: str, probe: Probe, extra: str) -> dict[str, Any]:
        return {"format": FORMAT, "kind": kind, "environment": environment(), "extra": extra,
                "path": probe.key, "size": probe.size, "mtime_ns": probe.mtime_ns, "sha256": probe.sha256}

    def get(self, kind: str, probe: Probe, extra: str = "") -> Any:
        """The payload stored for this file and key, or None."""
        raw = _read_own_file(self._entry_name(kind, probe.key))
        payload = None
        if raw is not None:
            payload = _decode(raw, self._header(kind, probe, extra))
        if payload is None:
            self.misses += 1
        else:
            self.hits += 1
        return payload

    def put(self, kind: str, probe: Probe, payload: Any, extra: str = "") -> None:
        """Store a payload (JSON-able) for this file. Never raises: a cache that cannot be written
        is a slower run, not a failure."""
        if not self.writable:
            return
        try:
            body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except (TypeError, ValueError, RecursionError):
            return
        header = self._header(kind, probe, extra)
        header["payload_sha256"] = hashlib.sha256(body).hexdigest()
        # ASCII header: a path that is not valid UTF-8 (surrogate escapes) still round-trips
        blob = json.dumps(header, separators=(",", ":")).encode("ascii") + b"\n" + body
        target = self._entry_path(kind, probe.key)
        try:
            self._prepare(target.parent)
            _write_atomic(target, blob)
        except OSError:
            self.writable = False

    def _prepare(self, folder: Path) -> None:
        if folder.is_dir():
            return
        if not self.root.exists():
            # only a directory xplan makes gets the markers: a .gitignore of "*" dropped into an
            # existing folder someone named as the cache would hide their own files from git
            try:
                self.root.mkdir(parents=True)
            except FileExistsError:  # a second xplan made it a moment ago (and writes the markers)
                pass
            else:
                for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
                    _write_atomic(self.root / name, text.encode("utf-8"))
        folder.mkdir(exist_ok=True)

    # -- plans ------------------------------------------------------------------------------

    def get_plan(self, found: Probe) -> tuple[dict[str, Any], list[Finding] | None] | None:
        """A plan file's data and its schema errors ([] for a valid plan; None when they were kept
        in another language and must be found again), or None when the file is not cached."""
        payload = self.get("plan", found)
        if not (isinstance(payload, dict) and isinstance(payload.get("data"), dict)
                and isinstance(payload.get("doubts"), list)):
            return None
        if not payload["doubts"]:
            return payload["data"], []
        if payload.get("lang") != _language():
            return payload["data"], None
        try:
            return payload["data"], [finding_from_json(f, found.path) for f in payload["doubts"]]
        except ValueError:
            return None

    def put_plan(self, found: Probe, loaded: Loaded, doubts: list[Finding]) -> None:
        """Keep a plan's data and its (located) schema errors. Files that fail to load are not kept
        (they are few and read again), nor is data that JSON cannot carry exactly (json_exact)."""
        if loaded.data is not None and json_exact(loaded.data):
            self.put("plan", found, {"data": loaded.data, "doubts": [finding_to_json(f) for f in doubts],
                                     "lang": _language()})

    # -- the table views' summaries (xplan.plan.summary) -----------------------------------------

    def get_view(self, found: Probe) -> tuple[Plan | None, dict[str, Any] | None, list[Finding]] | None:
        """What ``put_view`` kept: the summary plan's model (or, for an unusual plan, its summary) and
        its schema errors; None when the file is not cached, or its errors were kept in another
        language."""
        payload = self.get("view", found)
        if not (isinstance(payload, dict) and isinstance(payload.get("doubts"), list)):
            return None
        if payload["doubts"] and payload.get("lang") != _language():
            return None
        try:
            doubts = [finding_from_json(f, found.path) for f in payload["doubts"]]
        except ValueError:
            return None
        if "rows" in payload:
            from xplan.plan.summary import from_rows

            plan = from_rows(payload["rows"], found.path)
            return None if plan is None else (plan, None, doubts)
        return (None, payload["data"], doubts) if isinstance(payload.get("data"), dict) else None

    def put_view(self, found: Probe, loaded: Loaded, doubts: list[Finding]) -> Plan | None:
        """Keep what a table view needs of a usable plan: the model of its summary as rows (or the
        summary itself when the rows cannot carry it) and its schema errors. Returns that model."""
        if loaded.data is None:
            return None
        from xplan.plan.summary import summarise, summary_plan, to_rows
        from xplan.plan.usable import unusable

        if unusable(loaded, doubts) is not None:
            return None
        summary = summarise(loaded.data)
        plan = summary_plan(summary, found.path)
        if json_exact(summary):
            rows = to_rows(plan)
            payload: dict[str, Any] = {"rows": rows} if rows is not None else {"data": summary}
            payload["doubts"] = [finding_to_json(f) for f in doubts]
            payload["lang"] = _language()
            self.put("view", found, payload)
        return plan

    # -- maintenance ------------------------------------------------------------------------

    def clean(self) -> int:
        """Remove every entry (and the directory, when nothing else is in it); returns how many
        entries were removed. Only xplan's own files are touched, so a cache directory set to a
        folder that holds other things loses nothing else."""
        removed = 0
        for kind in KINDS:
            folder = self.root / kind
            if not folder.is_dir():
                continue
            for entry in folder.iterdir():
                if entry.suffix == ".json" or entry.name.startswith(".tmp-"):
                    try:
                        entry.unlink()
                        removed += not entry.name.startswith(".tmp-")
                    except FileNotFoundError:
                        pass
            _rmdir_if_empty(folder)
        removed += self._clean_index()
        if self.root.is_dir() and {p.name for p in self.root.iterdir()} <= {".gitignore", "CACHEDIR.TAG"}:
            for name in (".gitignore", "CACHEDIR.TAG"):
                (self.root / name).unlink(missing_ok=True)
            _rmdir_if_empty(self.root)
        return removed

    def _clean_index(self) -> int:
        """The search index (xplan.search.store: one SQLite file and its journal), if any."""
        folder = self.root / INDEX_DIR
        removed = 0
        for name in (INDEX_FILE, INDEX_FILE + "-journal"):
            try:
                (folder / name).unlink()
                removed += name == INDEX_FILE
            except FileNotFoundError:
                pass
            except OSError:
                pass
        if folder.is_dir():
            _rmdir_if_empty(folder)
        return removed

    def entries(self) -> tuple[int, int]:
        """Number of entries and their total size in bytes (the search index counts as one)."""
        count = size = 0
        index = self.root / INDEX_DIR / INDEX_FILE
        if index.is_file():
            count += 1
            size += index.stat().st_size
        for kind in KINDS:
            folder = self.root / kind
            if folder.is_dir():
                for entry in folder.glob("*.json"):
                    count += 1
                    size += entry.stat().st_size
        return count, size


def _rmdir_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def _read_own_file(path: str | Path) -> bytes | None:
    """A cache entry's bytes, if it is a regular file owned by this user (not a symlink, FIFO or
    a file someone else planted), else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY:
            return None
        if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            return None
        # the size just seen, plus one byte to notice growth (not MAX_ENTRY: that would allocate
        # 64 MB per entry), in one read without a file object: a warm view on 2,000 plans reads
        # 2,000 entries. A read of a regular file returns less only at its end; anything short
        # would fail the payload's hash and be rebuilt.
        return os.read(fd, st.st_size + 1)
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def _decode(raw: bytes, expected: dict[str, Any]) -> Any:
    """The payload of an entry whose header matches ``expected`` and whose payload matches the
    header's hash; None otherwise (including any kind of corruption)."""
    head, sep, body = raw.partition(b"\n")
    if not sep:
        return None
    try:
        header = json.loads(head)
    except (ValueError, RecursionError):
        return None
    if not isinstance(header, dict) or any(header.get(k) != v for k, v in expected.items()):
        return None
    if header.get("payload_sha256") != hashlib.sha256(body).hexdigest():
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _write_atomic(target: Path, blob: bytes) -> None:
    """Write to a temporary file beside the target and rename it into place. (The plan layer
    cannot use xplan.output.files, which is above it, and a cache needs bytes and no fsync: a
    torn entry after a crash fails its hash check and is rebuilt.)"""
    import tempfile  # only when writing: keeps the start-up of a warm run short

    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
