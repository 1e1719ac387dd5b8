"""Map a per-document function over documents, in a process pool, keeping input order.

The per-document work of every command is a pure function of one :class:`Document`
(picklable in, picklable out), so ``--jobs N`` can spread it over N processes. Results come
back in input order whatever N is; load errors pass through in their place untouched; the
number of documents in flight is bounded, so memory stays bounded on any corpus size.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from policytool.io.loader import Document, DocumentError, LoadError

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["ProcessingError", "map_documents"]

R = TypeVar("R")

# Documents are sent to workers in chunks: one future per document costs ~0.1 ms of pickling
# and queueing, which would dominate on short documents.
_CHUNK_DOCS = 32
_CHUNK_CHARS = 1 << 20


class ProcessingError(DocumentError):
    """A per-document function failed on one document; carries the document id."""


def _apply(func: Callable[[Document], R], doc: Document) -> R | ProcessingError:
    try:
        return func(doc)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except DocumentError as exc:  # expected: the function names the reason
        return ProcessingError(doc.id, exc.reason)
    except Exception as exc:  # one bad document must not stop the run
        return ProcessingError(doc.id, f"internal error: {type(exc).__name__}: {exc}")


def _apply_chunk(func: Callable[[Document], R], docs: list[Document]) -> list[R | ProcessingError]:
    return [_apply(func, doc) for doc in docs]


def _ignore_sigint() -> None:
    # Ctrl-C is the parent's to handle; workers dying noisily would print tracebacks. SIGTERM
    # (from the parent, stopping them) ends a worker at once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _terminate(executor: Any) -> None:
    processes = list(getattr(executor, "_processes", {}).values())  # no public handle on them
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


def map_documents(
    func: Callable[[Document], R],
    items: Iterable[Document | LoadError],
    *,
    jobs: int = 1,
) -> Iterator[tuple[Document | LoadError, R | ProcessingError | None]]:
    """Yield ``(item, func(item))`` for each document, in input order.

    A :class:`LoadError` is yielded as ``(error, None)``; an exception raised by ``func`` is
    yielded as a :class:`ProcessingError` result instead of stopping the run. With ``jobs`` > 1
    the calls run in a pool of that many processes (``func`` must be picklable: a module-level
    function or a ``functools.partial`` of one).
    """
    if jobs <= 1:
        for item in items:
            if isinstance(item, LoadError):
                yield item, None
            else:
                yield item, _apply(func, item)
        return
    yield from _map_pool(func, items, jobs)


def _map_pool(
    func: Callable[[Document], R], items: Iterable[Document | LoadError], jobs: int
) -> Iterator[tuple[Document | LoadError, R | ProcessingError | None]]:
    # Each pending entry is a chunk: its items (documents and errors in input order) and the
    # future computing the documents' results, or None when the chunk holds only errors.
    pending: deque[tuple[list[Document | LoadError], Future[list[R | ProcessingError]] | None]]
    pending = deque()
    max_pending = jobs * 4
    # Imported here: multiprocessing costs ~40 ms of start-up that -j 1 never needs.
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)

    def submit(chunk: list[Document | LoadError]) -> None:
        docs = [d for d in chunk if isinstance(d, Document)]
        future = executor.submit(_apply_chunk, func, docs) if docs else None
        pending.append((chunk, future))

    def drain_one() -> Iterator[tuple[Document | LoadError, R | ProcessingError | None]]:
        chunk, future = pending.popleft()
        results = iter(future.result() if future is not None else [])
        for item in chunk:
            yield item, (None if isinstance(item, LoadError) else next(results))

    try:
        chunk: list[Document | LoadError] = []
        size = 0
        for item in items:
            chunk.append(item)
            if isinstance(item, Document):
                size += len(item.text)
            if len(chunk) >= _CHUNK_DOCS or size >= _CHUNK_CHARS:
                submit(chunk)
                chunk, size = [], 0
                while len(pending) >= max_pending:
                    yield from drain_one()
        if chunk:
            submit(chunk)
        while pending:
            yield from drain_one()
    except BaseException:
        # Ctrl-C, SIGTERM (the CLI turns it into SystemExit) or a closed pipe: no worker may
        # outlive the run, busy or not.
        _terminate(executor)
        raise
    executor.shutdown(wait=True)
