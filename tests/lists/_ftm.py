"""An OpenSanctions-style FtM fixture (flat records plus one nested, yente-style entity)
shared by the lists and API tests. No OpenSanctions export is in ../shared/data, so the
records are written here, following the FtM schemata
(https://followthemoney.tech/explorer/); FtM checks every value when it is loaded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["FLAT", "NESTED", "NESTED_FLAT", "write"]

FLAT: list[dict[str, Any]] = [
    {"id": "os-acme", "schema": "Company", "datasets": ["eu_fsf"],
     "referents": ["eu-fsf-123"],
     "properties": {"name": ["Acme Trading LLC"], "jurisdiction": ["ru"],
                    "registrationNumber": ["1027700132195"], "addressEntity": ["addr-1"],
                    "topics": ["sanction"]}},
    {"id": "os-ivan", "schema": "Person", "datasets": ["gb_hmt_sanctions"],
     "properties": {"name": ["Ivan Petrov"], "birthDate": ["1970-01-02"],
                    "nationality": ["ru"], "topics": ["sanction", "role.pep"]}},
    {"id": "addr-1", "schema": "Address", "datasets": ["eu_fsf"],
     "properties": {"full": ["1 Tverskaya St, Moscow"], "city": ["Moscow"],
                    "country": ["ru"]}},
    {"id": "own-1", "schema": "Ownership", "datasets": ["eu_fsf"],
     "properties": {"owner": ["os-ivan"], "asset": ["os-acme"], "percentage": ["51"]}},
    {"id": "dir-1", "schema": "Directorship", "datasets": ["eu_fsf"],
     "properties": {"director": ["os-ivan"], "organization": ["os-acme"],
                    "role": ["General director"]}},
    {"id": "san-1", "schema": "Sanction", "datasets": ["eu_fsf"],
     "properties": {"entity": ["os-acme"], "program": ["EU Russia"],
                    "authority": ["Council of the European Union"]}},
    {"id": "pp-1", "schema": "Passport", "datasets": ["gb_hmt_sanctions"],
     "properties": {"holder": ["os-ivan"], "number": ["123456789"], "country": ["ru"]}},
]
NESTED = {"id": "os-nest", "schema": "Person", "datasets": ["gb_hmt_sanctions"],
          "properties": {
              "name": ["Nested Person"],
              "sanctions": [{"id": "san-2", "schema": "Sanction",
                             "properties": {"program": ["UK Russia"]}}],
              "addressEntity": [{"id": "addr-2", "schema": "Address",
                                 "properties": {"full": ["10 Downing St, London"],
                                                "country": ["gb"]}}]}}
NESTED_FLAT = [
    {"id": "os-nest", "schema": "Person", "datasets": ["gb_hmt_sanctions"],
     "properties": {"name": ["Nested Person"], "addressEntity": ["addr-2"]}},
    {"id": "san-2", "schema": "Sanction", "datasets": ["gb_hmt_sanctions"],
     "properties": {"program": ["UK Russia"], "entity": ["os-nest"]}},
    {"id": "addr-2", "schema": "Address", "datasets": ["gb_hmt_sanctions"],
     "properties": {"full": ["10 Downing St, London"], "country": ["gb"]}},
]


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path
