"""Writing the site into its folder: only files the report wrote, only when their content changed.

The folder holds a manifest, ``.xplan-report.json``: every file the report wrote, with its
content hash (and the stat that hash was taken at), and for a page made from known inputs the key
of those inputs. With it a run

- writes a file only when its content changed, so an unchanged page keeps its modification time
  (a web server's caches and ``rsync`` see what really changed);
- removes the files of an earlier run that this run does not make (the page of a plan since
  removed), and nothing else: a user's file in the folder is never deleted, even one that looks
  like a page (a saved ``-F html`` carries the same generator tag);
- refuses, naming the file, to overwrite a file it did not write (or one edited since) unless
  ``force``; and never follows a symbolic link: a link where a page goes is refused (with
  ``force`` the link itself is replaced, its target left alone), a linked folder always.

Everything is checked before the first file is written, so a refusal leaves the folder as it was.
Each file is written to a temporary file beside it and renamed over the old one (never half
written; another hard link to the old file keeps the old content).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from xplan.i18n import _

MANIFEST = ".xplan-report.json"
FORMAT = 1


class SiteWriteError(OSError):
    """A file the report will not write or replace: one line naming it, exit code 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.strerror = message

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass
class Entry:
    sha256: str
    size: int
    mtime_ns: int
    key: str | None = None


@dataclass
class Manifest:
    site_key: str | None = None
    files: dict[str, Entry] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"generator": "xplan report", "format": FORMAT, "site_key": self.site_key,
                           "files": {p: vars(e) for p, e in sorted(self.files.items())}},
                          ensure_ascii=False, indent=1) + "\n"


