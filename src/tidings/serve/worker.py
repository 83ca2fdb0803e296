"""One analysis at a time in a child process that the server can stop.

A spaCy parse of a long text cannot be interrupted from another thread, and a thread left behind
after a timeout kept the analysis lock (and every other analysis waiting) for as long as the
parse ran: ten minutes for a 990,000-character post. ``Worker`` runs the pipeline in a process
forked from the server (the loaded pipeline is shared copy-on-write, so a new one is ready at
once) and waits for its answer in short polls; when the caller gives up (timeout, client gone)
or the process grows past the memory limit, the process is killed, the lock is free at once and
the next analysis forks a fresh process.

Linux (fork, ``/proc``) is assumed, as for the rest of the server.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import stat
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from tidings.exc import InputError, TidingsError
from tidings.model import Analysis, Article
from tidings.pipeline import Pipeline

log = logging.getLogger("tidings.serve")

POLL = 0.1  # seconds between looks at the child while an analysis runs


class Stopped(TidingsError):
    """An analysis was stopped before it finished; the message says why."""


class Worker:
    """Analyses ``Article``s in a child process running ``pipeline()``; see the module doc."""

    def __init__(self, pipeline: Callable[[], Pipeline], *, max_memory_mb: float) -> None:
        self._pipeline = pipeline
        self.max_memory_mb = max_memory_mb
        self._lock = threading.Lock()
        self._process: Any = None  # mp.Process (fork context)
        self._conn: Connection | None = None

    def analyze(self, article: Article, stop: threading.Event) -> Analysis:
        """The analysis of ``article``. Raises ``Stopped`` as soon as ``stop`` is set (waiting for
        the lock included) or the child uses more than ``max_memory_mb``, ``InputError`` /
        ``TidingsError`` as the pipeline raised them, ``RuntimeError`` when the child crashed."""
        while not self._lock.acquire(timeout=POLL):
            if stop.is_set():
                raise Stopped("the analysis was stopped while it waited for its turn")
        try:
            conn = self._ready()
            conn.send(article)
            while not conn.poll(POLL):
                if stop.is_set():
                    self._kill("stopped")
                    raise Stopped("the analysis was stopped")
                rss = _rss_mb(self._process.pid)
                if rss > self.max_memory_mb:
                    self._kill(f"{rss:.0f} MB resident")
                    raise Stopped(
                        f"the analysis used more than {self.max_memory_mb:g} MB and was stopped"
                    )
                if not self._process.is_alive():
                    self._kill("died")
                    raise RuntimeError("the analysis process died")
            try:
                kind, *payload = conn.recv()
            except EOFError:
                self._kill("died")
                raise RuntimeError("the analysis process died") from None
        finally:
            self._lock.release()
        if kind == "ok":
            result: Analysis = payload[0]
            return result
        if kind == "input":
            raise InputError(payload[0], payload[1])
        if kind == "error":
            raise TidingsError(payload[0])
        raise RuntimeError(f"the analysis failed in the worker process:\n{payload[0]}")

    def _ready(self) -> Connection:
        """The pipe to a live child, forking one (and loading the pipeline first) if needed."""
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        self._kill("restart")
        pipeline = self._pipeline()  # loaded here, once, then inherited by every child
        ours, theirs = mp.get_context("fork").Pipe()
        process = mp.get_context("fork").Process(
            target=_serve, args=(pipeline, theirs), name="tidings-analysis", daemon=True
        )
        process.start()
        theirs.close()
        self._process, self._conn = process, ours
        return ours

    def _kill(self, why: str) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            if self._process.is_alive():
                log.warning("analysis process %s killed (%s)", self._process.pid, why)
                self._process.kill()
            self._process.join(5)
            self._process.close()
            self._process = None

    def close(self) -> None:
        with self._lock:
            self._kill("server stops")


def _serve(pipeline: Pipeline, conn: Connection) -> None:
    """The child: analyse each article received, answer ``("ok", analysis)`` or an error."""
    _close_sockets(keep=conn.fileno())
    while True:
        try:
            article = conn.recv()
        except EOFError:
            return
        try:
            answer: tuple[Any, ...] = ("ok", next(pipeline.analyze([article])))
        except InputError as e:
            answer = ("input", e.source, e.reason)
        except TidingsError as e:
            answer = ("error", str(e))
        except Exception:
            answer = ("crash", traceback.format_exc())
        conn.send(answer)


def _close_sockets(keep: int) -> None:
    """Close the sockets the child inherited from the server (its listening socket, its client
    connections) but ``keep``: while the child held them, a connection the server closed stayed
    open for its client, and a client that left was never seen to leave."""
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd == keep:
            continue
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            continue


def _rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (0 when it can't be read)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            pages = int(f.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
