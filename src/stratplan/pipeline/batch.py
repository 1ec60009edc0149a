"""Run one per-plan job over many plans: unchanged plans from the cache, the rest in worker processes.

A job (lint, budget) says how to compute its result for one plan folder and how to write it to and read
it from the cache. The parent process only looks plans up: a plan whose files all have remembered
digests gets its key at the cost of a `stat` per file, and a cached result at the cost of reading one
entry. Every other plan goes to a worker, which hashes its files (so a cold run hashes in parallel and
a fresh clone with a restored cache folder still hits), takes its entry from the cache when there is
one, or computes and stores it. Results come back in plan order, so the output is the same whatever the
cache holds and however many jobs run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar, cast

from stratplan.core import collector
from stratplan.io.cache import DigestMemo, ResultCache
from stratplan.io.paths import display_path, read_by_loader

T = TypeVar("T")
_FEW_PLANS = 4  # below this, starting workers costs more than it saves


class PlanJob(Protocol, Generic[T]):
    """What one command computes per plan folder; picklable, so workers can run it."""

    @property
    def kind(self) -> str:
        """The cache folder of this job's entries."""

    def asked(self) -> str:
        """Everything besides the plan's files that the result depends on (config, options)."""

    def compute(self, root: Path) -> tuple[T, Mapping[str, bytes]]:
        """The result for one plan folder, and the blake2b digest of each file it read, by name inside the folder
        (`LoadedPlan.read_digests`): a result is cached only under a key made from exactly those bytes."""

    def encode(self, result: T) -> str:
        """The result as cache entry text."""

    def decode(self, text: str) -> T:
        """The result from cache entry text; ValueError (or TypeError, KeyError) when it is not exact."""

    # Optional: `reads(name) -> bool`, which files of a plan folder (by path inside it) the job reads; by default
    # those the plan loader reads (`io.paths.read_by_loader`).


