"""Boilerplate removal: drop whole lines that are credits, widgets, footers or prompts, and say why.

The patterns live in ``tidings/resources/boilerplate.json`` (one reviewed rule per pattern, each
with its reason, examples it must match and sentences it must keep). This module only applies
them, plus three structural heuristics configured in the same file, and then a learned line
classifier (``tidings.ingest.lineclass``) for what no rule names:

- a short caption-like line printed twice or more in a row is removed (``repeated_caption``);
- a body line identical to the title is removed (``repeated_title``): pages print the
  headline above the story, in a share box and again above the body;
- a "Related" / "Read more" heading takes the headline-like lines after it along;
- a run of many short lines before the first line of prose (a site menu at the top of a copied
  page) is removed (``navigation``);
- an opening paragraph whose words all come again further down (a teaser or meta description
  printed above the story) is removed (``repeated_teaser``): the later copy stays, so no body
  text is lost;
- a line the classifier calls boilerplate is removed with the reason of the first ``kinds``
  pattern it matches (``byline``, ``timestamp``, ``share_widget``, ...), else ``navigation``.

The cleaner works on whole lines of normalised text and never edits inside a line, so what is
kept is character-for-character what the normaliser produced. It errs towards keeping: each
rule has a ``max_words`` ceiling, so a long sentence that merely resembles a footer survives.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from tidings.exc import ConfigError
from tidings.ingest import lineclass
from tidings.ingest.normalize import collapse_blank_lines
from tidings.model import Removed

RESOURCE = "boilerplate.json"

# Lines ending like this are sentences (or lead-ins) for the structural heuristics.
_SENTENCE_END = re.compile(r"""[.!?:;"”’]$""")


@dataclass(frozen=True, slots=True)
class Rule:
    """One reviewed boilerplate pattern, matched against whole lines."""

    id: str
    reason: str
    kind: Literal["line", "block_start"]
    where: Literal["any", "tail"]
    max_words: int
    regex: re.Pattern[str]

    def matches(self, line: str, words: int | None = None) -> bool:
        """Whether the whole ``line`` (of ``words`` words, counted when not given) matches."""
        if words is None:
            words = len(line.split())
        return words <= self.max_words and self.regex.fullmatch(line) is not None


@dataclass(frozen=True, slots=True)
class Rules:
    """The rule set and the heuristics' settings, as loaded from the resource file."""

    rules: tuple[Rule, ...]
    tail_lines: int
    repeated_reason: str
    repeated_min_words: int
    repeated_max_words: int
    repeated_title_reason: str
    block_max_lines: int
    block_max_words: int
    kinds: tuple[tuple[str, re.Pattern[str]], ...] = ()
    default_kind: str = "navigation"
    menu_reason: str = "navigation"
    menu_min_lines: int = 8
    menu_max_words: int = 4
    teaser_reason: str = "repeated_teaser"
    teaser_min_words: int = 8
    teaser_head_lines: int = 3
    teaser_containment: float = 0.9

    def reason(self, line: str, *, tail: bool = False, kind: str = "line") -> str | None:
        """The reason of the first ``kind`` rule matching ``line`` (tail rules only when ``tail``)."""
        words = len(line.split())
        for rule in self.rules:
            if rule.kind != kind or (rule.where == "tail" and not tail):
                continue
            if rule.matches(line, words):
                return rule.reason
        return None

    def kind(self, line: str) -> str:
        """The reason for a line the classifier removes: the first matching ``kinds`` pattern."""
        for reason, regex in self.kinds:
            if regex.search(line):
                return reason
        return self.default_kind


def load_rules(path: str | Path | None = None) -> Rules:
    """Load and compile the rules from ``path`` (default: the packaged ``boilerplate.json``).

    Raises ``ConfigError`` naming the rule when the file is unreadable or a pattern is invalid.
    The packaged file is read once per process.
    """
    if path is None:
        return _default_rules()
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise ConfigError(f"{path}: can't read boilerplate rules ({e})") from None
    return _compile(data, str(path))


@lru_cache(maxsize=1)
def _default_rules() -> Rules:
    text = resources.files("tidings").joinpath("resources", RESOURCE).read_text("utf-8")
    return _compile(json.loads(text), f"tidings/resources/{RESOURCE}")


