"""Resolution fixtures: the store fixtures of ``tests/store`` (every backend, hand-made analyses)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_path = Path(__file__).resolve().parents[1] / "store" / "conftest.py"
_spec = importlib.util.spec_from_file_location("_tidings_store_fixtures", _path)
assert _spec is not None and _spec.loader is not None
_store_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_store_fixtures)

backend_url = _store_fixtures.backend_url
store = _store_fixtures.store
corpus = _store_fixtures.corpus
make_analysis = _store_fixtures.make_analysis
