"""Screening endpoints: unsc's own (/screen, /screen/batch) and yente's /match/{dataset}.

``POST /match/{dataset}`` follows the OpenSanctions yente protocol so existing yente
clients (``yente-client``, compliance tools built on it) work against unsc unchanged:
``dataset`` is ``default`` (every loaded list) or one list's name; ``algorithm`` names
unsc's matcher (``unsc``, or yente's aliases ``best`` and ``default``) or is refused with
a 400 that names the accepted values, and so are ``weights`` and ``config`` (unsc's
feature weights are fixed and documented in ``/algorithms``): nothing a client asks for is
silently ignored. ``threshold`` sets ``match``; ``cutoff`` drops weaker results;
``exclude_schema``, ``topics`` and ``changed_since`` filter the candidates as yente does.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from unsc import settings
from unsc.api import limits
from unsc.api.auth import viewer
from unsc.api.ftm import entity_properties, query_from_ftm
from unsc.compliance import subjects
from unsc.compliance.keys import Principal
from unsc.errors import InputError, LimitError, NotFoundError
from unsc.regime import entry_measures
from unsc.screening.types import Hit

__all__ = ["router"]

router = APIRouter()
ALGORITHM = "unsc"
ALGORITHM_NAMES = (ALGORITHM, "best", "default")
"""Names ``algorithm`` accepts: unsc's matcher, and the aliases yente clients send for
"the server's best" and "the server's default"."""


class ScreenIn(BaseModel):
    name: str = ""
    schema_: str | None = Field(None, alias="schema")
    birth_date: str | None = None
    nationality: str | None = None
    id_number: str | None = None
    id: str | None = Field(None, description="Your reference, echoed back")

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "schema": self.schema_, "birth_date": self.birth_date,
                "nationality": self.nationality, "id_number": self.id_number}


class BatchIn(BaseModel):
    queries: list[ScreenIn]


def _lists(list_name: str | None) -> list[str] | None:
    if not list_name or list_name == "default":
        return None
    from unsc.lists import service as lists_service

    names = {v.to_dict().get("list") for v in lists_service.latest_versions()}
    if list_name not in names:
        raise NotFoundError(f"no list named {list_name!r} is loaded "
                            f"(loaded: {', '.join(sorted(str(n) for n in names)) or 'none'})")
    return [list_name]


def _datasets(dataset: str, include: list[str], exclude: list[str]) -> list[str] | None:
    """yente's dataset scope: the path dataset plus ``include_dataset``, minus
    ``exclude_dataset``; None = every loaded list."""
    if dataset == "default" and not include and not exclude:
        return None
    from unsc.lists import service as lists_service

    loaded = sorted({v.list for v in lists_service.latest_versions()})
    chosen = set(loaded) if dataset == "default" else set(_lists(dataset) or ())
    for name in include:
        chosen.update(_lists(name) or loaded)
    chosen -= set(exclude)
    if not chosen:
        raise InputError("no dataset left to match against after exclude_dataset")
    return sorted(chosen)


def _check_algorithm(algorithm: str | None, body: MatchIn) -> None:
    if algorithm is not None and algorithm not in ALGORITHM_NAMES:
        raise InputError(f"unknown algorithm {algorithm!r}; unsc offers "
                         f"{', '.join(ALGORITHM_NAMES)} (one matcher: see /algorithms)")
    if body.weights:
        raise InputError(f"weights are not supported ({', '.join(sorted(body.weights))}): "
                         "unsc's feature weights are fixed (see /algorithms)")
    if body.config:
        raise InputError(f"config is not supported ({', '.join(sorted(body.config))}): "
                         "unsc's matcher has no per-request options")


def _candidate_filter(exclude_schema: list[str], topics: list[str],
                      changed_since: str | None) -> Any:
    """A predicate over hits' entries for yente's ``exclude_schema``, ``topics`` and
    ``changed_since``, or None when no filter is asked for."""
    if not (exclude_schema or topics or changed_since):
        return None
    from followthemoney import model

    from unsc.lists import search as lists_search

    excluded = [model.get(name) for name in exclude_schema]
    if None in excluded:
        raise InputError(f"unknown FtM schema in exclude_schema: {exclude_schema}")
    since = lists_search.changed_since(changed_since)
    dates = lists_search.current_index().dates if since else {}

    def keep(hit: Hit) -> bool:
        entity = hit.entity
        kind = model.get(lists_search.ftm_schema(entity))
        if kind is not None and any(kind.is_a(x) for x in excluded if x is not None):
            return False
        if topics and not set(topics) & set(lists_search.entity_topics(entity)):
            return False
        found = dates.get(entity.id)
        return not (since and (found is None or found.last_change < since))

    return keep


def _max_batch(count: int) -> None:
    limit = int(settings.get("api_max_batch"))
    if count > limit:
        raise LimitError(f"a batch may hold at most {limit} queries (got {count}); "
                         "see setting api_max_batch")


def _max_values(key: str, example: dict[str, Any]) -> None:
    """A yente query's property values (names, dates, identifiers) count against the same
    bound as queries: each name is screened on its own."""
    props = example.get("properties") or {}
    if not isinstance(props, dict):
        return
    count = sum(len(v) if isinstance(v, list) else 1 for v in props.values())
    limit = int(settings.get("api_max_batch"))
    if count > limit:
        raise LimitError(f"query {key!r} has {count} property values (names, dates, "
                         f"identifiers); a query may hold at most {limit} (setting "
                         "api_max_batch)")


@router.post("/screen", tags=["screening"])
def screen_one(body: ScreenIn, limit: int = Query(5, ge=1, le=100),
               threshold: float | None = Query(None, ge=0, le=1), list: str | None = None,
               who: Principal = Depends(viewer)) -> dict[str, Any]:
    """Screen one subject against the loaded lists (audited)."""
    subjects.to_query(body.as_dict())  # refuse bad input before waiting for a turn
    until = limits.deadline()
    with limits.screening_slot(until):
        result = subjects.screen_query(body.as_dict(), who.name, limit, threshold,
                                       _lists(list))
    return {**result.to_dict(), "id": body.id}


def _rendered(content: dict[str, Any]) -> Response:
    """The answer rendered to JSON here, in the worker thread: left to FastAPI, a large
    batch answer is serialised on the event loop, which then stalls /healthz."""
    return JSONResponse(jsonable_encoder(content))


@router.post("/screen/batch", tags=["screening"], response_model=dict[str, Any])
def screen_batch(body: BatchIn, limit: int = Query(5, ge=1, le=100),
                 threshold: float | None = Query(None, ge=0, le=1), list: str | None = None,
                 who: Principal = Depends(viewer)) -> Response:
    """Screen up to ``api_max_batch`` subjects; results in input order."""
    _max_batch(len(body.queries))
    queries = {str(i): q.as_dict() for i, q in enumerate(body.queries)}
    for query in queries.values():  # refuse bad input before waiting for a turn
        subjects.to_query(query)
    with limits.screening_turn(limits.deadline()) as pace:
        found = subjects.screen_many(queries, who.name, limit, threshold, _lists(list),
                                     pace=pace)
    from unsc.lists.snapshot import list_ages

    return _rendered({"results": [
        {"id": q.id, "query": q.as_dict(), "hits": subjects.with_measures(found[str(i)]),
         "warnings": [*subjects.to_query(q.as_dict()).warnings]}
        for i, q in enumerate(body.queries)],
        "list_ages": list_ages(subjects.current_versions(_lists(list)))})


class MatchIn(BaseModel):
    queries: dict[str, dict[str, Any]]
    weights: dict[str, float] = Field(default_factory=dict)
    config: dict[str, Any] = Field(default_factory=dict)


def _result(hit: Hit) -> dict[str, Any]:
    from unsc.lists.search import entity_datasets, ftm_schema

    entity = hit.entity
    return {
        "id": entity.id, "caption": entity.caption, "schema": ftm_schema(entity),
        "properties": entity_properties(entity), "datasets": list(entity_datasets(entity)),
        "referents": list(entity.referents), "target": True, "score": round(hit.score, 4),
        "match": hit.match,
        "features": {f.name: round(f.value, 4) for f in hit.features},
        "explanations": {f.name: {"score": round(f.value, 4), "weight": f.weight,
                                  "detail": f.detail, "query": hit.query_name,
                                  "candidate": hit.matched_name} for f in hit.features},
        "token": None,
        # not in yente's shape (its clients ignore it): the Council measures binding the entry
        "binding_measures": entry_measures(entity).brief(),
    }


@router.post("/match/{dataset}", tags=["yente"], response_model=dict[str, Any])
def match(dataset: str, body: MatchIn, limit: int = Query(5, ge=1, le=500),
          threshold: float | None = Query(None, ge=0, le=1),
          cutoff: float = Query(0.0, ge=0, le=1), algorithm: str | None = None,
          include_dataset: list[str] = Query([]), exclude_dataset: list[str] = Query([]),
          exclude_entity_ids: list[str] = Query([]), exclude_schema: list[str] = Query([]),
          topics: list[str] = Query([]), changed_since: str | None = None,
          who: Principal = Depends(viewer)) -> Response:
    """yente-compatible matching by example (see the module docstring for what
    ``algorithm``, ``weights`` and ``config`` accept)."""
    _check_algorithm(algorithm, body)
    wanted = _candidate_filter(exclude_schema, topics, changed_since)
    _max_batch(len(body.queries))
    for key, example in body.queries.items():
        _max_values(key, example)
    until = limits.deadline()
    lists = _datasets(dataset, include_dataset, exclude_dataset)
    excluded = set(exclude_entity_ids)
    expanded: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    warnings: dict[str, list[str]] = {}  # what of a query could not be read (an odd date)
    for key, example in body.queries.items():
        try:  # one bad query is answered with its own 400, as yente does
            parsed = query_from_ftm(example)
            for query in parsed:
                for warning in subjects.to_query(query).warnings:
                    warnings.setdefault(key, []).append(warning)
        except InputError as exc:
            errors[key] = exc.message
            continue
        for i, query in enumerate(parsed):
            expanded[f"{key}\x00{i}"] = query
    # Filtered candidates are taken from a wider pool, so a filter does not empty a page.
    pool = limit if wanted is None else min(500, max(50, limit * 10))
    with limits.screening_turn(until) as pace:
        found = subjects.screen_many(expanded, who.name, pool, threshold, lists, pace=pace)
    responses: dict[str, Any] = {}
    for key, example in body.queries.items():
        best: dict[str, Hit] = {}
        for sub, hits in found.items():
            if sub.split("\x00", 1)[0] != key:
                continue
            for hit in hits:
                if hit.entity.id not in best or hit.score > best[hit.entity.id].score:
                    best[hit.entity.id] = hit
        ranked = sorted(best.values(), key=lambda h: -h.score)
        results = [_result(h) for h in ranked
                   if h.score >= cutoff and h.entity.id not in excluded
                   and (wanted is None or wanted(h))][:limit]
        status = 200 if expanded_has(expanded, key) else 400
        if status == 400:
            errors.setdefault(key, "the query has no name and no identifier to match on")
        responses[key] = {
            "status": status, "results": results, **({"detail": errors[key]} if key in errors
                                                     else {}),
            **({"warnings": sorted(set(warnings[key]))} if key in warnings else {}),
            "total": {"value": len(results), "relation": "eq"},
            "query": {"id": example.get("id"), "schema": example.get("schema"),
                      "properties": example.get("properties") or {}},
        }
    from unsc.lists.snapshot import list_ages

    return _rendered({"responses": responses, "limit": limit,
                      "list_ages": list_ages(subjects.current_versions(lists))})


@router.get("/algorithms", tags=["yente"])
def algorithms(who: Principal = Depends(viewer)) -> dict[str, Any]:
    """yente's algorithm listing: unsc has one matcher (``best`` and ``default`` name it
    too); ``docs`` explains each feature."""
    from unsc.screening import features_doc

    docs = features_doc()
    described = {"name": ALGORITHM, "description": "unsc screening: token index, "
                 "transliteration-aware name similarity, date of birth, nationality, schema "
                 "and document evidence, explained per feature.", "docs": docs}
    return {"algorithms": [described], "default": ALGORITHM, "best": ALGORITHM}


@router.get("/catalog", tags=["yente"])
def catalog(who: Principal = Depends(viewer)) -> dict[str, Any]:
    """yente's dataset catalog: one dataset per loaded list (its latest version)."""
    from unsc.lists import service as lists_service

    found = [{"name": v.list, "title": f"{v.list} (published {v.published})",
              "version": v.version, "load": True, "index_current": True,
              "entity_count": int(v.counts.get("individuals", 0)) +
              int(v.counts.get("entities", 0)), "index_version": v.version}
             for v in lists_service.latest_versions()]
    return {"datasets": found, "current": [d["name"] for d in found], "outdated": [],
            "index_stale": False}


def expanded_has(expanded: dict[str, dict[str, Any]], key: str) -> bool:
    """Whether query ``key`` had anything to match on (a name or an identifier)."""
    return any(k.split("\x00", 1)[0] == key for k in expanded)
