"""Every pinned runtime dependency is imported by unsc (or named here with the reason it
is needed without an import), so a package that is no longer used cannot stay pinned."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WITHOUT_IMPORT = {
    "python-multipart": "FastAPI parses form posts (UI forms, list uploads) with it",
    "jinja2": "the web UI's templates render through Starlette's Jinja2Templates",
    "psycopg": "SQLAlchemy's PostgreSQL driver, chosen by the postgresql+psycopg:// URL",
}


def imported_modules() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src" / "unsc").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found


def test_every_pinned_dependency_is_used() -> None:
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = [re.split(r"[\[=<>~!]", pin, maxsplit=1)[0].lower() for pin in pins]
    modules: dict[str, set[str]] = {}
    for module, dists in packages_distributions().items():
        for dist in dists:
            modules.setdefault(dist.lower().replace("_", "-"), set()).add(module)
    used = imported_modules()
    unused = [n for n in names if n not in WITHOUT_IMPORT and not modules.get(n, set()) & used]
    assert unused == [], f"pinned but never imported under src/unsc: {unused}"
    assert set(WITHOUT_IMPORT) <= set(names), "WITHOUT_IMPORT names a package not pinned"
