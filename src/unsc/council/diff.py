"""Word-level differences between two revisions of a draft.

Negotiators read changes as "what words went, what words came": we tokenise on words and
punctuation (keeping figures like "4,000,000" and "50 %" whole enough to read) and let
:mod:`difflib` align the token streams. The summary lists each change as
``replaced "50 %" with "25 %"`` so the S/2022/431 oil-cap cut reads as one line.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from unsc.council.drafts import DraftState
from unsc.errors import NotFoundError

__all__ = ["Change", "RevisionDiff", "diff_revisions", "diff_texts"]

TOKEN = re.compile(r"\d(?:[\d,.]*\d)?(?:\s?%)?|\w+(?:-\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Change:
    op: str  # "replace" | "insert" | "delete"
    old: str
    new: str

    def describe(self) -> str:
        if self.op == "replace":
            return f'replaced "{self.old}" with "{self.new}"'
        if self.op == "insert":
            return f'inserted "{self.new}"'
        return f'deleted "{self.old}"'


@dataclass(frozen=True)
class RevisionDiff:
    rev_a: int
    rev_b: int
    changes: tuple[Change, ...]
    words_added: int
    words_removed: int
    similarity: float

    def summary(self) -> str:
        head = (f"revision {self.rev_a} -> {self.rev_b}: {len(self.changes)} change(s), "
                f"+{self.words_added}/-{self.words_removed} tokens, "
                f"{self.similarity:.0%} similar")
        return "\n".join([head, *(f"  - {c.describe()}" for c in self.changes)])

    def to_dict(self) -> dict[str, object]:
        return {"rev_a": self.rev_a, "rev_b": self.rev_b, "similarity": round(self.similarity, 4),
                "words_added": self.words_added, "words_removed": self.words_removed,
                "changes": [{"op": c.op, "old": c.old, "new": c.new, "text": c.describe()}
                            for c in self.changes],
                "summary": self.summary()}


def _join(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return re.sub(r"\s+([,.;:)\]])", r"\1", re.sub(r"([(\[])\s+", r"\1", text))


def diff_texts(old: str, new: str, rev_a: int = 0, rev_b: int = 1) -> RevisionDiff:
    """Diff two texts token by token."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    changes = []
    added = removed = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        changes.append(Change(op, _join(a[i1:i2]), _join(b[j1:j2])))
        removed += i2 - i1
        added += j2 - j1
    return RevisionDiff(rev_a, rev_b, tuple(changes), added, removed, matcher.ratio())


def diff_revisions(state: DraftState, rev_a: int, rev_b: int) -> RevisionDiff:
    """Diff revisions ``rev_a`` and ``rev_b`` (0 = zero draft) of a replayed draft."""
    count = len(state.revisions)
    for rev in (rev_a, rev_b):
        if not 0 <= rev < count:
            raise NotFoundError(f"revision {rev} does not exist; the draft has revisions "
                                f"0-{count - 1}" if count else "the draft has no text yet")
    return diff_texts(state.revisions[rev_a].text, state.revisions[rev_b].text, rev_a, rev_b)
