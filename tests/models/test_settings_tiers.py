"""The optional offline tiers are chosen in settings like the default one, and the llama tiers keep
their weights under the configured data dir."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from pydantic import ValidationError

from salon.errors import ConfigurationError
from salon.host.models.llama import LlamaProvider
from salon.host.runtime import provider_from_settings
from salon.settings import Settings


@pytest.mark.parametrize("kind", ["embedded", "needle", "tiered", "llama", "heavy"])
def test_every_offline_tier_is_a_valid_setting(kind: str, tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path, model=kind).model == kind


def test_an_unknown_model_setting_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path, model="gpt-in-a-box")


def test_the_llama_tier_keeps_its_weights_under_the_settings_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, model="llama")
    if importlib.util.find_spec("llama_cpp") is None:
        with pytest.raises(ConfigurationError, match=r"salon\[heavy\]"):
            provider_from_settings(settings)
        return
    provider = provider_from_settings(settings)
    assert isinstance(provider, LlamaProvider)
    assert provider.engine.directory == tmp_path / "models"  # type: ignore[attr-defined]


def test_the_heavy_tier_lets_the_embedded_calls_stand_unless_told_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On the seeded BFCL sample the embedded provider's calls beat the language model's (see tiered.py),
    # so the heavy tier only decides the steps the embedded provider would answer in text. The language
    # model itself (the optional extra) plays no part in that default, so a stand-in takes its place.
    from salon.host.models import llama
    from salon.host.models.tiered import heavy_tiered

    class StandIn:
        def __init__(self, **options: object) -> None:
            self.options = options

    monkeypatch.setattr(llama, "LlamaProvider", StandIn)
    assert heavy_tiered(tmp_path, preload=False).trust_embedded_calls is True
    assert heavy_tiered(tmp_path, preload=False, trust_embedded_calls=False).trust_embedded_calls is False
