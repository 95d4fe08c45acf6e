#!/usr/bin/env python3
"""Turn a labeller's draft into the repo's label rows, keyed by character offsets.

  python3 eval/labels/tool.py place DRAFT.jsonl [--news DIR]
      DRAFT.jsonl: one {"text", "label", "why"} per sentence, in reading order, named after the
      article (e.g. 01-khadr-bail.jsonl). Writes eval/labels/news/01-khadr-bail.jsonl with
      {"doc", "start", "end", "label", "why"} rows and checks that every non-space character of
      the article belongs to exactly one labelled sentence.
  python3 eval/labels/tool.py check       every label file against its article
  python3 eval/labels/tool.py show DOC    the article's sentences with their labels
  python3 eval/labels/tool.py stats       label counts per article and in all
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NEWS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "eval", "data", "news"))
OUT = os.path.join(HERE, "news")


def article(doc, news=NEWS):
    with open(os.path.join(news, doc), encoding="utf-8") as f:
        return f.read()


def fold(s):
    return (s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
            .replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-"))


def locate(text, needle, start):
    """Span of needle in text at or after start, ignoring whitespace differences."""
    t = fold(text)
    parts = fold(needle).split()
    if not parts:
        raise ValueError("empty sentence")
    pos = start
    while True:
        i = t.find(parts[0], pos)
        if i < 0:
            return None
        j, ok = i + len(parts[0]), True
        for p in parts[1:]:
            k = j
            while k < len(t) and t[k].isspace():
                k += 1
            if t.startswith(p, k) and k > j:
                j = k + len(p)
            else:
                ok = False
                break
        if ok:
            return i, j
        pos = i + 1


def coverage_errors(text, rows):
    errs, last = [], 0
    for r in rows:
        gap = text[last:r["start"]]
        if gap.strip():
            errs.append(f"unlabelled text before {r['start']}: {gap.strip()[:80]!r}")
        if r["start"] < last:
            errs.append(f"overlap at {r['start']}")
        last = r["end"]
    if text[last:].strip():
        errs.append(f"unlabelled text at the end: {text[last:].strip()[:80]!r}")
    return errs


def place(draft, news=NEWS):
    doc = os.path.basename(draft).rsplit(".", 1)[0] + ".txt"
    text = article(doc, news)
    rows, cursor = [], 0
    with open(draft, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            d = json.loads(line)
            if d.get("label") not in (0, 1, 2):
                sys.exit(f"{draft}:{n}: label must be 0, 1 or 2")
            span = locate(text, d["text"], cursor)
            if not span:
                sys.exit(f"{draft}:{n}: sentence not found after offset {cursor}: {d['text'][:80]!r}")
            rows.append({"doc": doc, "start": span[0], "end": span[1], "label": d["label"],
                         "why": d.get("why", "")})
            cursor = span[1]
    errs = coverage_errors(text, rows)
    if errs:
        sys.exit(f"{draft}: " + "; ".join(errs[:5]))
    out = os.path.join(OUT, doc[:-4] + ".jsonl")
    with open(out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{out}: {len(rows)} sentences")


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def check():
    bad = 0
    for name in sorted(os.listdir(OUT)):
        rows = load(os.path.join(OUT, name))
        errs = coverage_errors(article(rows[0]["doc"]), rows)
        if errs:
            bad += 1
            print(name, errs[:3])
    print("all label files cover their articles" if not bad else f"{bad} files with errors")
    return bad


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd = sys.argv[1]
    if cmd == "place":
        for d in sys.argv[2:]:
            place(d)
    elif cmd == "check":
        sys.exit(1 if check() else 0)
    elif cmd == "show":
        doc = sys.argv[2]
        rows = load(os.path.join(OUT, doc.replace(".txt", "") + ".jsonl"))
        text = article(rows[0]["doc"])
        for r in rows:
            print(r["label"], " ".join(text[r["start"]:r["end"]].split()), "|", r["why"])
    elif cmd == "stats":
        tot = [0, 0, 0]
        for name in sorted(os.listdir(OUT)):
            c = [0, 0, 0]
            for r in load(os.path.join(OUT, name)):
                c[r["label"]] += 1
            tot = [a + b for a, b in zip(tot, c)]
            print(name, c)
        print("all", tot, sum(tot))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
