"""policytool: clean, deduplicate and extract structure from Chinese government policy documents.

Every command is a library function first::

    from policytool.documents import load_documents
    from policytool.info import file_info

    for doc in load_documents(["corpus/"]):
        ...
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("policytool")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
