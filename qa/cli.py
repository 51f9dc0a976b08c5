"""The ``qa`` command line: one sub-command per user task, errors as one clear line."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import click

from qa.corpus import Corpus, load_corpus
from qa.errors import QAError
from qa.models import Unit
from qa.settings import Settings


class _Group(click.Group):
    """Turns domain errors into one line on stderr and exit status 2 (no stack trace)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except QAError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)
        except BrokenPipeError:  # `qa paragraphs | head`
            sys.stderr.close()
            ctx.exit(0)


@click.group(cls=_Group)
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of reports [default: $QA_CORPUS_DIR or ./corpus].",
)
@click.pass_context
def main(ctx: click.Context, corpus_dir: Path | None) -> None:
    """Answer questions about numbered inspection reports, citing paragraphs."""
    settings = Settings()
    if corpus_dir is not None:
        settings = settings.model_copy(update={"corpus_dir": corpus_dir})
    ctx.obj = settings


def _load(settings: Settings) -> Corpus:
    corpus = load_corpus(settings.corpus_dir)
    for warning in corpus.warnings:
        click.echo(f"warning: {warning}", err=True)
    for error in corpus.errors:
        click.echo(f"error: {error} (skipped)", err=True)
    if not corpus.documents:
        raise QAError(f"no readable reports in {settings.corpus_dir}")
    return corpus


@main.command()
@click.option("--doc", "doc_id", default=None, help="Only this document id.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one unit per line.")
@click.option("--all-units", is_flag=True, help="Also list front matter and findings units.")
@click.pass_obj
def paragraphs(settings: Settings, doc_id: str | None, as_json: bool, all_units: bool) -> None:
    """List every paragraph with its number, part, section, grade and page."""
    corpus = _load(settings)
    docs = [corpus.get(doc_id)] if doc_id else corpus.documents
    for doc in docs:
        units = doc.units if all_units else doc.paragraphs
        if not as_json:
            click.echo(
                f"# {doc.id}: {doc.title or '(untitled)'} ({len(doc.paragraphs)} paragraphs)"
            )
        for unit in units:
            if as_json:
                click.echo(json.dumps(unit.to_record(), ensure_ascii=False))
            else:
                click.echo(_describe(unit))


def _describe(unit: Unit) -> str:
    label = f"¶{unit.paragraph}" if unit.paragraph is not None else unit.unit
    if unit.numbering == "generated":
        label = f"block {unit.paragraph}"
    meta = " · ".join(
        x
        for x in (
            unit.part,
            unit.section,
            unit.grade.label if unit.grade else None,
            f"p. {unit.page}" if unit.page else None,
        )
        if x
    )
    body = textwrap.indent(textwrap.fill(unit.text.replace("\n", " / "), 96), "    ")
    return f"{label}  {meta}\n{body}\n"


if __name__ == "__main__":  # pragma: no cover
    main()
