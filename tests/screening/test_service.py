"""Screening through the store: the lists loaded with the lists service, cached index."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from unsc.errors import ServiceUnavailableError
from unsc.lists.model import Entity, Name, Schema
from unsc.screening import Query, current_screener, screen
from unsc.screening import service as screening_service


def test_no_list_loaded_is_a_clear_error() -> None:
    with pytest.raises(ServiceUnavailableError, match="unsc lists load"):
        screen(Query("Ri Won Ho"))


def test_done_when_cases_through_the_store(loaded_store: Path) -> None:
    def top_un(query: Query) -> str | None:
        hits = screen(query, lists=["un"])
        return hits[0].entity.reference_number if hits and hits[0].match else None

    assert top_un(Query("Ri Won-ho")) == "KPi.033"
    assert top_un(Query("", id_number="381310014")) == "KPi.033"
    assert top_un(Query("Jo Yong Chol")) == "KPi.034"
    assert top_un(Query("Cho Yong Chol")) == "KPi.034"
    assert top_un(Query("조용철")) == "KPi.034"
    assert top_un(Query("KOMID", schema="Organization")) == "KPe.001"
    assert top_un(Query("Умаров Доку Хаматович")) == "QDi.290"
    both = screen(Query("Ri Won Ho", birth_date="1964-07-17"), limit=5)
    assert {h.entity.list for h in both if h.match} == {"un", "ofac-sdn"}


def test_index_kept_in_memory_never_on_disk(loaded_store: Path) -> None:
    """No file under UNSC_HOME but the database is ever loaded as code or as an index."""
    first = current_screener()
    assert current_screener() is first
    assert not list(loaded_store.glob("cache/*")) and not list(loaded_store.glob("**/*.pickle"))
    screening_service._SCREENERS.clear()
    again = current_screener()
    assert again is not first and len(again.entities) == len(first.entities)


def test_index_is_keyed_by_the_database(loaded_store: Path, tmp_path: Path, shared_data: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two databases sharing one home never screen against each other's lists."""
    from unsc.lists import service as lists_service
    from unsc.store import engine as store_engine

    both = current_screener()
    assert {e.list for e in both.entities} == {"un", "ofac-sdn"}
    shared = os.environ.get("UNSC_DATABASE_URL", "")  # the loaded store's (PostgreSQL too)
    monkeypatch.setenv("UNSC_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    store_engine.reset_engines()
    try:
        lists_service.load_list(shared_data / "un/un_consolidated_2017-06-30.xml")
        other = current_screener()
        assert {e.list for e in other.entities} == {"un"}
        assert len(other.entities) == 1024 and len(both.entities) > 10_000
    finally:
        monkeypatch.setenv("UNSC_DATABASE_URL", shared)
        store_engine.reset_engines()
    assert len(current_screener().entities) == len(both.entities)


def test_what_if_designation_is_merged(loaded_store: Path) -> None:
    extra = Entity(id="whatif-1", list="what-if", schema=Schema.PERSON,
                   names=(Name("PAK YONG SIK"),))
    hits = screen(Query("Park Yong-sik"), extra_entities=[extra], lists=["un"])
    assert any(h.entity.id == "whatif-1" and h.match for h in hits)
    assert not any(h.entity.id == "whatif-1" for h in screen(Query("Park Yong-sik"),
                                                              lists=["un"]))
