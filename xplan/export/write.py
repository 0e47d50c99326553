"""``xplan export -o PATH``: the format by the path's suffix, every file written atomically.

- ``.db`` / ``.sqlite`` / ``.sqlite3``: a SQLite database, and ``NAME.metadata.json`` beside it
  for Datasette (``datasette NAME.db --metadata NAME.metadata.json``);
- ``.xlsx``: one workbook, a sheet per table;
- a folder (an existing one, or a name without a suffix): one CSV per table and
  ``datapackage.json``. The new files are all written first and then renamed into place, and
  files in the folder that the export does not write are left alone.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from xplan.export import tables as T
from xplan.i18n import _
from xplan.output.files import OutputError, write_atomic

SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
XLSX_SUFFIXES = (".xlsx",)


def kind_of(path: Path) -> str:
    """``sqlite``, ``xlsx`` or ``folder``; OutputError (exit 2) for a suffix xplan does not write."""
    suffix = path.suffix.lower()
    if suffix in SQLITE_SUFFIXES:
        return "sqlite"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if path.is_dir() or not suffix or str(path).endswith(("/", os.sep)):
        return "folder"
    raise OutputError(_("{path}: cannot tell the format from {suffix!r}; write .db or .sqlite (SQLite), .xlsx "
                        "(Excel), or a folder name (CSV files and datapackage.json)").format(path=path, suffix=suffix))


def check_target(path: Path) -> str:
    """The format, after checking that the folder it goes in exists (before any plan is read)."""
    kind = kind_of(path)
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(_("{path}: the folder {folder} does not exist; create it or choose another "
                            "place").format(path=path, folder=parent))
    if kind == "folder" and path.exists() and not path.is_dir():
        raise OutputError(_("{path}: is a file; CSV files are written to a folder: give a folder name").format(
            path=path))
    return kind


def metadata_path(path: Path) -> Path:
    return path.with_name(path.stem + ".metadata.json")


def export(path: Path, data: T.DataSet) -> list[Path]:
    """Write the data set to ``path``; the files written."""
    kind = check_target(path)
    if kind == "sqlite":
        from xplan.export import sqlite

        write_atomic(path, sqlite.database(data))
        meta = metadata_path(path)
        write_atomic(meta, sqlite.metadata_text(data, path.stem))
        return [path, meta]
    if kind == "xlsx":
        from xplan.export import workbook

        write_atomic(path, workbook.workbook(data))
        return [path]
    from xplan.export import csvpack

    return write_folder(path, csvpack.files(data))


def write_folder(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` into ``folder``: all of them first (as hidden temporary files), then each
    renamed over its old version, so a failure leaves the old set whole. A new folder is written
    under a temporary name and renamed into place. Other files in the folder are not touched."""
    folder = Path(folder)
    if not folder.exists():
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        except OSError as exc:
            raise OutputError(_("{path}: cannot write ({reason}); check that the folder exists and that you may "
                                "write there").format(path=folder, reason=exc.strerror or exc)) from None
        try:
            os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp's 0700 is for the temporary name only
            for name, data in files.items():
                (tmp / name).write_bytes(data)
            os.rename(tmp, folder)
        except OSError as exc:
            _remove(tmp, files)
            raise OutputError(_("{path}: cannot write ({reason})").format(path=folder, reason=exc.strerror or exc)) \
                from None
        return [folder / name for name in files]
    staged: list[tuple[str, str]] = []
    try:
        for name, data in files.items():
            target = folder / name
            if os.path.lexists(target) and not stat.S_ISREG(os.lstat(target).st_mode):
                raise OutputError(_("{path}: not a regular file; xplan replaces only the files it "
                                    "writes").format(path=target))
            fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
            staged.append((tmp_name, name))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
        for tmp_name, name in staged:
            os.replace(tmp_name, folder / name)
    except OSError as exc:
        for tmp_name, _name in staged:
            Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, OutputError):
            raise
        raise OutputError(_("{path}: cannot write ({reason}); check that you may write there").format(
            path=folder, reason=exc.strerror or exc)) from None
    return [folder / name for name in files]


def _remove(tmp: Path, files: dict[str, bytes]) -> None:
    """Remove a temporary folder this export made, and only the files it wrote there."""
    for name in files:
        (tmp / name).unlink(missing_ok=True)
    try:
        tmp.rmdir()
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
