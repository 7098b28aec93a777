"""The audit hash is a published format, not an implementation detail.

The module docstring of ``unsc.compliance.audit`` promises that a record's hash is
``sha256(prev_hash + canonical JSON of the record)``, the canonical JSON having sorted keys,
no spaces and UTF-8 kept. A regulator holding an export recomputes it with any JSON tool, so
the bytes are written out by hand below; a renamed key, unsorted keys, spaces or escaped
non-ASCII would give another hash, and ``verify`` (which uses the same code) would never see
it.
"""

from __future__ import annotations

import hashlib
from datetime import date

from unsc.compliance import audit

AT = "2026-05-08T10:00:00.000000+00:00"


def test_canonical_json_is_sorted_compact_utf8_and_dates_as_iso_text() -> None:
    value = {"name": "Éva Ñúñez", "day": date(2026, 5, 8), "n": [1, 2]}
    assert audit.canonical_json(value) == '{"day":"2026-05-08","n":[1,2],"name":"Éva Ñúñez"}'


def test_first_record_hash_written_out_by_hand() -> None:
    payload = '{"name":"Éva"}'
    body = ('{"action":"test.event","actor":"ana","at":"' + AT
            + '","payload":"{\\"name\\":\\"Éva\\"}","seq":1}')
    expected = hashlib.sha256((audit.GENESIS + body).encode("utf-8")).hexdigest()
    assert audit._hash(audit.GENESIS, 1, AT, "ana", "test.event", payload) == expected


def test_a_stored_record_hashes_its_own_columns_by_the_published_format() -> None:
    first = audit.record("test.event", {"name": "Éva", "day": date(2026, 5, 8)}, actor="ana")
    second = audit.record("test.event", {"i": 2}, actor="bob")
    assert first.payload == {"day": "2026-05-08", "name": "Éva"}
    body = ('{"action":"test.event","actor":"bob","at":"' + second.at
            + '","payload":"{\\"i\\":2}","seq":' + str(second.seq) + "}")
    assert second.seq == first.seq + 1 and second.prev_hash == first.hash
    assert second.hash == hashlib.sha256((first.hash + body).encode("utf-8")).hexdigest()
