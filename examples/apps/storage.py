"""Where the example apps keep what their write tools change.

Each app owns JSON documents under `$SALON_EXAMPLE_DATA_DIR/<app>/` (by default a `salon-examples`
folder in the system temp directory), so a booking or a play queue survives the server restarting —
Salon starts stdio apps as child processes and may restart them at any time.

The path is resolved on every access rather than at import, so a test (or a person) can point a running
app at another folder by changing the environment. Writes go to a temporary file that replaces the
document, so a crash mid-write leaves the previous version intact.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

DATA_DIR_ENV = "SALON_EXAMPLE_DATA_DIR"


def data_dir(app_name: str) -> Path:
    """The folder where `app_name` keeps its state, created if missing."""
    root = os.environ.get(DATA_DIR_ENV) or os.path.join(tempfile.gettempdir(), "salon-examples")
    folder = Path(root) / app_name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class JsonDocument:
    """One JSON object persisted in a file of an app's data folder."""

    def __init__(self, app_name: str, filename: str, default: Callable[[], dict[str, Any]]) -> None:
        self._app_name = app_name
        self._filename = filename
        self._default = default
        # Tools may run on worker threads; one lock per document keeps read-modify-write atomic.
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return data_dir(self._app_name) / self._filename

    def read(self) -> dict[str, Any]:
        """The document as stored, or the default when nothing was written yet."""
        with self._lock:
            return self._load()

    @contextmanager
    def update(self) -> Iterator[dict[str, Any]]:
        """Yield the document to change in place; it is written back when the block exits cleanly."""
        with self._lock:
            document = self._load()
            yield document
            self._save(document)

    def _load(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return self._default()
        loaded: dict[str, Any] = json.loads(text)
        return loaded

    def _save(self, document: dict[str, Any]) -> None:
        path = self.path
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(document, handle, ensure_ascii=False, indent=1)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def load_bundled(module_file: str, filename: str) -> dict[str, Any]:
    """Read a generated data file from the `data/` folder beside `module_file`."""
    path = Path(module_file).with_name("data") / filename
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded
