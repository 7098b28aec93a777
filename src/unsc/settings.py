"""The one settings registry.

Every tunable value of unsc is declared here once, with its default and the help text
users read in ``docs/settings.md`` (a test checks that every setting is documented there).
Values come from the environment (``UNSC_<NAME>``) and fall back to the default. Facts the
domain notes mark UNVERIFIED (e.g. whether the veto day counts as a working day, the
oil-cap notice thresholds) live here as settings rather than as hard-coded truths.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from unsc.errors import InputError

__all__ = ["SETTINGS", "Setting", "database_url", "get", "home", "register"]

ENV_PREFIX = "UNSC_"


@dataclass(frozen=True)
class Setting:
    """A named, documented, typed configuration value."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


SETTINGS: dict[str, Setting] = {}


def register(name: str, default: Any, help: str, parse: Callable[[str], Any] = str) -> Setting:
    """Declare a setting. Called at import time by this module only."""
    setting = Setting(name, default, help, parse)
    SETTINGS[name] = setting
    return setting


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"not a boolean: {text!r}")


def _one_of(*choices: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().lower()
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}")
        return value

    return parse


def _floats(text: str) -> tuple[float, ...]:
    return tuple(float(x) for x in text.split(",") if x.strip())


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"not a fraction in [0, 1): {text!r}")
    return value


def get(name: str) -> Any:
    """The current value of a setting: the environment first, then the default."""
    try:
        setting = SETTINGS[name]
    except KeyError:
        raise InputError(f"unknown setting {name!r}") from None
    raw = os.environ.get(setting.env)
    if raw is None or raw == "":
        return setting.default
    try:
        return setting.parse(raw)
    except ValueError as exc:
        raise InputError(f"setting {setting.env}={raw!r} is invalid: {exc}") from None


register("home", None, "Directory for the embedded database and caches. Default: the user's data "
         "directory (platformdirs), e.g. ~/.local/share/unsc.")
register("database_url", None, "SQLAlchemy URL of the store. Default: SQLite file unsc.db under "
         "UNSC_HOME. Use postgresql+psycopg://user:pass@host/db for a shared deployment.")
register("un_list_url", "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
         "Official URL of the UN Security Council Consolidated List (XML) used by "
         "`unsc lists update`.")
register("stale_list_days", 7, "Days after its publication date from which a list version "
         "screened against counts as stale: the CLI, API answers (`list_ages`) and UI then say how "
         "old it is and how to update it (the bundled offline snapshot always is).", int)
register("download_timeout", 60.0, "Seconds before a list download is abandoned.", float)
register("download_retries", 3, "Times a list download retries a connection that fails to open "
         "(refused, reset, DNS, connect timeout), with exponential backoff (httpx transport "
         "retries); an HTTP error status is not retried.", int)
register("max_list_bytes", 200_000_000, "Largest list file accepted, in bytes (bounds memory on "
         "hostile or runaway input).", int)
register("max_shrink", 0.10, "Largest drop in entries, as a fraction of the current version of the "
         "same list, that a list load accepts without --force (a truncated download must "
         "not silently shrink screening; 0.10 = refuse losing more than 10 %).", _fraction)
register("match_threshold", 0.8, "Score at or above which a screening candidate counts as a "
         "match. Chosen on the tuning half of the screening-recall benchmark "
         "(bench/bench_screening_recall.py, docs/benchmarks.md): at 0.80, 4 of 1,711 "
         "common-name queries (0.23 %) alert, one of them a listed alias in another "
         "romanisation (Jang Hyun Woo = JANG HYON U), while 0.70 alerts on 1.5 %; 0.83 alerts "
         "as often as 0.80 and matches fewer variants. Candidates below it are still listed, "
         "best first. Lower it for recall-first reviews.", float)
register("veto_day_counts", False, "Whether the day of the veto is working day 1 under GA "
         "resolution 76/262 (UNVERIFIED; default: the next working day is day 1).", _bool)
