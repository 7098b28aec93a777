"""The REST API adapter (FastAPI): thin endpoints over the services, one error handler."""

from unsc.api.app import create_app

__all__ = ["create_app"]
