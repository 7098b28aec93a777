# unsc: REST API and web UI (`unsc serve`) in a slim Python image.
# Build: docker build -t unsc:0.2.0 .    Run: see compose.yaml and the README ("Deploying").
#
# Two stages: PyICU has no binary wheel, so it is compiled against ICU in the build stage;
# the runtime stage gets the virtual environment and ICU's shared library only, no compiler.

FROM python:3.11-slim-bookworm AS build
# Debian's security updates replace exact package versions, so they are not pinned here;
# the Python dependencies are pinned in pyproject.toml.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends g++ pkg-config libicu-dev \
    && rm -rf /var/lib/apt/lists/*
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/unsc
COPY pyproject.toml README.md /src/
COPY src /src/src
RUN /opt/unsc/bin/pip install "pip==25.3" && /opt/unsc/bin/pip install /src

FROM python:3.11-slim-bookworm
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libicu72 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 unsc \
    && useradd --system --uid 10001 --gid unsc --home-dir /data --no-create-home unsc \
    && mkdir -p /data && chown unsc:unsc /data && chmod 0700 /data
COPY --from=build /opt/unsc /opt/unsc
ENV PATH=/opt/unsc/bin:$PATH \
    UNSC_HOME=/data \
    UNSC_HOST=0.0.0.0 \
    UNSC_PORT=8000 \
    PYTHONUNBUFFERED=1
# The store (SQLite unless UNSC_DATABASE_URL points at PostgreSQL), the audit key and the
# session secret live in UNSC_HOME: keep it on a volume.
VOLUME ["/data"]
USER 10001:10001
WORKDIR /data
EXPOSE 8000
# /healthz needs no key; slim images have no curl, so Python asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["unsc"]
CMD ["serve"]