register("veto_initiative_working_days", 10, "Working days within which the GA President must "
         "convene a meeting after a veto (A/RES/76/262 OP1).", int)
register("special_report_hours", 72, "Hours before a GA veto debate by which the Council is "
         "invited to submit a special report (A/RES/76/262 OP3).", int)
register("holidays_file", None, "Extra CSV of UN Headquarters holidays (date,name) merged over the "
         "shipped calendar, for years or corrections the package lacks.")
register("oil_cap_thresholds", (0.75, 0.90, 0.95), "Fractions of an oil cap at which the 1718 "
         "Committee Secretary notifies Member States (75 % and 90 % UNVERIFIED; 95 % = cease "
         "supplies).", _floats)
register("barrels_per_tonne_crude", 7.619, "Barrels per metric tonne used to convert crude-oil "
         "deliveries reported in tonnes: the ratio 2397 OP4 itself implies (4,000,000 bbl = "
         "525,000 t). Industry factors for other crudes differ (about 7.1-7.5).", float)
register("barrels_per_tonne_refined", 8.0, "Barrels per metric tonne for refined products "
         "reported in tonnes (S/2022/431 pairs 375,000 bbl with 46,875 t = 8.0).", float)
register("host", "127.0.0.1", "Address `unsc serve` binds to (loopback unless configured).")
register("port", 8000, "Port `unsc serve` listens on.", int)
register("serve_workers", 1, "Processes `unsc serve` starts on the port (the same as "
         "`--workers`): screening is pure Python, so one process uses one core. Safe on "
         "SQLite (writers take the database lock in turn) and on PostgreSQL (audit appends, "
         "alerts and decisions are serialised in the database); PostgreSQL suits more than "
         "two. Each process builds and holds its own screening index.", int)
register("secret_key", None, "Secret for session cookies and CSRF tokens. Default: generated once "
         "and kept under UNSC_HOME.")
# --- service (API, web UI) ---
register("api_max_batch", 500, "Most queries accepted in one screening batch or yente /match "
         "request (bounds the work one request can cause).", int)
register("api_max_body_bytes", 2_000_000, "Largest request body the API reads, in bytes; a "
         "larger one is refused with 413 before it is read (list uploads to /lists/load may "
         "be up to UNSC_MAX_LIST_BYTES instead). Checked after the API key, so an "
         "unauthenticated body is never read.", int)
register("api_max_json_depth", 32, "Deepest nesting of arrays and objects accepted in a JSON "
         "request body (422 beyond it), checked before the body is parsed.", int)
register("api_request_seconds", 30.0, "Most seconds one API or UI request may spend "
         "screening, waiting for its turn included: checked between the names it screens, so "
         "an over-long batch stops (503, nothing recorded) instead of occupying the server.",
         float)
register("api_screen_concurrency", 1, "Requests that screen at once in one server process; "
         "others wait their turn in arrival order (within UNSC_API_REQUEST_SECONDS), and a "
         "batch gives its turn up between names while others wait. Screening is pure Python, "
         "so more than 1 adds no throughput, only contention that delays /healthz; run more "
         "server processes to use more cores.", int)
register("api_docs", "key", "Who sees the API schema and its browsable docs: `key` (default: "
         "/openapi.json needs an API key or a web session, /docs and /redoc a web session), "
         "`public` (anyone), `off` (404).", _one_of("key", "public", "off"))
register("behind_tls", False, "The service is reached over HTTPS (directly or through a "
         "TLS-terminating proxy): cookies get the Secure flag (unless UNSC_COOKIE_SECURE says "
         "otherwise) and responses carry Strict-Transport-Security.", _bool)
register("cookie_secure", None, "Mark the session and CSRF cookies Secure (sent over HTTPS "
         "only). Default: on when UNSC_BEHIND_TLS is on, else off (plain-HTTP loopback).", _bool)
register("audit_key_file", None, "The audit key ring (HMAC keys that sign every audit record "
         "and checkpoint). Default: UNSC_HOME/audit_key, created 0600 on first use. Servers "
         "sharing one store on several machines must share this file.")
