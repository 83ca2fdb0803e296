"""Train the boilerplate line classifier (``tidings/models/boilerplate.json``) and report its figures.

    python scripts/train_boilerplate.py [--shared DIR] [--out PATH] [--no-write]

Data (read in place, never copied into the repository):

- the 181 pages of ``data/article-extraction-benchmark``, each in two views: the page's full
  visible text (what a user copies from a browser: every block element a line) and
  trafilatura's output as ``ingest.from_bytes`` gets it; a line is body when most of its
  word trigrams (a short line: the whole line) are in the ground-truth body;
- the 30 ``data/news-dev`` articles: body lines after the title, labelled by their gold
  ``boilerplate`` lists.

Benchmark pages are split by a fixed hash of their key (one in five held out). The shipped
model trains on the training pages and all of news-dev; the script prints the held-out line
precision / recall of "boilerplate" for the rules alone and for rules + model, and a
leave-part-out news-dev figure (train on the benchmark training pages and two parts, score
the third with ``tidings.quality.boilerplate``). scikit-learn is needed here only; at run
time the model is numpy.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import numpy as np
from sklearn.linear_model import LogisticRegression

from tidings.exc import InputError
from tidings.ingest import clean as clean_mod
from tidings.ingest import html as html_mod
from tidings.ingest import lineclass
from tidings.ingest import normalize as normalize_mod
from tidings.ingest import text as text_mod
from tidings.quality import boilerplate as bp_quality
from tidings.quality import norm

REPO = Path(__file__).resolve().parents[1]
_WORD = re.compile(r"\w+")
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "figure",
        "figcaption",
        "blockquote",
        "pre",
        "form",
        "dl",
        "dt",
        "dd",
        "main",
        "address",
        "caption",
        "button",
        "label",
        "option",
        "select",
        "td",
        "th",
        "br",
        "hr",
    ]
)
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "head", "iframe")
MIN_PAGES = 10  # a vocabulary word appears on at least this many training pages
MAX_VOCABULARY = 400
MAX_WORDS = 40  # the model never removes a longer line
MAX_BODY_LOSS = 0.005  # threshold: at most this share of training body lines flagged
NEWSDEV_WEIGHT = 10.0  # a news-dev line (pasted article text, the users' case) counts this much


@dataclass(slots=True)
class Page:
    key: str
    lines: list[str]
    labels: list[int]  # 1 = boilerplate
    title: str | None
    weight: float = 1.0


def visible_lines(html: str) -> list[str]:
    """The page's visible text, one line per block element, normalised as ingest does."""
    doc = lxml.html.fromstring(html)
    for bad in doc.xpath("|".join(f"//{t}" for t in DROP_TAGS)):
        bad.drop_tree()
    for el in doc.iter():
        if isinstance(el.tag, str) and el.tag.lower() in BLOCK_TAGS:
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
    text = normalize_mod.normalize(doc.text_content())
    return [line.strip() for line in text.split("\n") if line.strip()]


def label(lines: list[str], gold: str) -> list[int]:
    """1 for a line that is not in the gold body (trigram coverage under half; short: not a line)."""
    words = [w.lower() for w in _WORD.findall(gold)]
    grams = {tuple(words[i : i + 3]) for i in range(len(words) - 2)}
    gold_lines = {norm(g).lower() for g in gold.split("\n")}
    out = []
    for line in lines:
        lw = [w.lower() for w in _WORD.findall(line)]
        if len(lw) < 4:
            out.append(0 if norm(line).lower() in gold_lines and lw else 1)
            continue
        lg = [tuple(lw[i : i + 3]) for i in range(len(lw) - 2)]
        covered = sum(g in grams for g in lg) / len(lg)
        out.append(0 if covered >= 0.5 else 1)
    return out


def heldout(key: str) -> bool:
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % 5 == 0


def benchmark_pages(root: Path) -> tuple[list[Page], list[Page]]:
    """(training pages, held-out pages), two views per benchmark page."""
    gold = json.loads((root / "ground-truth.json").read_text("utf-8"))
    train: list[Page] = []
    test: list[Page] = []
    for key in sorted(gold):
        html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()).decode(
            "utf-8", "replace"
        )
        body = gold[key]["articleBody"]
        views = [Page(f"{key}/page", (lines := visible_lines(html)), label(lines, body), None)]
        try:
            page = html_mod.extract_html(html, key)
            lines = [x.strip() for x in normalize_mod.normalize(page.body).split("\n") if x]
            views.append(Page(f"{key}/trafilatura", lines, label(lines, body), page.title))
        except InputError:
            pass
        (test if heldout(key) else train).extend(views)
    return train, test


