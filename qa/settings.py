"""Typed settings, read once from the environment (``QA_*``) and overridden by CLI flags."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QA_", extra="ignore")

    corpus_dir: Path = Field(Path("corpus"), description="folder of reports (.txt, .md, .pdf)")
    index_dir: Path = Field(Path("index"), description="where `qa build` writes the index")
