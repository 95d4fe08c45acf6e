#!/usr/bin/env python3
"""Writes the sample article's test fixtures from the shared text (`make fixtures`).

The article is third-party text: it is read from ../shared/samples/trump-kim-direct-talks.txt
and never committed. The repo keeps only what the project wrote: the templates
`tests/fixtures/sample/trump-kim.{md,html}.in`, where `{{N}}` is line N of the shared text
(0 = headline; one paragraph a line), `{{N[a:b]}}` its words a..b (Python slice, split on
spaces) and `{{N|json}}` the line as the inside of a JSON string. In the .html template every
line is HTML-escaped; in the .md template it is written as it is.

Writes (each only when missing or out of date, so a second run does nothing):
  tests/fixtures/sample/trump-kim.txt   a copy of the shared text
  tests/fixtures/sample/trump-kim.md    the .md.in template filled
  tests/fixtures/sample/trump-kim.html  the .html.in template filled
  tests/fixtures/sample/trump-kim.docx  pandoc trump-kim.md -o trump-kim.docx
  tests/fixtures/pdf/trump-kim.pdf      the PDF corpus example, sample only
All are git-ignored. Usage: scripts/sample-fixtures.py [--check]
(--check: write nothing, exit 1 naming what is missing or stale).
"""

import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("FACTDESK_SHARED", os.path.join(ROOT, "..", "shared"))
SOURCE = os.path.join(SHARED, "samples", "trump-kim-direct-talks.txt")
# The shared text the templates and the tests were written against.
SOURCE_SHA256 = "62233126620544a14d4c926a56360a893b01e729b6b6b4ab18688346076735c9"
SAMPLE = os.path.join(ROOT, "tests", "fixtures", "sample")
PDF = os.path.join(ROOT, "tests", "fixtures", "pdf", "trump-kim.pdf")
# What the PDF is made from besides the .md: regenerated when one of these is newer.
PDF_INPUTS = [
    os.path.join(ROOT, "src-tauri", "core", "examples", "pdf_corpus.rs"),
    os.path.join(ROOT, "src-tauri", "core", "src", "import", "pdf", "write.rs"),
]
PLACEHOLDER = re.compile(r"\{\{(\d+)(?:\[(-?\d*):(-?\d*)\])?(\|json)?\}\}")


def rel(path):
    return os.path.relpath(path, ROOT)


def fail(msg):
    sys.exit(f"sample-fixtures: {msg}")


def read_source():
    try:
        with open(SOURCE, "rb") as f:
            raw = f.read()
    except OSError:
        fail(
            f"{os.path.normpath(SOURCE)} is missing.\n"
            "The sample article's fixtures (tests/fixtures/sample/trump-kim.*, "
            "tests/fixtures/pdf/trump-kim.pdf) are made from\n"
            "shared/samples/trump-kim-direct-talks.txt: put the read-only `shared` folder "
            "beside this repo (../shared)\nor set FACTDESK_SHARED to where it is."
        )
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SOURCE_SHA256:
        fail(
            f"{os.path.normpath(SOURCE)} is not the text the fixtures were written for "
            f"(sha256 {digest}, expected {SOURCE_SHA256});\n"
            "if it changed on purpose, update the templates, the tests and SOURCE_SHA256 "
            "in scripts/sample-fixtures.py."
        )
    return raw


def fill(template_path, lines, escape):
    with open(template_path, encoding="utf-8", newline="") as f:
        template = f.read()
    used = set()

    def sub(m):
        n = int(m.group(1))
        if n >= len(lines):
            fail(f"{rel(template_path)}: {m.group(0)}: the article has {len(lines)} lines")
        used.add(n)
        text = lines[n]
        if m.group(2) is not None or m.group(3) is not None:
            words = text.split(" ")
            a = int(m.group(2)) if m.group(2) else None
            b = int(m.group(3)) if m.group(3) else None
            text = " ".join(words[a:b])
        if m.group(4):
            return json.dumps(text, ensure_ascii=False)[1:-1].replace("</", "<\\/")
        return escape(text)

    out = PLACEHOLDER.sub(sub, template)
    missing = sorted(set(range(len(lines))) - used)
    if missing:
        fail(f"{rel(template_path)} leaves out line(s) {missing} of the article")
    return out.encode("utf-8")


def newer(target, sources):
    """True when target is missing or older than any of sources."""
    if not os.path.exists(target):
        return True
    t = os.path.getmtime(target)
    return any(os.path.getmtime(s) > t for s in sources if os.path.exists(s))


def write_if_changed(path, data, check, stale):
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return
    except OSError:
        pass
    if check:
        stale.append(rel(path))
        return
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    print(f"sample-fixtures: wrote {rel(path)}")


def main():
    check = "--check" in sys.argv[1:]
    raw = read_source()
    lines = raw.decode("utf-8").split("\n")
    stale = []
    txt = os.path.join(SAMPLE, "trump-kim.txt")
    md = os.path.join(SAMPLE, "trump-kim.md")
    docx = os.path.join(SAMPLE, "trump-kim.docx")
    write_if_changed(txt, raw, check, stale)
    write_if_changed(md, fill(md + ".in", lines, lambda s: s), check, stale)
    html_path = os.path.join(SAMPLE, "trump-kim.html")
    write_if_changed(html_path, fill(html_path + ".in", lines, html.escape), check, stale)

    if newer(docx, [md]):
        if check:
            stale.append(rel(docx))
        else:
            # Fixed dates inside the file (those of the docx first committed), so the same .md and
            # pandoc give the same bytes (Debian pandoc 2.17: byte for byte that file).
            env = dict(os.environ, SOURCE_DATE_EPOCH="1795814619")
            try:
                subprocess.run(
                    ["pandoc", "trump-kim.md", "-o", "trump-kim.docx"],
                    cwd=SAMPLE, env=env, check=True,
                )
            except FileNotFoundError:
                fail("pandoc is needed to write trump-kim.docx (scripts/setup.sh test installs it)")
            except subprocess.CalledProcessError as e:
                fail(f"pandoc failed ({e.returncode})")
            print(f"sample-fixtures: wrote {rel(docx)}")

    if newer(PDF, [md] + PDF_INPUTS):
        if check:
            stale.append(rel(PDF))
        else:
            subprocess.run(
                ["cargo", "run", "-q", "-p", "factdesk-core", "--example", "pdf_corpus", "--",
                 os.path.dirname(PDF), "--sample-only"],
                cwd=ROOT, check=True,
            )

    if check and stale:
        fail("missing or out of date: " + ", ".join(stale) + "\nRun `make fixtures`.")


if __name__ == "__main__":
    main()