def _compile(data: dict[str, Any], name: str) -> Rules:
    try:
        settings = data["settings"]
        rules = []
        for raw in data["rules"]:
            flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
            try:
                regex = re.compile(raw["pattern"], flags)
            except re.error as e:
                raise ConfigError(
                    f"{name}: rule {raw.get('id')!r} has an invalid pattern ({e})"
                ) from None
            if raw.get("kind", "line") not in ("line", "block_start") or raw.get(
                "where", "any"
            ) not in ("any", "tail"):
                raise ConfigError(f"{name}: rule {raw.get('id')!r} has an unknown kind or where")
            rules.append(
                Rule(
                    id=raw["id"],
                    reason=raw["reason"],
                    kind=raw.get("kind", "line"),
                    where=raw.get("where", "any"),
                    max_words=int(raw["max_words"]),
                    regex=regex,
                )
            )
        return Rules(
            rules=tuple(rules),
            tail_lines=int(settings["tail_lines"]),
            repeated_reason=settings["repeated"]["reason"],
            repeated_min_words=int(settings["repeated"]["min_words"]),
            repeated_max_words=int(settings["repeated"]["max_words"]),
            repeated_title_reason=settings["repeated_title"]["reason"],
            block_max_lines=int(settings["block"]["max_lines"]),
            block_max_words=int(settings["block"]["max_words"]),
            menu_reason=settings["menu"]["reason"],
            menu_min_lines=int(settings["menu"]["min_lines"]),
            menu_max_words=int(settings["menu"]["max_words"]),
            teaser_reason=settings["teaser"]["reason"],
            teaser_min_words=int(settings["teaser"]["min_words"]),
            teaser_head_lines=int(settings["teaser"]["head_lines"]),
            teaser_containment=float(settings["teaser"]["containment"]),
            kinds=tuple(_compile_kinds(data.get("kinds", {}), name)),
            default_kind=str(data.get("kinds", {}).get("default", "navigation")),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise ConfigError(f"{name}: malformed boilerplate rules (missing or bad {e})") from None


def _compile_kinds(data: dict[str, Any], name: str) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for raw in data.get("patterns", []):
        try:
            out.append((str(raw["reason"]), re.compile(raw["pattern"], re.IGNORECASE)))
        except re.error as e:
            raise ConfigError(
                f"{name}: kind {raw.get('reason')!r} has an invalid pattern ({e})"
            ) from None
    return out


def is_boilerplate(line: str, *, rules: Rules | None = None) -> bool:
    """Whether one line matches a rule that applies anywhere in an article (used for titles)."""
    rules = rules or _default_rules()
    line = line.strip()
    return bool(rules.reason(line) or rules.reason(line, kind="block_start"))


def clean(
    text: str,
    *,
    title: str | None = None,
    rules: Rules | None = None,
    model: lineclass.LineModel | Literal[False] | None = None,
    language: str = "en",
    extracted: bool = False,
) -> tuple[str, list[Removed]]:
    """Remove boilerplate lines from normalised ``text``; return the kept text and what was removed.

    ``model`` is the line classifier (default: the packaged one; ``False``: the rules alone);
    ``language`` picks its stoplist. ``extracted``: the text is trafilatura's output, whose
    menus are gone already, so a run of short lines at its head is content (a table, a list)
    and the menu heuristic does not apply.

    ``removed`` lists one ``Removed(line, reason)`` per removed line, in text order (a caption
    printed twice is recorded twice). Kept lines are unchanged; paragraph breaks left doubled by
    a removal are collapsed. Returns ``("", removed)`` when every line was boilerplate.
    """
    rules = rules or _default_rules()
    lines = text.split("\n")
    reasons: dict[int, str] = {}
    content = [i for i, line in enumerate(lines) if line.strip()]

    if title is not None and title.strip():
        for i in content:
            if lines[i].strip() == title.strip():
                reasons[i] = rules.repeated_title_reason

    for i in content:
        if i in reasons:
            continue
        line = lines[i].strip()
        reason = rules.reason(line)
        if reason:
            reasons[i] = reason
            continue
        reason = rules.reason(line, kind="block_start")
        if reason:
            reasons[i] = reason
            _take_block(lines, content, i, reason, reasons, rules)

    _mark_repeated(lines, content, reasons, rules)
    _mark_tail(lines, content, reasons, rules)
    if not extracted:
        _mark_menu(lines, content, reasons, rules)
    if model is not False and content:
        page = [lines[i].strip() for i in content]
        flags = lineclass.predict(page, title=title, rules=rules, model=model, language=language)
        for i, flagged in zip(content, flags, strict=True):
            if flagged and i not in reasons:
                reasons[i] = rules.kind(lines[i].strip())
    _mark_teasers(lines, content, reasons, rules)

    removed = [Removed(text=lines[i].strip(), reason=reasons[i]) for i in sorted(reasons)]
    kept = "\n".join(line for i, line in enumerate(lines) if i not in reasons)
    return collapse_blank_lines(kept), removed


def _headline_like(line: str, max_words: int) -> bool:
    return len(line.split()) <= max_words and not line.endswith(".")


def _take_block(
    lines: list[str],
    content: list[int],
    start: int,
    reason: str,
    reasons: dict[int, str],
    rules: Rules,
) -> None:
    """Mark the headline-like lines following a related-links heading (blank lines are skipped)."""
    after = [i for i in content if i > start]
    for i in after[: rules.block_max_lines]:
        line = lines[i].strip()
        if i in reasons:
            continue
        if not _headline_like(line, rules.block_max_words):
            break
        reasons[i] = reason


def _caption_like(line: str, rules: Rules) -> bool:
    words = len(line.split())
    if not rules.repeated_min_words <= words <= rules.repeated_max_words:
        return False
    if _SENTENCE_END.search(line):
        return False
    if line[0] in "-*•|#>" or line.endswith("|"):  # list item, table row, markup
        return False
    # All-capitals lines ("MR. SMITH", "Q") are transcript labels or section marks, not captions.
    return any(c.islower() for c in line)


def _mark_repeated(
    lines: list[str], content: list[int], reasons: dict[int, str], rules: Rules
) -> None:
    """Mark runs of one caption-like line printed twice or more in a row (caption + alt text).

    Only consecutive repeats count: a line that recurs further apart ("Meal 1" in a meal
    plan, a feature list printed twice) is content. List items and table rows never count.
    """
    kept = [i for i in content if i not in reasons]
    start = 0
    while start < len(kept):
        line = lines[kept[start]].strip()
        end = start + 1
        while end < len(kept) and lines[kept[end]].strip() == line:
            end += 1
        if end - start >= 2 and _caption_like(line, rules):
            for i in kept[start:end]:
                reasons[i] = rules.repeated_reason
        start = end


_WORD = re.compile(r"\w+")


# A line of prose ends like a sentence and has this many words (or characters) at least; a
# menu item has at most this many characters.
_PROSE_END = re.compile(r"""[.!?:;"”’。！？]$""")
_PROSE_MIN_WORDS = 10
_PROSE_MIN_CHARS = 40
_MENU_MAX_CHARS = 30


def _mark_menu(lines: list[str], content: list[int], reasons: dict[int, str], rules: Rules) -> None:
    """Mark runs of ``menu_min_lines`` or more short lines before the first line of prose.

    A page copied whole from a browser opens with its menus: "Home", "World", "Business",
    "Sign in", one to four words a line, dozens of them. Only the head of the page counts, and
    only a long run, so a short list in the story (or a list after its first paragraph) stays.
    """
    run: list[int] = []
    for i in [*[i for i in content if i not in reasons], -1]:
        line = lines[i].strip() if i >= 0 else ""
        words = len(line.split())
        ends = _PROSE_END.search(line) is not None
        # characters count too: Chinese and Japanese write a sentence as one "word"
        if i >= 0 and words <= rules.menu_max_words and len(line) <= _MENU_MAX_CHARS and not ends:
            run.append(i)
            continue
        if len(run) >= rules.menu_min_lines:
            for j in run:
                reasons[j] = rules.menu_reason
        run = []
        if i < 0 or (ends and (words >= _PROSE_MIN_WORDS or len(line) >= _PROSE_MIN_CHARS)):
            return


def _mark_teasers(
    lines: list[str], content: list[int], reasons: dict[int, str], rules: Rules
) -> None:
    """Mark an opening paragraph whose word trigrams nearly all come again further down.

    Copied pages print the lede (or a summary made of it) above the story as a teaser or
    meta description, sometimes two paragraphs run together: the first copy goes, the later
    one stays. Only the first ``teaser_head_lines`` kept lines can be one: further down, a
    repeat is the story's own (an interviewer asking each guest the same question, a meal
    plan repeating a recipe).
    """
    kept = [i for i in content if i not in reasons]
    grams = []
    for i in kept:
        tokens = [w.lower() for w in _WORD.findall(lines[i])]
        grams.append((len(tokens), {tuple(tokens[k : k + 3]) for k in range(len(tokens) - 2)}))
    for n, (i, (words, mine)) in enumerate(
        zip(kept[: rules.teaser_head_lines], grams, strict=False)
    ):
        if words < rules.teaser_min_words or not mine:
            continue
        later = set().union(*(g for _, g in grams[n + 1 :]))
        if len(mine & later) >= rules.teaser_containment * len(mine):
            reasons[i] = rules.teaser_reason


def _mark_tail(lines: list[str], content: list[int], reasons: dict[int, str], rules: Rules) -> None:
    """Apply the tail-only rules to the last ``tail_lines`` kept lines, growing the tail as lines go."""
    changed = True
    while changed:
        changed = False
        kept = [i for i in content if i not in reasons]
        for i in kept[-rules.tail_lines :]:
            reason = rules.reason(lines[i].strip(), tail=True)
            if reason:
                reasons[i] = reason
                changed = True
