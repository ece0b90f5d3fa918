"""Follow the live index generation: one ``Assistant`` per process that moves to a new
generation, written by an ingest in any process, without a restart.

Several app processes (Streamlit servers, ``metodeguide chat``) may share one data dir read-only.
An ingest builds a new generation beside the live one, replaces ``CURRENT.json`` (``os.replace``)
and keeps the generation it replaced until the next ingest starts, so a process still answering
from it is not cut off mid-answer. ``LiveAssistant.get()`` looks at ``CURRENT.json`` (one
``stat``) at most every ``settings.reload_check_s`` seconds; when it names another generation, a
new ``Assistant`` is loaded (in a background thread unless ``background=False``) and swapped in
only once it is complete. Until then the previous ``Assistant`` keeps answering, and it keeps
answering when the new generation cannot be opened (logged as an error, tried again when
``CURRENT.json`` changes or after ``RETRY_S``). An answer is therefore always built by one
``Assistant`` over one complete generation, never a mix.

    >>> from assistant.settings import Settings
    >>> live = LiveAssistant(Settings.load())                      # doctest: +SKIP
    >>> live.get().answer("Hvor lang tid varer et CTI-forløb?")    # doctest: +SKIP
    >>> live.generation                                            # doctest: +SKIP
    '20261201T101500-3fa2c1'
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from assistant.errors import IndexCorruptError
from assistant.settings import Settings
from assistant.store import current_stamp, read_current

if TYPE_CHECKING:
    from assistant.assistant import Assistant

log = logging.getLogger("metodeguide.live")

# A new generation that failed to open is tried again after this many seconds even when
# CURRENT.json has not changed (a Chroma server that was briefly down, a full disk that was freed).
RETRY_S = 60.0

Stamp = tuple[int, int, int]


def _load_assistant(settings: Settings) -> Assistant:
    from assistant.assistant import Assistant

    return Assistant.load(settings)


def _generation_of(assistant: Assistant) -> str:
    return str(assistant.index.generation)


def _describe(assistant: Assistant) -> str:
    """Generation and corpus version for the log (the log's personal-data filter may mask the
    generation's date digits as a phone number; the corpus version still tells them apart)."""
    return f"{_generation_of(assistant)} (korpusversion {assistant.index.corpus_version})"


class LiveAssistant:
    """The process's ``Assistant`` for the live index generation (thread-safe).

    ``load`` builds an ``Assistant`` from settings (default ``Assistant.load``); ``background``
    loads a new generation in a worker thread while ``get()`` keeps returning the previous one
    (``False``: the call that notices the change loads it, e.g. a command-line chat between two
    questions); ``clock`` is for tests.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        load: Callable[[Settings], Assistant] | None = None,
        background: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._load = load if load is not None else _load_assistant
        self._background = background
        self._clock = clock
        self._lock = threading.Lock()
        self._assistant: Assistant | None = None
        self._stamp: Stamp | None = None  # CURRENT.json when the serving Assistant was loaded/checked
        self._pending: Future[Assistant] | None = None  # the load in flight, if any
        self._next_check = 0.0
        self._retry_at = math.inf
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mg-live") if background else None
        self.switches = 0  # generations switched to after the first load (for logs and tests)

    # ---------------------------------------------------------------- public
    def start(self) -> Future[Assistant]:
        """Begin the first load (in the background when ``background``); a no-op once loading or
        loaded. The future's result is the first ``Assistant``; its exception the load error."""
        with self._lock:
            if self._assistant is not None:
                done: Future[Assistant] = Future()
                done.set_result(self._assistant)
                return done
            if self._pending is not None:
                return self._pending
            stamp = current_stamp(self.settings.data_dir)
            self._pending = future = self._submit(stamp)
        self._run_inline(future, stamp)
        return future

    def get(self) -> Assistant:
        """The ``Assistant`` to answer this request with.

        The first call waits for the first load and raises its error (``IndexMissingError``,
        ``IndexCorruptError``, ``StoreUnavailableError``); the next call tries again. Later calls
        return at once, starting a switch when ``CURRENT.json`` names a new generation."""
        with self._lock:
            serving = self._assistant
        if serving is None:
            first = self.start()
            try:
                return first.result()
            except BaseException:
                with self._lock:
                    if self._pending is first:
                        self._pending = None
                raise
        self.check()
        with self._lock:
            assert self._assistant is not None
            return self._assistant

    def check(self, force: bool = False) -> Future[Assistant] | None:
        """Look at ``CURRENT.json`` (at most every ``reload_check_s`` seconds unless ``force``) and
        start loading the generation it names when that is not the one serving. Returns the
        switch's future when one was started (already done when not ``background``)."""
        now = self._clock()
        with self._lock:
            if self._assistant is None or (self._pending is not None and not self._pending.done()):
                return None
            if not force and now < self._next_check:
                return None
            self._next_check = now + self.settings.reload_check_s
            stamp = current_stamp(self.settings.data_dir)
            if stamp is None or (stamp == self._stamp and now < self._retry_at and not force):
                return None  # unchanged (or gone: an ingest --rebuild is under way; keep serving)
            try:
                current = read_current(self.settings.data_dir)
            except IndexCorruptError as exc:
                log.error("%s Den nuværende indeksgeneration svarer fortsat.", exc)
                self._stamp, self._retry_at = stamp, now + RETRY_S
                return None
            if current is None:
                return None
            if str(current["generation"]) == _generation_of(self._assistant):
                self._stamp, self._retry_at = stamp, math.inf
                return None
            self._pending = future = self._submit(stamp)
        self._run_inline(future, stamp)
        return future

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a switch in flight to finish (its outcome is logged; nothing is raised)."""
        with self._lock:
            pending = self._pending
        if pending is not None:
            try:
                pending.result(timeout)
            except Exception:  # noqa: BLE001 - a failed switch was logged; the old generation serves
                pass

    @property
    def generation(self) -> str | None:
        """The generation serving now (None before the first load)."""
        with self._lock:
            return None if self._assistant is None else _generation_of(self._assistant)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    # ---------------------------------------------------------------- loading
    def _submit(self, stamp: Stamp | None) -> Future[Assistant]:
        """Start a load (called under ``self._lock``): in the worker thread, or, without one, a
        future that ``_run_inline`` completes once the lock is released."""
        if self._pool is not None:
            return self._pool.submit(self._load_generation, stamp)
        return Future()

    def _run_inline(self, future: Future[Assistant], stamp: Stamp | None) -> None:
        if self._pool is not None or future.done():
            return
        try:
            future.set_result(self._load_generation(stamp))
        except Exception as exc:  # noqa: BLE001 - handed to whoever waits on the future
            future.set_exception(exc)

    def _load_generation(self, stamp: Stamp | None) -> Assistant:
        with self._lock:
            old = None if self._assistant is None else _describe(self._assistant)
        t0 = time.perf_counter()
        try:
            new = self._load(self.settings)
        except Exception as exc:
            if old is not None:
                # Keep answering from the generation we have; say so clearly, once per attempt.
                log.error(
                    "Den nye indeksgeneration kan ikke åbnes: %s Generation %s svarer fortsat; "
                    "der prøves igen, når CURRENT.json ændres, eller om %d s.",
                    exc,
                    old,
                    int(RETRY_S),
                )
                with self._lock:
                    self._stamp, self._retry_at = stamp, self._clock() + RETRY_S
            raise
        with self._lock:
            self._assistant = new
            self._stamp, self._retry_at = stamp, math.inf
            self._next_check = self._clock() + self.settings.reload_check_s
            if old is not None:
                self.switches += 1
        log.info(
            "Indeksgeneration %s indlæst på %.1f s%s.",
            _describe(new),
            time.perf_counter() - t0,
            "" if old is None else f" (afløser {old})",
        )
        return new