def default_jobs() -> int:
    """Worker processes by default: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _decoded(job: PlanJob[T], text: str | None) -> T | None:
    if text is None:
        return None
    try:
        return job.decode(text)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError, MemoryError,
            ArithmeticError):  # corrupt, foreign or hostile: recompute
        return None


def _run_one(job: PlanJob[T], root: Path, folder: Path | None, key: str | None, find_key: bool,
             as_text: bool) -> tuple[T | str, dict[str, list[Any]], bool]:
    """(result, file digests learnt, whether it came from the cache) for one plan.

    In a worker (`as_text`) the result goes back as its cache entry text: decoding JSON in the parent
    costs less than pickling tens of thousands of diagnostics one way and unpickling them the other.
    """
    cache = ResultCache(folder, DigestMemo(None)) if folder is not None else None
    if cache is not None and find_key:
        key = cache.key(root, display_path(root), job.asked())
        if key is not None:
            text = cache.read(job.kind, key)
            hit = _decoded(job, text)
            if hit is not None:
                return text if as_text and text is not None else hit, cache.memo.seen, True
    with collector.paused(freeze=False):  # a plan's work makes next to no cyclic garbage (core.collector)
        result, read = job.compute(root)
    if cache is not None and key is not None and not _read_what_was_keyed(cache, job, root, key, read):
        key = None  # a file changed while the plan was read: the result is right for no key, so it is not stored
    learnt = cache.memo.seen if cache is not None else {}
    if as_text or (cache is not None and key is not None):
        text = job.encode(result)
        if cache is not None and key is not None:
            cache.write(job.kind, key, text)
        if as_text:
            return text, learnt, False
    return result, learnt, False


def _read_what_was_keyed(cache: ResultCache, job: PlanJob[Any], root: Path, key: str, read: Mapping[str, bytes]) -> bool:
    """Whether the files the job read are exactly those, byte for byte, the key was made from: the folder keys the
    same after the run, and each file the loader reads has the digest the key holds for it."""
    after, digests = cache.key_with_digests(root, display_path(root), job.asked())
    if after != key:
        return False
    reads = getattr(job, "reads", read_by_loader)  # a job that reads other files than the loader says which
    expected = {name: digest for name, digest in digests.items() if reads(name)}
    return dict(read) == expected


def _star(args: tuple[Any, ...]) -> tuple[Any, dict[str, list[Any]], bool]:
    return _run_one(*args)


def run(job: PlanJob[T], roots: Sequence[Path], jobs: int = 1, cache: ResultCache | None = None,
        progress: Callable[[int], None] | None = None) -> tuple[list[T], int]:
    """The job's result for every plan folder, in order, and how many came from the cache.

    `progress` is called with the number of plans finished so far (cached plans count at once).
    """
    results: list[T | None] = [None] * len(roots)
    pending: list[tuple[int, str | None, bool]] = []  # (index, key when known, whether the worker must find it)
    asked = job.asked() if cache is not None else ""
    for index, root in enumerate(roots):
        if cache is None:
            pending.append((index, None, False))
            continue
        found = cache.remembered_key(root, display_path(root), asked)
        if found == ResultCache.UNREMEMBERED:
            pending.append((index, None, True))
            continue
        hit = _decoded(job, cache.read(job.kind, found)) if found is not None else None
        if hit is None:
            pending.append((index, found, False))
        else:
            results[index] = hit
    hits = len(roots) - len(pending)
    if progress is not None:
        progress(hits)
    folder = cache.folder if cache is not None else None
    parallel = jobs > 1 and len(pending) >= _FEW_PLANS
    work = [(job, roots[index], folder, key, find, parallel) for index, key, find in pending]
    for done, ((index, _key, _find), (result, learnt, from_cache)) in enumerate(zip(pending, _map(work, parallel, jobs),
                                                                                      strict=True), start=1):
        results[index] = job.decode(result) if parallel else result
        hits += from_cache
        if cache is not None:
            cache.memo.learn(learnt)
        if progress is not None:
            progress(len(roots) - len(pending) + done)
    if cache is not None:
        cache.save()
    return cast(list[T], results), hits  # every index was filled above


def _map(work: list[tuple[Any, ...]], parallel: bool, jobs: int) -> Iterator[tuple[Any, dict[str, list[Any]], bool]]:
    if not parallel:
        yield from map(_star, work)
        return
    import multiprocessing  # only here: one plan, or a warm run, starts no worker
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    chunk = max(1, min(16, len(work) // (jobs * 8)))
    with ProcessPoolExecutor(min(jobs, len(work)), mp_context=multiprocessing.get_context(method)) as pool:
        yield from pool.map(_star, work, chunksize=chunk)


def stream(job: PlanJob[T], roots: Sequence[Path], jobs: int = 1, cache: ResultCache | None = None,
           progress: Callable[[int], None] | None = None) -> Iterator[T]:
    """The job's result for every plan folder, in order, one at a time: what `run` gives, without ever holding every
    result (a command that writes each plan's part as it comes keeps a memory that does not grow with the plans).

    Cached results are read at their turn; the others are computed `jobs` at a time in worker processes, at most a
    few plans ahead of the one being yielded. The cache's remembered digests are saved when the last one is yielded.
    """
    asked = job.asked() if cache is not None else ""
    keys: list[tuple[str | None, bool]] = []  # (key when known, whether the worker must find it)
    for root in roots:
        found = cache.remembered_key(root, display_path(root), asked) if cache is not None else None
        keys.append((None, True) if found == ResultCache.UNREMEMBERED else (found, False))
    parallel = jobs > 1 and len(roots) >= _FEW_PLANS
    pending = [i for i, (key, find) in enumerate(keys)
               if cache is None or find or key is None or cache.read(job.kind, key) is None] if parallel else []
    for index, result in enumerate(_ordered(job, roots, keys, cache, pending, jobs)):
        yield result
        if progress is not None:
            progress(index + 1)
    if cache is not None:
        cache.save()


def _ordered(job: PlanJob[T], roots: Sequence[Path], keys: list[tuple[str | None, bool]], cache: ResultCache | None,
             pending: list[int], jobs: int) -> Iterator[T]:
    """Each plan's result in order: `pending` ones from worker processes (a bounded window ahead), the rest here."""
    folder = cache.folder if cache is not None else None
    futures: dict[int, Any] = {}
    queue = iter(pending)
    pool = None
    if pending:
        import multiprocessing  # only here: a warm run starts no worker
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        pool = ProcessPoolExecutor(min(jobs, len(pending)), mp_context=multiprocessing.get_context(method))
    try:
        for index, root in enumerate(roots):
            while pool is not None and len(futures) < jobs * 4:
                ahead = next(queue, None)
                if ahead is None:
                    break
                key, find = keys[ahead]
                futures[ahead] = pool.submit(_run_one, job, roots[ahead], folder, key, find, True)
            if index in futures:
                text, learnt, _hit = futures.pop(index).result()
                if cache is not None:
                    cache.memo.learn(learnt)
                yield job.decode(text)
                continue
            key, find = keys[index]
            hit = _decoded(job, cache.read(job.kind, key)) if cache is not None and key is not None else None
            if hit is not None:
                yield hit
                continue
            result, learnt, _hit = _star((job, root, folder, key, find, False))
            if cache is not None:
                cache.memo.learn(learnt)
            yield cast(T, result)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