def newsdev_pages(root: Path, parts: list[str] | None = None) -> list[Page]:
    pages = []
    for path, gold in bp_quality.articles(root, parts):
        title, body = text_mod.split_title(normalize_mod.normalize(path.read_text("utf-8")))
        wanted = {norm(b) for b in gold.get("boilerplate", [])}
        lines = [x.strip() for x in body.split("\n") if x.strip()]
        labels = [int(norm(x) in wanted) for x in lines]
        pages.append(Page(path.stem, lines, labels, title, NEWSDEV_WEIGHT))
    return pages


def vocabulary(pages: list[Page]) -> tuple[str, ...]:
    df: dict[str, int] = {}
    for p in pages:
        for w in {w.lower() for line in p.lines for w in lineclass._WORD.findall(line)}:
            df[w] = df.get(w, 0) + 1
    common = sorted((w for w, n in df.items() if n >= MIN_PAGES), key=lambda w: (-df[w], w))
    return tuple(sorted(common[:MAX_VOCABULARY]))


def matrix(pages: list[Page], vocab: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and sample weights of every line of ``pages``."""
    rules = clean_mod.load_rules()
    pages = [p for p in pages if p.lines]
    xs = [lineclass.features(p.lines, title=p.title, rules=rules, vocabulary=vocab) for p in pages]
    ys = [np.asarray(p.labels) for p in pages]
    ws = [np.full(len(p.lines), p.weight) for p in pages]
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)


def fit(pages: list[Page]) -> lineclass.LineModel:
    vocab = vocabulary(pages)
    x, y, w = matrix(pages, vocab)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=0.5, max_iter=2000)
    lr.fit((x - mean) / scale, y, sample_weight=w)
    model = lineclass.LineModel(
        vocabulary=vocab,
        mean=mean,
        scale=scale,
        weights=lr.coef_[0].astype(np.float64),
        bias=float(lr.intercept_[0]),
        threshold=0.5,
        max_words=MAX_WORDS,
    )
    p = model.probabilities(x)
    body = np.sort(p[y == 0])[::-1]
    cut = float(body[int(len(body) * MAX_BODY_LOSS)]) if len(body) else 0.5
    return lineclass.LineModel(
        vocabulary=vocab,
        mean=mean,
        scale=scale,
        weights=model.weights,
        bias=model.bias,
        threshold=round(max(0.5, cut + 1e-6), 6),
        max_words=MAX_WORDS,
    )


def line_scores(pages: list[Page], model: lineclass.LineModel | None) -> dict[str, float]:
    """Line P/R of 'boilerplate' for ``clean`` with the rules (and ``model`` when given)."""
    tp = fp = fn = 0
    for p in pages:
        text = "\n\n".join(p.lines)
        _, removed = clean_mod.clean(
            text, title=p.title, model=model or False, extracted=p.key.endswith("/trafilatura")
        )
        gone = [r.text for r in removed]
        pred = []
        for line in p.lines:
            hit = line in gone
            if hit:
                gone.remove(line)
            pred.append(hit)
        for hit, y in zip(pred, p.labels, strict=True):
            tp += hit and y == 1
            fp += hit and y == 0
            fn += (not hit) and y == 1
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return {
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "boilerplate_lines": tp + fn,
        "body_lines": sum(len(p.lines) for p in pages) - tp - fn,
        "body_lines_flagged": fp,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("TIDINGS_SHARED_DIR", REPO.parent / "shared")),
    )
    ap.add_argument(
        "--out", type=Path, default=REPO / "src" / "tidings" / "models" / lineclass.MODEL
    )
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    bench, newsdev = (
        args.shared / "data" / "article-extraction-benchmark",
        args.shared / "data" / "news-dev",
    )
    train, test = benchmark_pages(bench)
    print(f"benchmark: {len(train)} training views, {len(test)} held-out views", file=sys.stderr)
    dev = newsdev_pages(newsdev)
    report: dict[str, object] = {}
    held_model = fit(train + dev)
    report["heldout_rules"] = line_scores(test, None)
    report["heldout_rules_model"] = line_scores(test, held_model)
    for view in ("page", "trafilatura"):
        pages = [p for p in test if p.key.endswith(view)]
        report[f"heldout_{view}_rules"] = line_scores(pages, None)
        report[f"heldout_{view}_rules_model"] = line_scores(pages, held_model)
    parts = sorted(p.name for p in newsdev.glob("part*"))
    cv = bp_quality.BoilerplateScore()
    for part in parts:
        others = [q for q in parts if q != part]
        model = fit(train + newsdev_pages(newsdev, others))
        for path, gold in bp_quality.articles(newsdev, [part]):
            cv.add(bp_quality.score_article(path.read_text("utf-8"), gold, path.stem, model=model))
    report["newsdev_leave_part_out"] = cv.figures()
    report["threshold"] = held_model.threshold
    print(json.dumps(report, indent=1))
    if not args.no_write:
        args.out.write_text(json.dumps(held_model.to_json(), indent=None) + "\n", "utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
