"""Typed settings, read once from the environment (``QA_*``) and overridden by CLI flags."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QA_", extra="ignore")

    corpus_dir: Path = Field(Path("corpus"), description="folder of reports (.txt, .md, .pdf)")
    index_dir: Path = Field(Path("index"), description="where `qa build` writes the index")
    model: str = Field("all-MiniLM-L6-v2", description="sentence-transformers name or path")
    device: str = Field("cpu", description="torch device for the embedding model")
    encoding: str = Field("cl100k_base", description="tiktoken encoding for token budgets")
    encoding_file: Path | None = Field(None, description="a .tiktoken file for `encoding`")
    chunk_tokens: int = Field(200, ge=16, description="chunk budget in tiktoken tokens")
    chunk_overlap: int = Field(1, ge=0, description="sentences shared by adjacent windows")
    milvus_uri: str | None = Field(
        None,
        description="keep the index in Milvus instead of index_dir: a file path for Milvus "
        "Lite (./qa-milvus.db) or a server (http://host:19530); see docs/milvus.md",
    )
    milvus_token: str | None = Field(None, description="Milvus token (user:password or key)")
    milvus_collection: str = Field(
        "qa",
        pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,30}$",
        description="Milvus alias of the live build; its collections are named after it",
    )
    faiss_index: Literal["flat", "hnsw"] = Field("flat", description="exact or approximate")
    query_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        "torch",
        description="how questions are encoded: sentence-transformers (torch), or the same "
        "model exported to ONNX Runtime (onnx, float32; onnx-int8, quantised); see "
        "qa/index/onnxquery.py",
    )
    embed_backend: Literal["onnx", "torch", "onnx-int8"] = Field(
        "onnx",
        description="how `qa build` embeds chunks and sentences: the model through ONNX "
        "Runtime, fused graph (onnx: the same vectors as torch, faster), sentence-transformers "
        "(torch, as before), or int8 weights (onnx-int8: vectors differ, so they are never "
        "mixed with float32 ones); onnx falls back to torch without onnxruntime; see "
        "qa/index/bulk.py",
    )
    k: int = Field(5, ge=1, le=100, description="passages returned per question")
    max_question_tokens: int = Field(128, ge=4, description="longest accepted question")
    abbreviations_file: Path | None = Field(
        None,
        description="SHORT<TAB>long form list of the sector's abbreviations used to expand "
        "questions; unset: the packaged qa/retrieval/abbreviations.tsv (an empty file turns "
        "it off)",
    )
    everyday_file: Path | None = Field(
        None,
        description="everyday words<TAB>report wording list used to expand questions "
        "('kids' -> children); unset: the packaged qa/retrieval/everyday.tsv (an empty file "
        "turns it off)",
    )
    query_adapter_file: Path | None = Field(
        None,
        description="query adapter (`qa fit-adapter --out`); unset: the packaged "
        "qa/retrieval/query_adapter.npz",
    )
    query_adapter: bool = Field(
        True,
        description="move questions toward the reports' wording with the query adapter "
        "before searching (qa/retrieval/adapter.py); false: search them as encoded",
    )
    calibration_file: Path | None = Field(
        None,
        description="abstention calibration (`qa calibrate --out`); unset: the packaged "
        "qa/answering/calibration.json",
    )
    max_file_mb: float = Field(
        20.0, gt=0, description="corpus files larger than this are refused, not read"
    )
    threads: int | None = Field(
        None,
        ge=1,
        description="CPU threads for torch, ONNX Runtime and FAISS; unset: the cores this "
        "process may use (its CPU affinity)",
    )
    build_nice: int = Field(
        10,
        ge=0,
        le=19,
        description="how far `qa build` lowers its own CPU priority, so a server on the same "
        "machine keeps answering fast while it runs; 0 keeps the normal priority",
    )
    councils_file: Path | None = Field(
        None,
        description="name<TAB>short;forms list of councils questions are routed by; unset: "
        "the packaged qa/retrieval/councils.tsv",
    )
    # Server (`qa serve`).
    corpus_name: str = Field(
        "ofsted-reports",
        description="the corpus's name: the model id of the OpenAI-compatible endpoint",
    )
    host: str = Field("127.0.0.1", description="address `qa serve` listens on")
    port: int = Field(8000, ge=0, le=65535, description="port `qa serve` listens on")
    data_dir: Path = Field(Path("data"), description="server data (feedback database)")
    api_keys: str = Field(
        "",
        description="comma-separated keys of earlier versions: they open every route, so "
        "they are admin keys (server/keys.py)",
    )
    read_keys: str = Field(
        "", description="comma-separated read keys: ask, search, context, documents"
    )
    admin_keys: str = Field(
        "",
        description="comma-separated admin keys: everything a read key may, and upload, "
        "delete, reload, feedback export, metrics",
    )
    keys_file: Path | None = Field(
        None, description="a file of '<scope> <key>' lines (scope: read or admin)"
    )
    max_upload_mb: float = Field(
        20.0, gt=0, description="largest report accepted by POST /v1/documents"
    )
    cors_origins: str = Field(
        "", description="comma-separated origins allowed to call the API from a browser"
    )
    max_body_bytes: int = Field(65_536, ge=1024, description="largest accepted request body")

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 2**20)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 2**20)

    @property
    def api_key_list(self) -> list[str]:
        return [k.strip() for k in self.api_keys.split(",") if k.strip()]

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]