def read_manifest(out_dir: Path) -> Manifest:
    """The previous run's manifest; an empty one when there is none or it cannot be used (then
    every file already in the folder counts as the user's). A link in its place is refused."""
    path = out_dir / MANIFEST
    if path.is_symlink():
        raise SiteWriteError(_("{path}: a symbolic link; xplan report does not write through it "
                               "(remove it)").format(path=path))
    try:
        if not path.is_file():
            return Manifest()
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return Manifest()
        files = {str(p): Entry(str(e["sha256"]), int(e["size"]), int(e["mtime_ns"]), e.get("key"))
                 for p, e in data["files"].items() if _safe_rel(str(p))}
        return Manifest(data.get("site_key"), files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Manifest()


def _safe_rel(rel: str) -> bool:
    """A path inside the folder: relative, no ``..``, no empty part (a forged manifest cannot name
    a file outside it)."""
    p = PurePosixPath(rel)
    return bool(rel) and not p.is_absolute() and all(part not in ("", ".", "..") for part in p.parts)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def as_bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def intact(out_dir: Path, rel: str, entry: Entry) -> bool:
    """The file is still what the manifest says was written: a regular file with the recorded
    stat, or (a touched file) the recorded content."""
    st = _lstat(out_dir / rel)
    if st is None or not stat.S_ISREG(st.st_mode):
        return False
    if st.st_size == entry.size and st.st_mtime_ns == entry.mtime_ns:
        return True
    try:
        return st.st_size == entry.size and sha256((out_dir / rel).read_bytes()) == entry.sha256
    except OSError:
        return False


def _check_folders(out_dir: Path, rel: str) -> None:
    """Every folder between ``out_dir`` and the file is a real folder (or missing): never a link."""
    here = out_dir
    for part in PurePosixPath(rel).parts[:-1]:
        here = here / part
        st = _lstat(here)
        if st is None:
            return
        if stat.S_ISLNK(st.st_mode):
            raise SiteWriteError(_("{path}: a symbolic link; xplan report never writes through a link out of "
                                   "its folder (remove the link or choose another folder)").format(path=here))
        if not stat.S_ISDIR(st.st_mode):
            raise SiteWriteError(_("{path}: not a folder, but the report puts pages in it (move it away or "
                                   "choose another folder)").format(path=here))


def check(out_dir: Path, manifest: Manifest, paths: list[str], force: bool = False) -> set[str]:
    """Check every file the run will write before the first is written; raises SiteWriteError
    naming the first that cannot be. Returns the links to replace (with ``force``: the link
    itself, never what it points to)."""
    replace_links: set[str] = set()
    for rel in paths:
        _check_folders(out_dir, rel)
        path = out_dir / rel
        st = _lstat(path)
        if st is None:
            continue
        if stat.S_ISLNK(st.st_mode):
            if not force:
                raise SiteWriteError(_("{path}: a symbolic link; xplan report does not write through it "
                                       "(remove it, or --force to replace the link itself)").format(path=path))
            replace_links.add(rel)
            continue
        if not stat.S_ISREG(st.st_mode):
            raise SiteWriteError(_("{path}: not a regular file; move it away or choose another folder").format(
                path=path))
        old = manifest.files.get(rel)
        if not force and (old is None or not intact(out_dir, rel, old)):
            why = (_("changed since xplan report wrote it") if old is not None
                   else _("xplan report did not write it"))
            raise SiteWriteError(_("{path}: {why}; not overwritten (move it away, or --force to "
                                   "overwrite)").format(path=path, why=why))
    return replace_links


CHUNK = 1 << 16


class Writer:
    """Writes the run's files one at a time (a page is rendered, written and dropped: memory does
    not grow with the site) and keeps the new manifest; ``close`` removes what an earlier run wrote
    that this one did not, and writes the manifest (also after an error, so that the files already
    written stay known as the report's)."""

    def __init__(self, out_dir: Path, manifest: Manifest, site_key: str | None, replace_links: set[str]) -> None:
        self.out_dir = out_dir
        self.old = manifest
        self.new = Manifest(None)
        self.site_key = site_key
        self.replace_links = replace_links
        self.written: list[str] = []
        self.removed: list[str] = []

    def keep(self, rel: str, key: str | None) -> None:
        """A file left as the last run wrote it (its key matched: not even rendered)."""
        e = self.old.files[rel]
        self.new.files[rel] = Entry(e.sha256, e.size, e.mtime_ns, key)

    def put(self, rel: str, chunks: Iterable[str | bytes], key: str | None = None) -> bool:
        """Stream ``chunks`` into a temporary file beside the target, hashing as it goes; the file
        replaces the target only when its content differs. True when written."""
        path = self.out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        h = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as fh:
                pending: list[str] = []
                size = 0
                for c in chunks:
                    if isinstance(c, bytes):
                        if pending:
                            data = "".join(pending).encode("utf-8")
                            h.update(data)
                            fh.write(data)
                            pending, size = [], 0
                        h.update(c)
                        fh.write(c)
                        continue
                    pending.append(c)
                    size += len(c)
                    if size >= CHUNK:
                        data = "".join(pending).encode("utf-8")
                        h.update(data)
                        fh.write(data)
                        pending, size = [], 0
                if pending:
                    data = "".join(pending).encode("utf-8")
                    h.update(data)
                    fh.write(data)
            digest_ = h.hexdigest()
            old = self.old.files.get(rel)
            if old is not None and old.sha256 == digest_ and rel not in self.replace_links and intact(
                    self.out_dir, rel, old):
                os.unlink(tmp)  # the same content: the file keeps its modification time
                self.new.files[rel] = Entry(old.sha256, old.size, old.mtime_ns, key)
                return False
            mask = os.umask(0o022)
            os.umask(mask)
            os.chmod(tmp, 0o666 & ~mask)
            if rel in self.replace_links:
                path.unlink()
            os.replace(tmp, path)  # replaces the name; another hard link keeps the old content
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        st = os.lstat(path)
        self.new.files[rel] = Entry(digest_, st.st_size, st.st_mtime_ns, key)
        self.written.append(rel)
        return True

    def close(self, complete: bool) -> Manifest:
        """Remove the earlier run's files this run did not make (only when the run completed) and
        write the manifest; after an error the manifest also keeps the earlier run's files."""
        if complete:
            self.new.site_key = self.site_key
            for rel, old in self.old.files.items():
                if rel in self.new.files or not intact(self.out_dir, rel, old):
                    continue
                try:
                    _check_folders(self.out_dir, rel)
                except SiteWriteError:
                    continue  # never remove through a link
                path = self.out_dir / rel
                path.unlink()
                self.removed.append(rel)
                parent = path.parent
                while parent != self.out_dir and not any(parent.iterdir()):
                    parent.rmdir()  # R6/ once its plans are gone
                    parent = parent.parent
        else:
            for rel, old in self.old.files.items():
                self.new.files.setdefault(rel, old)
        path = self.out_dir / MANIFEST
        fd, tmp = tempfile.mkstemp(prefix=f".{MANIFEST}.", suffix=".tmp", dir=self.out_dir)
        with os.fdopen(fd, "wb") as fh:
            fh.write(self.new.to_json().encode("utf-8"))
        os.replace(tmp, path)
        return self.new


def unchanged(out_dir: Path, manifest: Manifest, site_key: str) -> bool:
    """The previous run was made from exactly these inputs and left every file as it wrote it."""
    return manifest.site_key == site_key and bool(manifest.files) and all(
        intact(out_dir, rel, e) for rel, e in manifest.files.items())


def digest(*parts: Any) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(as_bytes(p if isinstance(p, (str, bytes)) else repr(p)))
        h.update(b"\0")
    return h.hexdigest()
