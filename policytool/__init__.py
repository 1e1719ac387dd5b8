"""policytool: clean, deduplicate and extract structure from Chinese government policy documents.

Every command is a library function first::

    from policytool.io.loader import load_documents
    from policytool.info import file_info

    for doc in load_documents(["corpus/"]):
        ...
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # Looked up on first use: importlib.metadata costs ~60 ms, too much for every start-up.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("policytool")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0.0.0+unknown"
    raise AttributeError(f"module 'policytool' has no attribute {name!r}")
