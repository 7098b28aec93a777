"""yente's data access endpoints: ``GET /search/{dataset}`` and ``GET /entities/{id}``.

Same parameters and response shapes as yente, so its clients (``yente-client``, the
OpenSanctions web components) work against unsc unchanged. ``dataset`` is ``default``
(every current list) or one list's name; the ``datasets`` filter names per-entity
datasets (an OpenSanctions export's sources; a UN or OFAC entry's dataset is its list).
An id that is an entry's reference number or one of its referents redirects (308) to the
entry, as yente redirects merged ids to their canonical entity.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from fastapi.responses import RedirectResponse, Response

from unsc.api.auth import viewer
from unsc.compliance.keys import Principal
from unsc.errors import InputError, NotFoundError

__all__ = ["router"]

router = APIRouter()


@router.get("/search/{dataset}", tags=["yente"])
def search(dataset: str, q: str = "", schema: str = "Thing",
           countries: list[str] = Query([]), topics: list[str] = Query([]),
           datasets: list[str] = Query([]), include_dataset: list[str] = Query([]),
           exclude_dataset: list[str] = Query([]), exclude_schema: list[str] = Query([]),
           facets: list[str] = Query(["countries", "topics", "datasets"]),
           limit: int = Query(10, ge=0, le=500), offset: int = Query(0, ge=0, le=9499),
           fuzzy: bool = False, changed_since: str | None = None, simple: bool = False,
           sort: list[str] = Query([]), filter: list[str] = Query([]),
           who: Principal = Depends(viewer)) -> dict[str, Any]:
    """Text search over the current entries (every word of ``q`` must match a name, or
    ``q`` is an identifier), with yente's filters and facet counts. ``simple`` is
    accepted (unsc's query text is always plain words); ``sort`` and ``filter`` are
    refused, not ignored: results are ranked by how well they match."""
    from unsc.api.routes_match import _datasets
    from unsc.lists import search as lists_search
    from unsc.lists.ftm_view import entity_json

    if sort or filter:
        raise InputError("sort and filter are not supported by unsc's /search (results are "
                         "ranked by match; filter with schema, countries, topics, datasets)")
    scope = _datasets(dataset, include_dataset, exclude_dataset)
    index = lists_search.current_index()
    found = lists_search.search(q, lists=scope, schema=schema, countries=countries,
                                topics=topics, datasets=datasets,
                                exclude_schema=exclude_schema, fuzzy=fuzzy, limit=limit,
                                offset=offset, facets=facets, index=index,
                                since=lists_search.changed_since(changed_since))
    results = []
    for entity, score in zip(found.results, found.scores, strict=True):
        item = entity_json(entity, index.dates.get(entity.id))
        item["score"] = score
        results.append(item)
    return {"results": results, "facets": found.facets,
            "total": {"value": found.total, "relation": "eq"}, "limit": limit,
            "offset": offset}


def _page(values: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    return {"results": values[offset:offset + limit],
            "total": {"value": len(values), "relation": "eq"}, "limit": limit,
            "offset": offset}


def _adjacent(entity_id: str) -> tuple[Any, dict[str, list[dict[str, Any]]]]:
    from unsc.lists import search as lists_search
    from unsc.lists.ftm_view import adjacent_json, entity_json

    index = lists_search.current_index()
    found = index.lookup(entity_id)
    if found is None or not found[1]:  # adjacency is asked of the canonical id
        raise NotFoundError(f"no current entry has the id {entity_id!r}")

    def resolve(other: str) -> Any:
        hit = index.lookup(other)
        return hit[0] if hit else None

    entity, dates = found[0], index.dates.get(found[0].id)
    return entity_json(entity, dates), adjacent_json(entity, dates, resolve)


@router.get("/entities/{entity_id}/adjacent", tags=["yente"])
def adjacent(entity_id: str, limit: int = Query(10, ge=0, le=500),
             offset: int = Query(0, ge=0), who: Principal = Depends(viewer),
             ) -> dict[str, Any]:
    """The entry and its adjacent records (sanctions, identifications, addresses, links)
    by property, each property paged by ``limit``/``offset``."""
    entity, found = _adjacent(entity_id)
    return {"entity": entity,
            "adjacent": {name: _page(values, limit, offset) for name, values in found.items()}}


@router.get("/entities/{entity_id}/adjacent/{prop}", tags=["yente"])
def adjacent_property(entity_id: str, prop: str, limit: int = Query(10, ge=0, le=500),
                      offset: int = Query(0, ge=0), who: Principal = Depends(viewer),
                      ) -> dict[str, Any]:
    """One property's adjacent records, paged (an empty page for a property with none;
    an unknown property name is a 400)."""
    from followthemoney import model

    entity, found = _adjacent(entity_id)
    schema = model.get(entity["schema"])
    if schema is None or schema.get(prop) is None:
        raise InputError(f"{entity['schema']} has no property {prop!r}")
    return _page(found.get(prop, []), limit, offset)


@router.get("/entities/{entity_id:path}", tags=["yente"], response_model=None)
def fetch_entity(entity_id: str, nested: bool = True,
                 who: Principal = Depends(viewer)) -> dict[str, Any] | Response:
    """One current entry as FtM JSON; ``nested`` (the default, as in yente) puts its
    sanctions, identifications, addresses and links (with the entity at their far end)
    inside it."""
    from unsc.lists import search as lists_search
    from unsc.lists.ftm_view import entity_json

    index = lists_search.current_index()
    found = index.lookup(entity_id)
    if found is None:
        raise NotFoundError(f"no current entry has the id, reference number or referent "
                            f"{entity_id!r}")
    entity, canonical = found
    if not canonical:
        return RedirectResponse(f"/entities/{quote(entity.id, safe='')}", status_code=308)

    def resolve(other: str) -> Any:
        hit = index.lookup(other)
        return hit[0] if hit else None

    return entity_json(entity, index.dates.get(entity.id), nested=nested, resolve=resolve)

