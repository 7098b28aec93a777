"""The web UI adapter: server-rendered Jinja2 pages, sessions and CSRF-protected forms."""

__all__: list[str] = []
