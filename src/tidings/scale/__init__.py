"""Scale-out: analyse articles on a Dask distributed cluster while the client writes the store.

``cluster(scheduler=..., workers=...)`` gives a ``distributed.Client`` (an existing scheduler,
or a LocalCluster of worker processes); ``analyze_on_cluster`` streams articles through it. See
``tidings.scale.workers``.
"""

from __future__ import annotations

from tidings.scale.workers import analyze_on_cluster, cluster, worker_memory

__all__ = ["analyze_on_cluster", "cluster", "worker_memory"]
