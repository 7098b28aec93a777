"""The request guard's JSON depth check agrees with a real parser, brackets inside strings
and escapes included, without parsing (so a 2 MB hostile body costs milliseconds)."""

from __future__ import annotations

import json
import time

import pytest

from unsc.api.guard import json_depth, needs_key


def _parsed_depth(value: object) -> int:
    stack, deepest = [(value, 1)], 0
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


@pytest.mark.parametrize("value", [
    {}, [], {"name": "Kim [Jong] {Un}"}, [[1, [2]], {"a": [{"b": []}]}],
    ["a\\", ["b"]], ['\\"[[[', {"k": ['"]]]"']}], {"queries": {"q": {"properties": {
        "name": ["Yun Ho Jin", "윤호진"]}}}}, [[[[[[[[[[]]]]]]]]]],
])
def test_depth_matches_the_parser(value: object) -> None:
    assert json_depth(json.dumps(value).encode()) == _parsed_depth(value)
    assert json_depth(json.dumps(value, ensure_ascii=False).encode()) == _parsed_depth(value)


def test_unbalanced_and_hostile_bodies() -> None:
    assert json_depth(b"[" * 5000) == 5000
    assert json_depth(b"") == 0 and json_depth(b"42") == 0
    body = b'{"a": [' + b'"\\\\\\"[",' * 200_000 + b"1]}"  # 1.8 MB of escapes and brackets
    started = time.perf_counter()
    assert json_depth(body) == 2
    assert time.perf_counter() - started < 0.5


def test_which_paths_need_a_key() -> None:
    for path in ("/screen", "/match/default", "/audit", "/lists/load", "/anything"):
        assert needs_key(path), path
    for path in ("/healthz", "/", "/ui", "/ui/login", "/ui/review", "/static/style.css",
                 "/docs", "/openapi.json"):
        assert not needs_key(path), path
