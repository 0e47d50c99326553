"""Make the README's pictures of the exports, as LibreOffice shows them (headless, to PDF, then
pdftoppm to PNG): a page of ``xplan show --org 政策局 -F docx`` and the 取組 sheet of
``xplan export -o plans.xlsx``.

    python docs/export_screenshots.py [--out docs/img]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> None:
    subprocess.run(args, cwd=cwd, check=True, capture_output=True, timeout=600)


def to_png(document: Path, page: int, target: Path, work: Path, dpi: int = 80, crop: tuple[int, int] | None = None) -> None:
    run("soffice", f"-env:UserInstallation=file://{work}/lo", "--headless", "--convert-to", "pdf", "--outdir",
        str(work), str(document))
    pdf = work / f"{document.stem}.pdf"
    box = ["-x", "0", "-y", "0", "-W", str(crop[0]), "-H", str(crop[1])] if crop else []
    run("pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), *box, "-singlefile", str(pdf),
        str(target.with_suffix("")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img", help="folder for the PNG files")
    parser.add_argument("--page", type=int, default=3, help="the page of the Word document to show")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        doc = work / "seisaku.docx"
        run(sys.executable, "-m", "xplan", "show", "--org", "政策局", "-F", "docx", "-o", str(doc))
        to_png(doc, args.page, args.out / "export-docx.png", work)
        book = work / "plans.xlsx"
        run(sys.executable, "-m", "xplan", "export", "--all", "-o", str(book))
        import openpyxl

        wb = openpyxl.load_workbook(book)
        for name in wb.sheetnames:
            if name != "取組":
                del wb[name]
        one = work / "actions.xlsx"
        wb.save(one)
        to_png(one, 1, args.out / "export-xlsx.png", work, dpi=130, crop=(1520, 640))  # the page's top half
    print(f"wrote {args.out / 'export-docx.png'}, {args.out / 'export-xlsx.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
