"""unsc: UN Security Council sanctions as working software.

The packages follow the flow of the data: ``lists`` reads and versions sanctions lists,
``screening`` finds names on them, ``council`` models how the Council decides, ``regime``
holds the 1718 measures as cited data, ``compliance`` applies them, ``store`` persists
everything, and ``cli``, ``api`` and ``web`` are thin adapters over those services.
"""

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:  # one source of truth: the version in pyproject.toml, as installed
    __version__ = version("unsc")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
