"""The build manifest: one typed record, one writer, one reader, one compatibility check.

``manifest.json`` is the last file a build writes (a folder without it is an unfinished
build and is never loaded). It says what the build was made with (model, dimension, token
encoding, chunking, FAISS type), what it holds (counts, corpus file hashes) and with which
library versions. :meth:`Manifest.mismatch` is the single rule that decides whether a build
fits the configured settings: loading refuses a build that does not fit, and a new build
reuses the vectors of the live one only when it fits.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from qa.index.errors import IndexCorrupt

FORMAT_VERSION = 1
FILENAME = "manifest.json"
_TORCH_EMBEDDING = {"backend": "torch", "vectors": "float32"}


@dataclass(frozen=True)
class ModelInfo:
    name: str  # as configured ("sentence-transformers/all-MiniLM-L6-v2" or a path)
    resolved: str  # where it was loaded from
    dimension: int
    max_seq_length: int


@dataclass(frozen=True)
class EncodingInfo:
    requested: str  # the tiktoken encoding configured ("cl100k_base")
    used: str  # the one that counted (the offline fallback when the real one is missing)
    source: str


@dataclass(frozen=True)
class Counts:
    documents: int
    units: int
    chunks: int
    sentences: int
    acronyms: int


@dataclass(frozen=True)
class Manifest:
    build_id: str
    created: str
    model: ModelInfo
    encoding: EncodingInfo
    chunking: dict[str, int]  # ChunkingConfig as a dict
    faiss: dict[str, str]
    corpus_dir: str
    corpus_files: dict[str, str]  # {path relative to the corpus folder: sha256}
    counts: Counts
    versions: dict[str, str] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION
    # Every file the build saw and could not index: {path: {"sha256", "reason"}}. Loading
    # compares the corpus against indexed and skipped files alike, so one bad file is
    # reported, not taken for a change that needs a rebuild.
    skipped: dict[str, dict[str, str]] = field(default_factory=dict)
    # Every other file of the build with its size and sha256 ({relative path: {"bytes",
    # "sha256"}}), checked on load: an edited, truncated or bit-flipped file is refused.
    files: dict[str, dict] = field(default_factory=dict)
    # How the vectors were made: {"backend": "onnx" | "torch" | "onnx-int8", "vectors":
    # "float32" | "int8"} (qa/index/bulk.py). Builds from before it was recorded were
    # embedded by torch.
    embedding: dict[str, str] = field(default_factory=lambda: dict(_TORCH_EMBEDDING))

    def known_files(self) -> dict[str, str]:
        """{path: sha256} of every file the build saw, indexed or skipped."""
        return {
            **{path: info.get("sha256", "") for path, info in self.skipped.items()},
            **self.corpus_files,
        }

    # -- compatibility: the one rule -----------------------------------------------------
    def mismatch(
        self, model: str, encoding: str, chunking: dict[str, int], vectors: str | None = None
    ) -> str | None:
        """Why this build does not fit the configured ``model``, token ``encoding`` (as
        requested), ``chunking`` and, when given, the kind of ``vectors`` the configured
        embed backend makes ("float32" or "int8"); ``None`` when it fits. Every message
        says the fix."""
        if self.model.name != model:
            return (
                f"the index was built with model {self.model.name!r} but {model!r} is "
                f"configured; run `qa build` (or set QA_MODEL={self.model.name})"
            )
        if self.chunking != chunking:
            return (
                f"the index was built with chunking {self.chunking}, configured {chunking}; "
                "run `qa build`"
            )
        if self.encoding.requested != encoding:
            return (
                f"the index was built with token encoding {self.encoding.requested!r}, "
                f"configured {encoding!r}; run `qa build`"
            )
        built = self.embedding.get("vectors", "float32")
        if vectors is not None and built != vectors:
            return (
                f"the index holds {built} vectors (embed backend "
                f"{self.embedding.get('backend')!r}) but the configured embed backend makes "
                f"{vectors} vectors; run `qa build` (or set QA_EMBED_BACKEND)"
            )
        return None

    # -- writer and reader -----------------------------------------------------------------
    def to_dict(self) -> dict:
        record = asdict(self)
        record["corpus"] = {
            "dir": record.pop("corpus_dir"),
            "files": record.pop("corpus_files"),
            "skipped": record.pop("skipped"),
        }
        return record

    def sealed(self) -> dict:
        """The record with its own checksum (what :meth:`from_dict` verifies)."""
        record = self.to_dict()
        record["checksum"] = _digest(record)
        return record

    def write(self, folder: Path) -> None:
        """Write the manifest with the checksums of the folder's files and its own."""
        record = replace(self, files=file_checksums(folder)).sealed()
        (folder / FILENAME).write_text(json.dumps(record, indent=1), encoding="utf-8")

    def verify_files(self, folder: Path) -> None:
        """Refuse a build whose files are not the ones it wrote (size, then sha256)."""
        for name, expected in self.files.items():
            path = folder / name
            try:
                size = path.stat().st_size
            except OSError:
                raise IndexCorrupt(f"index file {name} is missing; run `qa build`") from None
            if size != expected.get("bytes") or _sha256(path) != expected.get("sha256"):
                raise IndexCorrupt(
                    f"index file {name} changed since the build (checksum); run `qa build`"
                )

    @classmethod
    def from_dict(cls, record: dict, where: str = "manifest") -> Manifest:
        if "checksum" in record:
            body = {k: v for k, v in record.items() if k != "checksum"}
            if _digest(body) != record["checksum"]:
                raise IndexCorrupt(
                    f"index manifest in {where} was edited (checksum); run `qa build`"
                )
        if record.get("format_version") != FORMAT_VERSION:
            raise IndexCorrupt(
                f"index in {where} has format {record.get('format_version')}, this version "
                f"reads {FORMAT_VERSION}; run `qa build`"
            )
        try:
            return cls(
                build_id=str(record["build_id"]),
                created=str(record["created"]),
                model=ModelInfo(**record["model"]),
                encoding=EncodingInfo(**record["encoding"]),
                chunking=dict(record["chunking"]),
                faiss=dict(record["faiss"]),
                corpus_dir=str(record["corpus"]["dir"]),
                corpus_files=dict(record["corpus"]["files"]),
                counts=Counts(**record["counts"]),
                versions=dict(record.get("versions", {})),
                skipped=dict(record["corpus"].get("skipped", {})),
                files=dict(record.get("files", {})),
                embedding=dict(record.get("embedding", _TORCH_EMBEDDING)),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise IndexCorrupt(
                f"index manifest in {where} is malformed ({exc!r}); run `qa build`"
            ) from exc

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        try:
            record = json.loads((folder / FILENAME).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexCorrupt(
                f"index manifest in {folder} is unreadable ({exc}); run `qa build`"
            ) from exc
        if not isinstance(record, dict):
            raise IndexCorrupt(f"index manifest in {folder} is not an object; run `qa build`")
        return cls.from_dict(record, str(folder))


def file_checksums(folder: Path) -> dict[str, dict]:
    """{relative path: {"bytes", "sha256"}} of every file in a build folder but the manifest."""
    return {
        str(path.relative_to(folder)): {"bytes": path.stat().st_size, "sha256": _sha256(path)}
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != FILENAME
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _digest(record: dict) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode("utf-8")).hexdigest()
