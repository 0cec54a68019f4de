"""Install variorum with no extras into a fresh venv and read one file of each format with it.

`make test` runs in a venv that also holds the test, benchmark and Dask extras, which can
bring in a package the plain install lacks (trafilatura's justext needs lxml_html_clean, and
only an extra happened to install it). This installs what `pip install variorum` would,
then runs the installed command on a sample of every format (made here with the test
suite's generators) and fails, naming the format, if any is not read.

    python scripts/check_fresh_install.py [--venv DIR] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ingest.test_formats_archives import DATE, docx, epub, pdf, run_, warc, xhtml  # noqa: E402

PHRASE = "the committee met on the third of May"


def samples(folder: Path) -> dict[str, Path]:
    """One file per format, each holding PHRASE."""
    sentence = f"In the spring {PHRASE} and named its secretary."
    files: dict[str, bytes] = {
        "text.txt": f"{sentence}\n".encode("cp1252"),
        "page.html": (f"<!DOCTYPE html><html><head><title>Minutes</title></head><body>"
                      f"<nav>Home | About</nav><article><h1>Minutes</h1><p>{sentence}</p>"
                      f"<p>Nothing else was decided that day.</p></article></body></html>"
                      ).encode(),
        "notes.md": f"# Minutes\n\n{sentence}\n\n- one item\n".encode(),
        "edition.xml": (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>'
                        f"<titleStmt><title>Minutes</title></titleStmt></fileDesc></teiHeader>"
                        f"<text><body><p>{sentence}</p></body></text></TEI>").encode(),
        "draft.docx": docx(f"<w:p>{run_(sentence)}</w:p>"),
        "book.epub": epub({"c1.xhtml": xhtml(f"<p>{sentence}</p>")}, ["c1.xhtml"]),
        "print.pdf": pdf([[sentence]]),
        "capture.warc.gz": warc([("https://example.org/minutes", "200 OK",
                                  "text/html; charset=utf-8",
                                  f"<html><body><p>{sentence}</p></body></html>".encode(),
                                  DATE)], compress=True),
    }
    paths = {}
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content)
        paths[name] = path
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, help="where to make the venv (default: temporary)")
    parser.add_argument("--keep", action="store_true", help="keep the venv and the samples")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="variorum-fresh-"))
    venv = args.venv or work / "venv"
    try:
        print(f"fresh install: making {venv} and installing {ROOT} with no extras", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", str(ROOT)], check=True)
        command = str(venv / "bin" / "variorum")
        folder = work / "samples"
        folder.mkdir()
        failures = []
        for name, path in samples(folder).items():
            done = subprocess.run([command, "repair", str(path)], capture_output=True,
                                  text=True, timeout=300, stdin=subprocess.DEVNULL)
            read = done.returncode == 0 and PHRASE in done.stdout and not done.stderr
            print(f"  {'ok ' if read else 'FAIL'} {name}", flush=True)
            if not read:
                failures.append(f"{name}: exit {done.returncode}: "
                                f"{(done.stderr or done.stdout).strip()[-600:]}")
        for args_ in (["collate", str(folder / "text.txt"), str(folder / "page.html")],
                      ["find", str(folder), "--min-words", "5"]):
            done = subprocess.run([command, *args_], capture_output=True, text=True,
                                  timeout=300, stdin=subprocess.DEVNULL)
            print(f"  {'ok ' if done.returncode == 0 else 'FAIL'} variorum {args_[0]}",
                  flush=True)
            if done.returncode != 0:
                failures.append(f"variorum {args_[0]}: exit {done.returncode}: "
                                f"{done.stderr.strip()[-600:]}")
        if failures:
            print("fresh install: FAILED\n" + "\n".join(failures), file=sys.stderr)
            return 1
        print("fresh install: every format read by the plain install")
        return 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
