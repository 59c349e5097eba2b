"""Requests written for tools, kept on disk so that each tool is written for once, ever.

Writing a tool's requests with the local model takes seconds; a directory of thousands of tools
takes hours. `RequestCache` keeps what was written in one JSON Lines file, a row per tool:
`{"key", "name", "writer", "requests"}`. The key is a sha256 of the writer's identity (model weights,
prompt version, request count) and of the tool's own text (name, description, parameters), so a tool
whose text changes, or a new prompt, is written for again, while an unchanged tool never is. Rows are
appended and flushed one by one: an interrupted run keeps everything written before it, and a last
line cut off mid-write is skipped on reading. When a key appears twice the later row wins.

`WrittenRequests` is what the index reads (`RouterIndex(written=...)`): the requests of a tool when
the cache holds some, and whether they replace the template requests of `salon.router.enrich` or
join them. A tool without written requests keeps its templates either way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from salon.errors import ConfigurationError
from salon.router.entries import ToolEntry
from salon.router.written_requests import RequestWriter


def tool_key(entry: ToolEntry, writer_identity: str) -> str:
    """The cache key of a tool's requests: its own text and the writer that wrote them."""
    material = json.dumps(
        [writer_identity, entry.name, entry.description, entry.parameters],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(material.encode()).hexdigest()


class RequestCache:
    """Written requests by tool, read from and appended to one JSON Lines file."""

    def __init__(self, path: Path, writer_identity: str) -> None:
        self.path = path
        self.writer_identity = writer_identity
        self._requests: dict[str, list[str]] = {}
        if path.exists():
            self._read()

    def _read(self) -> None:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise ConfigurationError(
                f"cannot read the request cache {self.path}: {error.strerror}"
            ) from error
        for line in lines:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # a row cut off by an interrupted write
            if (
                isinstance(row, dict)
                and isinstance(row.get("key"), str)
                and isinstance(row.get("requests"), list)
            ):
                self._requests[row["key"]] = [str(r) for r in row["requests"]]

    def __len__(self) -> int:
        return len(self._requests)

    def key(self, entry: ToolEntry) -> str:
        return tool_key(entry, self.writer_identity)

    def get(self, entry: ToolEntry) -> list[str] | None:
        """The requests written for this tool (possibly none), or None when it was never written for."""
        found = self._requests.get(self.key(entry))
        return None if found is None else list(found)

    def put(self, entry: ToolEntry, requests: Iterable[str]) -> None:
        written = list(requests)
        key = self.key(entry)
        self._requests[key] = written
        self.path.parent.mkdir(parents=True, exist_ok=True)
        row = {"key": key, "name": entry.name, "writer": self.writer_identity, "requests": written}
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")

    def missing(self, entries: Iterable[ToolEntry]) -> list[ToolEntry]:
        """The tools never written for, each once, in order."""
        unique = {self.key(e): e for e in entries}
        return [e for key, e in unique.items() if key not in self._requests]

    def fill(
        self,
        entries: Iterable[ToolEntry],
        writer: RequestWriter,
        *,
        on_written: Callable[[ToolEntry, list[str]], None] | None = None,
    ) -> int:
        """Write requests for every tool the cache lacks, saving each as it comes; returns how many."""
        if writer.identity != self.writer_identity:
            raise ConfigurationError(
                f"the request cache {self.path} is keyed for writer {self.writer_identity!r}, not "
                f"{writer.identity!r}; open it with the writer's identity"
            )
        todo = self.missing(entries)
        for entry in todo:
            requests = writer.write(entry)
            self.put(entry, requests)
            if on_written is not None:
                on_written(entry, requests)
        return len(todo)


@dataclass(frozen=True)
class WrittenRequests:
    """The requests the index adds to a tool's enrichment from a `RequestCache`."""

    cache: RequestCache
    replaces_templates: bool = False
    """True: a tool with written requests gets no template requests; False: it gets both."""

    def requests_for(self, entry: ToolEntry) -> list[str] | None:
        """The written requests of a tool, or None when there are none (its templates then stand)."""
        return self.cache.get(entry) or None