register("cli_audit", True, "Write an audit record for CLI screenings (`unsc screen name`, "
         "`unsc screen batch`), as the service does for API and UI screenings.", _bool)
register("dask_scheduler", None, "Address of a Dask scheduler (tcp://host:8786) for `unsc "
         "screen batch` across machines, or `local[:N]` for a Dask cluster of N worker "
         "processes on this machine; the same as `--scheduler`. Needs `pip install "
         "'unsc[dask]'`. Default: screen with local processes.")
register("dask_connect_timeout", 10.0, "Seconds `unsc screen batch` waits for the Dask "
         "scheduler to answer and for its first worker before giving up (503).", float)
register("dask_screener", "auto", "How the screener reaches Dask workers: `store` (each worker "
         "builds it from the list versions in the store, so the client never builds it; "
         "workers must reach the same database), `scatter` (the client builds it and sends it "
         "to each worker once) or `auto` (store when the store is PostgreSQL or every worker "
         "runs on this machine, else scatter).", _one_of("auto", "scatter", "store"))

# --- council domain ---
register("vetoes_file", None, "Path of the historical veto list CSV "
         "(unsc_vetoes_1946_sept2022.csv) read by `unsc council vetoes`. Default: "
         "$UNSC_SHARED_DATA/vetoes/, else "
         "../shared/data/vetoes/ next to the working directory or the source tree.")

# --- regime and compliance (1718 measures, shipment checks, exemptions) ---
register("regime_hs_inference", True, "Whether shipment checks may match goods on the project's "
         "UNVERIFIED HS inference table (domain.md §7; only HS 89 in 2397 OP6 was read in a "
         "source). Every verdict that relies on an inferred code says \"hs_verified\": false.",
         _bool)
register("regime_assume_renewed", True, "Whether a regime's time-limited measures (renewed "
         "each year: Yemen, CAR, DRC, Sudan, South Sudan, Haiti, Libya's petroleum measures) are "
         "treated as in force after the end date of the last renewal the shipped data records "
         "(UNVERIFIED renewal: such measures say \"renewal_verified\": false). Off: they lapse "
         "on that date.", _bool)
register("exemption_no_objection_days", 5, "Days of the 1718 Committee no-objection period for a "
         "humanitarian exemption request (UNVERIFIED: IAN No. 7 gives none; five days is the "
         "reported practice for Committee decisions).", int)
register("exemption_validity_months", 6, "Validity of an approved humanitarian exemption in "
         "months (IAN No. 7).", int)
register("exemption_extended_validity_months", 9, "Validity in months of an exemption approved "
         "with a well-founded justification (IAN No. 7 as updated 30 Nov 2020).", int)

register("ui_batch_keep_days", 7.0, "Days the files of a batch job started in the web UI "
         "(the upload and its results, under UNSC_HOME/ui-batch) are kept before they are "
         "removed; they hold screened names.", float)

# --- screening -------------------------------------------------------------------------
register("screening_workers", 0, "Processes used by `unsc screen batch` (0: one per CPU core; "
         "1: screen in the calling process).", int)
register("batch_cache_mb", 128.0, "Memory, in MB, each batch worker may spend on the results "
         "of repeated queries (identical names and evidence in one file are screened once); "
         "the least recently used are dropped past it.", float)
register("max_name_chars", 500, "Longest name (and id_number) screened, in characters: longer "
         "ones are refused (HTTP 422, a CLI error) or, in a batch file, truncated to this "
         "length with a warning on that row. Bounds the work one query can cause.", int)


def home() -> Path:
    """The data directory, created on first use."""
    configured = get("home")
    path = Path(configured) if configured else Path(platformdirs.user_data_dir("unsc"))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)  # owner-only: store, keys, cache
    return path


def database_url() -> str:
    configured = get("database_url")
    if configured:
        return str(configured)
    return f"sqlite:///{home() / 'unsc.db'}"
