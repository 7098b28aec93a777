"""Download the current UN Consolidated List and load it as a new version.

The URL, timeout, retries and size bound are settings (``un_list_url``,
``download_timeout``, ``download_retries``, ``max_list_bytes``). A connection that fails
to open is retried by httpx's own transport (exponential backoff), not by a loop of ours;
a server that answers with an error status is not retried. The body is streamed and
abandoned as soon as it exceeds the bound, so a runaway or hostile server cannot exhaust
memory; the bytes must then parse as a UN Consolidated List before anything is stored.
"""

from __future__ import annotations

import httpx

from unsc import settings
from unsc.errors import ListFormatError, Problem, UpstreamError
from unsc.lists.readers import detect_format
from unsc.lists.service import LoadResult, load_list

__all__ = ["download", "update_un_list"]


def download(url: str) -> bytes:
    """GET ``url`` with the configured timeout and size bound; UpstreamError on failure."""
    limit = int(settings.get("max_list_bytes"))
    timeout = float(settings.get("download_timeout"))
    chunks: list[bytes] = []
    size = 0
    transport = httpx.HTTPTransport(retries=int(settings.get("download_retries")))
    try:
        with httpx.Client(transport=transport, timeout=timeout, follow_redirects=True
                          ) as client, client.stream("GET", url) as response:
            if response.status_code != 200:
                raise UpstreamError(f"{url}: HTTP {response.status_code}")
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise UpstreamError(f"{url}: response exceeds max_list_bytes={limit}")
                chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise UpstreamError(f"{url}: download failed: {exc}") from None
    return b"".join(chunks)


def update_un_list(url: str | None = None, *, force: bool = False,
                   actor: str = "system") -> LoadResult:
    """Download the UN list (default: setting ``un_list_url``), validate it, load it
    through the same load gates as a file (``force`` overrides them, audited)."""
    source = url or str(settings.get("un_list_url"))
    data = download(source)
    fmt = detect_format(data, source)
    if fmt != "un-xml":
        raise ListFormatError(f"{source}: expected the UN Consolidated List, got {fmt}",
                              [Problem(source, None, None, f"format {fmt} is not un-xml")])
    return load_list(source, data=data, force=force, actor=actor)
