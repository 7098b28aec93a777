"""Draft timelines: the S/2022/431 example, illegal transitions, word diffs, the store."""

from __future__ import annotations

import json
from typing import Any

import pytest

from unsc.council import service
from unsc.council._data import read_text
from unsc.council.diff import diff_revisions, diff_texts
from unsc.council.drafts import Draft, Event, State, replay
from unsc.errors import ConflictError, InputError, NotFoundError, TransitionError
from unsc.store import council_tables as repo


def example() -> Draft:
    return Draft.from_dict(json.loads(read_text("drafts", "S-2022-431.json")))


def start(*events: tuple[str, str, dict[str, Any]]) -> list[Event]:
    base = [Event("created", "2024-01-02", {"penholders": ["FRA"]}),
            Event("zero_draft", "2024-01-03", {"text": "Decides to renew the mandate."})]
    return base + [Event(t, d, data) for t, d, data in events]


def test_example_replays_to_the_double_veto() -> None:
    state = example().state()
    assert state.state is State.VOTED and state.symbol == "S/2022/431"
    assert state.penholders == ["USA"]
    assert state.vote is not None and state.vote.tally == "13-2-0"
    assert state.vote.vetoed_by == ("CHN", "RUS")
    assert state.announcement is not None
    assert "not been adopted, owing to the negative vote of a permanent member" in \
        state.announcement
    assert len(state.revisions) == 5  # zero draft + four revisions; the fifth went in blue
    assert state.silence_history == []  # in blue without silence
    assert all("RECONSTRUCTION" in r.note for r in state.revisions)


def test_example_diff_shows_the_reported_changes() -> None:
    d = diff_revisions(example().state(), 0, 4)
    texts = [c.describe() for c in d.changes]
    assert 'replaced "50 %" with "25 %"' in texts
    assert 'inserted "well-defined categories of"' in texts
    assert "list of well-defined categories of items" in example().state().revisions[4].text
    assert d.words_added > 0 and 0 < d.similarity < 1
    assert diff_revisions(example().state(), 2, 2).changes == ()


def test_diff_texts_reads_as_words() -> None:
    d = diff_texts("the list of items", "the list of well-defined categories of items")
    assert [c.describe() for c in d.changes] == ['inserted "well-defined categories of"']
    assert diff_texts("a b c", "a c").changes[0].describe() == 'deleted "b"'


def test_vote_needs_blue() -> None:
    events = start(("vote", "2024-01-05", {"yes": ["rest"]}))
    with pytest.raises(TransitionError, match="only on a draft in blue"):
        replay(events)


def test_blue_twice_and_revision_after_vote() -> None:
    with pytest.raises(TransitionError, match="already in blue as S/2024/10"):
        replay(start(("blue", "2024-01-04", {"symbol": "S/2024/10"}),
                     ("blue", "2024-01-05", {"symbol": "S/2024/11"})))
    with pytest.raises(TransitionError, match="already voted"):
        replay(start(("blue", "2024-01-04", {"symbol": "S/2024/10"}),
                     ("vote", "2024-01-05", {"yes": ["rest"]}),
                     ("revision", "2024-01-06", {"text": "changed"})))
    with pytest.raises(TransitionError, match="in_blue"):
        replay(start(("blue", "2024-01-04", {"symbol": "S/2024/10"}),
                     ("revision", "2024-01-05", {"text": "changed"})))


def test_silence_procedure() -> None:
    state = replay(start(("silence", "2024-01-04", {"deadline": "2024-01-05T10:00"}),
                         ("silence_extended", "2024-01-05", {"deadline": "2024-01-05T12:00"}),
                         ("silence_broken", "2024-01-05", {"by": "RUS"}),
                         ("revision", "2024-01-08", {"text": "Decides to renew it."}),
                         ("silence", "2024-01-08", {"deadline": "2024-01-09T10:00"}),
                         ("silence_passed", "2024-01-09", {}),
                         ("blue", "2024-01-10", {"symbol": "S/2024/20"}),
                         ("vote", "2024-01-11", {"yes": ["rest"]})))
    assert [h["event"] for h in state.silence_history] == ["put", "extended", "broken", "put",
                                                           "passed"]
    assert state.silence_history[2]["by"] == ["RUS"]
    assert state.outcome == "adopted"
    with pytest.raises(TransitionError, match="under silence"):
        replay(start(("silence", "2024-01-04", {"deadline": "2024-01-05"}),
                     ("revision", "2024-01-04", {"text": "x"})))
    with pytest.raises(TransitionError, match="not after"):
        replay(start(("silence", "2024-01-04", {"deadline": "2024-01-05"}),
                     ("silence_extended", "2024-01-04", {"deadline": "2024-01-04"})))
    with pytest.raises(TransitionError, match="no silence procedure"):
        replay(start(("silence_broken", "2024-01-04", {"by": "CHN"})))


def test_bad_events() -> None:
    with pytest.raises(TransitionError, match="earlier than"):
        replay(start(("round", "2023-12-01", {"level": "expert"})))
    with pytest.raises(InputError, match="S/yyyy/nnn"):
        replay(start(("blue", "2024-01-04", {"symbol": "2024/10"})))
    with pytest.raises(InputError, match="has year 2023"):
        replay(start(("blue", "2024-01-04", {"symbol": "S/2023/10"})))
    with pytest.raises(InputError, match="unknown event type"):
        replay(start(("applause", "2024-01-04", {})))
    with pytest.raises(InputError, match="'expert' or 'pr'"):
        replay(start(("round", "2024-01-04", {"level": "ministers"})))
    with pytest.raises(TransitionError, match="starts with a 'created'"):
        replay([Event("zero_draft", "2024-01-01", {"text": "x"})])
    with pytest.raises(InputError, match="needs 'text'"):
        replay(start(("revision", "2024-01-04", {})))


def test_store_round_trip_and_atomic_append() -> None:
    repo.save_draft(example())
    assert [d.id for d in repo.list_drafts()] == ["S-2022-431"]
    assert repo.get_draft("S/2022/431").to_dict() == example().to_dict()
    with pytest.raises(ConflictError, match="already exists"):
        repo.save_draft(example())
    with pytest.raises(TransitionError):
        repo.append_event("S-2022-431", Event("revision", "2022-06-01", {"text": "x"}))
    assert len(repo.get_draft("S-2022-431").events) == len(example().events)
    with pytest.raises(NotFoundError):
        repo.get_draft("S/1999/1")


def test_event_by_event_through_the_service() -> None:
    service.add_event("fr-mali", "created", "2023-08-01", {"penholders": "FRA,ARE"})
    service.add_event("fr-mali", "zero_draft", "2023-08-02", {"text": "Decides to renew."})
    service.add_event("fr-mali", "round", "2023-08-03", {"level": "expert"})
    service.add_event("fr-mali", "blue", "2023-08-29", {"symbol": "S/2023/638"})
    state = service.add_event("fr-mali", "vote", "2023-08-30",
                              {"yes": ["rest"], "no": ["RUS"], "abstain": ["CHN"]})
    assert state.outcome == "not_adopted_veto" and state.vote is not None
    assert state.vote.tally == "13-1-1"
    assert repo.get_draft("S/2023/638").id == "fr-mali"
    steps = service.replay_steps("fr-mali")
    assert [s["state"] for s in steps["steps"]][-2:] == ["in_blue", "voted"]
