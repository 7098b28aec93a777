"""A chart of vetoes per year by member (stacked bars), PNG or SVG by file extension.

Uses matplotlib's Agg backend through the object API (no pyplot global state), so it works
headless and in threads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from unsc.council.vetoes import MEMBER_NAMES, Veto
from unsc.errors import InputError

__all__ = ["COLOURS", "vetoes_chart"]

COLOURS = {"SUN": "#8c1c13", "RUS": "#d1495b", "CHN": "#edae49", "USA": "#00798c",
           "GBR": "#30638e", "FRA": "#6a4c93"}


def vetoes_chart(vetoes: Sequence[Veto], path: Path, title: str | None = None) -> Path:
    """Draw vetoes per year, one stacked colour per member; a double veto counts for both."""
    suffix = path.suffix.lower()
    if suffix not in {".png", ".svg"}:
        raise InputError(f"chart file must end in .png or .svg, not {path.name!r}")
    if not vetoes:
        raise InputError("no vetoes to chart")
    per_member: dict[str, Counter[int]] = {code: Counter() for code in COLOURS}
    for v in vetoes:
        for m in v.members:
            per_member.setdefault(m, Counter())[v.date.year] += 1
    first = min(v.date.year for v in vetoes)
    last = max(v.date.year for v in vetoes)
    years = list(range(first, last + 1))
    fig = Figure(figsize=(14, 6), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    bottom = [0] * len(years)
    for code, counter in per_member.items():
        heights = [counter.get(y, 0) for y in years]
        if not any(heights):
            continue
        ax.bar(years, heights, bottom=bottom, color=COLOURS.get(code, "#999999"), width=0.85,
               label=f"{MEMBER_NAMES.get(code, code)} ({sum(heights)})")
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_title(title or f"Security Council vetoes per year by permanent member, {first}-{last}")
    ax.set_xlabel("Year")
    ax.set_ylabel("Vetoes cast (a joint veto counts once per member)")
    ax.legend(title="Member (total)", loc="upper right", frameon=False)
    ax.grid(axis="y", alpha=0.3)
    ax.set_xlim(first - 1, last + 1)
    ax.set_ylim(0, max(bottom) * 1.15 + 1)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format=suffix[1:])
    return path
