"""Boilerplate removal: each kind is removed with its reason, article sentences always survive."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tidings import ingest
from tidings.exc import ConfigError, EmptyInput
from tidings.ingest.clean import clean, load_rules
from tidings.model import Removed

# A made-up article; boilerplate is slotted between or after its paragraphs.
HEAD = [
    "The city council voted 7 to 2 on Tuesday to approve a new budget that raises spending on roads and schools.",
    "“This budget keeps our promises,” said council member Rosa Diaz, who sponsored the plan.",
]
TAIL = [
    "Opponents said the plan would raise property taxes by about 4 percent next year, a claim the city disputes.",
]
ARTICLE = HEAD + TAIL


def cleaned(*paragraphs: str) -> tuple[str, list[Removed]]:
    return clean("\n\n".join(paragraphs))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Ledger TV NEWS/YouTube", "photo_credit"),
        ("Mandel Ngan/AFP via Getty Images", "photo_credit"),
        ("AP Photo/Jane Roe", "photo_credit"),
        ("(REUTERS/Sam Lee)", "photo_credit"),
        ("Photo: Coastal Ledger", "photo_credit"),
        ("Image credit: City of Harbourview", "photo_credit"),
        ("Photo by Sam Lee/Reuters", "photo_credit"),
        ("Getty Images", "photo_credit"),
        ("Please let us know if you're having issues with commenting.", "comment_footer"),
        ("Comments are closed.", "comment_footer"),
        ("View comments", "comment_footer"),
        ("Share this article", "share_widget"),
        ("Click to share on Twitter (Opens in new window)", "share_widget"),
        ("Facebook Twitter Email", "share_widget"),
        ("Sign up for our newsletter", "newsletter_prompt"),
        (
            "Sign up to the Morning Ledger newsletter and get the news in your inbox every day.",
            "newsletter_prompt",
        ),
        ("Related: Harbour tunnel plan shelved", "related_links"),
        ("Read more: Why the bridge closed", "related_links"),
        ("See also: Council budget explained", "related_links"),
        ("© 2015 Coastal Ledger", "copyright"),
        ("Copyright 2021 The Coastal Ledger. All rights reserved.", "copyright"),
        ("Follow him on Twitter @samlee", "author_bio"),
        ("Subscribe now", "subscription_prompt"),
        ("Already a subscriber? Log in", "subscription_prompt"),
        ("Advertisement", "advertisement"),
    ],
)
def test_clean_removes_boilerplate(line: str, reason: str) -> None:
    text, removed = cleaned(*HEAD, line, *TAIL)
    assert removed == [Removed(line, reason)]
    assert text == "\n\n".join(ARTICLE)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Sam Lee is a reporter for The Coastal Ledger covering city hall.", "author_bio"),
        (
            "Jane Q. Roe is a senior correspondent at the Ledger. Follow her on X @jroe.",
            "author_bio",
        ),
        ("Email him at sam.lee@example.com", "author_bio"),
        ("(Reporting by Sam Lee; Editing by Jane Roe)", "credit"),
    ],
)
def test_clean_removes_author_lines_at_the_end(line: str, reason: str) -> None:
    text, removed = cleaned(*ARTICLE, line, "Share this article")
    assert [r.reason for r in removed] == [reason, "share_widget"]
    assert removed[0].text == line
    assert text == "\n\n".join(ARTICLE)


def test_clean_keeps_bio_like_sentence_in_the_body() -> None:
    bio = "Sam Lee is a reporter for The Coastal Ledger covering city hall."
    paragraphs = [
        bio,
        *ARTICLE,
        "The vote follows months of debate.",
        "A final reading is set for May.",
    ]
    text, removed = cleaned(*paragraphs)
    assert removed == []
    assert bio in text


@pytest.mark.parametrize(
    "sentence",
    [
        "Photos by the group showed the damage was extensive.",
        "The video was first posted on YouTube by a local channel, officials said.",
        "Getty Images declined to comment on the lawsuit.",
        "Comments from the minister angered opposition lawmakers on Tuesday.",
        "Readers can share the article on Facebook, the company said, but not on Twitter.",
        "He urged residents to sign up for the city's emergency text alerts.",
        "Related groups claimed responsibility for the attack.",
        "Copyright lawyers said the ruling would be appealed.",
        "The newsletter, which launched in 2019, now has 50,000 subscribers.",
        "He is a former reporter for the local paper.",
        "Mr. Lee is a columnist for the Times.",
        "Subscribers complained about the price rise.",
        "Advertising revenue fell 12 percent in the quarter.",
        "“Share this with your friends,” the mayor said.",
        "Follow-up inspections are planned for next year.",
        "Reporting by the newspaper showed the funds were misused.",
        "Read the full report on the city's website, the department said.",
        "MAYOR BERG",
        "Q: Will taxes rise?",
    ],
)
@pytest.mark.parametrize("where", ["middle", "end"])
def test_clean_keeps_article_sentences(sentence: str, where: str) -> None:
    paragraphs = [*HEAD, sentence, *TAIL] if where == "middle" else [*ARTICLE, sentence]
    text, removed = cleaned(*paragraphs)
    assert removed == []
    assert text == "\n\n".join(paragraphs)


def test_clean_repeated_caption_in_a_row() -> None:
    caption = "The reopened bridge at dawn"
    text, removed = cleaned(HEAD[0], caption, caption, *HEAD[1:], *TAIL)
    assert removed == [Removed(caption, "repeated_caption")] * 2
    assert text == "\n\n".join(ARTICLE)


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["Day 1", HEAD[0], "Day 1", HEAD[1]],  # recurs further apart: content
        ["- Cheaper bus fares", "- Cheaper bus fares", HEAD[0]],  # list items
        ["| Ward | Votes |", "| Ward | Votes |", HEAD[0]],  # table rows
        ["MAYOR BERG", "MAYOR BERG", HEAD[0]],  # transcript labels
        ["Yes.", "Yes.", HEAD[0]],  # a sentence said twice
    ],
    ids=["apart", "list", "table", "caps", "sentence"],
)
def test_clean_repeated_lines_kept(paragraphs: list[str]) -> None:
    text, removed = cleaned(*paragraphs)
    assert removed == []
    assert text == "\n\n".join(paragraphs)


def test_clean_related_block() -> None:
    text, removed = cleaned(
        *HEAD,
        "Related Stories",
        "Harbour tunnel plan shelved",
        "Mayor names new transport chief",
        *TAIL,
    )
    assert [r.reason for r in removed] == ["related_links"] * 3
    assert [r.text for r in removed][1:] == [
        "Harbour tunnel plan shelved",
        "Mayor names new transport chief",
    ]
    assert text == "\n\n".join(ARTICLE)


def test_clean_repeated_title() -> None:
    article = ingest.from_text("\n\n".join(["Budget Approved", *ARTICLE]), title="Budget Approved")
    assert article.removed == [Removed("Budget Approved", "repeated_title")]
    assert article.text == "\n\n".join(ARTICLE)


def test_clean_repeated_title_anywhere() -> None:
    paragraphs = [ARTICLE[0], "Budget Approved", *ARTICLE[1:]]
    article = ingest.from_text("\n\n".join(paragraphs), title="Budget Approved")
    assert article.removed == [Removed("Budget Approved", "repeated_title")]


def test_clean_teaser_first_copy_removed_later_copy_kept() -> None:
    teaser = "The city council voted 7 to 2 on Tuesday to approve a new budget."
    body = [
        "Therefore the city council voted 7 to 2 on Tuesday to approve a new budget, as expected.",
        *ARTICLE[1:],
    ]
    text, removed = cleaned(teaser, *body)
    assert removed == [Removed(teaser, "repeated_teaser")]
    assert text == "\n\n".join(body)


def test_clean_short_or_partial_repeats_are_kept() -> None:
    # a short line, and a sentence only half of which recurs, stay
    lines = ["Budget vote", "The council voted on Tuesday to approve the budget, officials said."]
    _, removed = cleaned(*lines, "Budget vote", "The council voted on Tuesday, and left early.")
    assert [r.reason for r in removed] == []


def test_clean_dateline_line_becomes_metadata() -> None:
    article = ingest.from_text("\n\n".join(["PTI Mumbai", *ARTICLE]), title="Budget")
    assert article.removed == [Removed("PTI Mumbai", "dateline")]
    assert article.dateline is not None
    assert (article.dateline.agency, article.dateline.place) == ("PTI", "Mumbai")


def test_clean_never_removes_body_sentences_of_many_kinds() -> None:
    body = [
        *ARTICLE,
        "By Friday, the council had published the full budget online.",
        "Photographs of the flooded road were shared widely on Facebook, residents said.",
        "Share prices of the city's bond insurer rose 3 percent on Tuesday.",
        "Updated figures released on May 3, 2021 showed spending had risen.",
        "“We will subscribe to any plan that fixes the roads,” said Sam Lee.",
        "Comments from residents at the hearing were mostly critical.",
        "Related measures, including a parking levy, will be voted on next month.",
    ]
    text, removed = cleaned(*body)
    assert removed == [] and text == "\n\n".join(body)


def test_clean_only_boilerplate_is_empty() -> None:
    with pytest.raises(EmptyInput, match=r"^page\.txt: "):
        ingest.from_text(
            "Share this article\n\nSubscribe now\n\n© 2021 Ledger",
            source="page.txt",
            detect_title=False,
        )


def test_clean_can_be_switched_off() -> None:
    article = ingest.from_text("\n\n".join([*ARTICLE, "Subscribe now"]), remove_boilerplate=False)
    assert article.text.endswith("Subscribe now")
    assert article.removed == []


def _rules_file() -> dict[str, Any]:
    text = resources.files("tidings").joinpath("resources", "boilerplate.json").read_text("utf-8")
    return json.loads(text)


RULES = _rules_file()["rules"]


@pytest.mark.parametrize("rule", RULES, ids=[r["id"] for r in RULES])
def test_clean_resource_examples_and_keeps(rule: dict[str, Any]) -> None:
    rules = load_rules()
    assert rule["reason"] and rule["examples"], "every rule needs a reason and examples"
    for example in rule["examples"]:
        assert rules.reason(example, tail=True, kind=rule["kind"]) == rule["reason"], example
    for keep in rule["keeps"]:
        _, removed = cleaned(*ARTICLE, keep)
        assert removed == [], keep


def test_clean_bad_rules_file(tmp_path: Path) -> None:
    data = _rules_file()
    data["rules"][0]["pattern"] = "(unclosed"
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigError, match="credit-slash-agency"):
        load_rules(path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rules\.json"):
        load_rules(path)


def test_clean_menu_run_at_the_head_of_a_copied_page() -> None:
    menu = ["Home", "News", "Sport", "Weather", "Business", "Culture", "Travel", "Sign in"]
    text, removed = cleaned(*menu, *ARTICLE)
    assert [r.text for r in removed] == menu and {r.reason for r in removed} == {"navigation"}
    assert text == "\n\n".join(ARTICLE)


def test_clean_short_list_in_the_story_is_kept() -> None:
    items = ["- Roads: £2m", "- Schools: £1m", "- Parks: £0.5m", "- Libraries: £0.2m"]
    assert cleaned(*items, *ARTICLE)[1] == []  # fewer lines than a menu
    after = [
        "Roads",
        "Schools",
        "Parks",
        "Libraries",
        "Ports",
        "Rail",
        "Buses",
        "Bridges",
        "Ferries",
    ]
    # a list after the prose began is no menu (the rules and heuristics alone)
    assert clean("\n\n".join([ARTICLE[0], *after, *ARTICLE[1:]]), model=False)[1] == []
