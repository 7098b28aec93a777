"""Helpers that read the real shared files independently of the code under test."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from lxml import etree
from typer.testing import CliRunner, Result

from tests.conftest import shared_data_dir
from unsc.errors import UnscError
from unsc.lists.model import ListVersion
from unsc.lists.readers import read_list


def un_dir() -> Path:
    return shared_data_dir() / "un"


def ofac_dir() -> Path:
    return shared_data_dir() / "ofac"


def un_file(day: str) -> Path:
    return un_dir() / f"un_consolidated_{day}.xml"


def manifest() -> list[dict[str, str]]:
    with open(un_dir() / "manifest.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def refs_by_type(path: Path) -> dict[str, set[str]]:
    """REFERENCE_NUMBERs per UN_LIST_TYPE, read with plain lxml."""
    root = etree.parse(str(path)).getroot()
    found: dict[str, set[str]] = {}
    for tag in ("INDIVIDUAL", "ENTITY"):
        for el in root.iter(tag):
            kind = (el.findtext("UN_LIST_TYPE") or "").strip()
            found.setdefault(kind, set()).add((el.findtext("REFERENCE_NUMBER") or "").strip())
    return found


def all_refs(path: Path) -> set[str]:
    return set().union(*refs_by_type(path).values())


def sdn_rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().rstrip(b"\x1a").decode("utf-8")
    return [r for r in csv.reader(text.splitlines()) if r]


@lru_cache(maxsize=32)
def parsed(path: Path) -> ListVersion:
    """A parsed list, cached for the session (parsing is what some tests check, not all)."""
    return read_list(path)


def cli(*args: str) -> Result:
    """Run ``unsc`` in-process; an UnscError stays on ``result.exception``."""
    from unsc.cli import app

    return CliRunner().invoke(app, list(args))


def assert_fails(result: Result, error: type[UnscError], *texts: str) -> str:
    """The command failed with ``error``'s exit code and named it (and ``texts``) on
    stderr; returns the message."""
    message = result.stderr
    assert result.exit_code == error.exit_code != 0, (result.exit_code, result.output)
    assert error.__name__ in message, message
    for text in texts:
        assert text in message, (text, message)
    return message
