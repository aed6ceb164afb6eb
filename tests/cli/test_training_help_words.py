"""Every argument of `casedesk training …` says what it takes, in English and Chinese (QA, session
21: `training course add --help` showed CODE and --pass-mark with no words, and the defaults
that add gives a course went unsaid)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from app.cli.main import build_parser
from app.i18n import set_language


@pytest.fixture(params=["en", "zh_CN"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("en")


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(found.choices)


def training_parsers() -> dict[str, argparse.ArgumentParser]:
    training = subparsers(build_parser())["training"]
    actions = subparsers(training)
    course = actions.pop("course")
    return {**actions, **{f"course {k}": p for k, p in subparsers(course).items()}}


def test_every_training_argument_has_words(lang) -> None:
    unsaid = [
        f"{name} {action.metavar or action.dest}"
        for name, parser in training_parsers().items()
        for action in parser._actions
        if not isinstance(action, argparse._HelpAction) and not action.help
    ]
    assert unsaid == []


def test_course_add_says_its_defaults(lang) -> None:
    text = training_parsers()["course add"].format_help()
    for words in {
        "en": ("(default: 12)", "(default: 60)", "(default: all)", "no spaces"),
        "zh_CN": ("默认 12", "默认 60", "默认 all", "不含空格"),
    }[lang]:
        assert words in text
