"""The ``qa`` command line: one sub-command per user task, errors as one clear line."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import click

from qa.errors import QAError
from qa.ingest.corpus import Corpus, load_corpus
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


# Shared by every command that reads or writes the index.
_index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Index folder [default: $QA_INDEX_DIR or ./index].",
)


@click.group(cls=_Group)
@click.version_option(package_name="report-qa", prog_name="qa")
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of reports [default: $QA_CORPUS_DIR or ./corpus].",
)
@click.option(
    "--query-backend",
    type=click.Choice(["torch", "onnx", "onnx-int8"]),
    default=None,
    help="How questions are encoded: sentence-transformers, or the same model through "
    "ONNX Runtime (float32 or int8) [default: $QA_QUERY_BACKEND or torch].",
)
@click.pass_context
def main(ctx: click.Context, corpus_dir: Path | None, query_backend: str | None) -> None:
    """Answer questions about numbered inspection reports, citing paragraphs."""
    settings = Settings()
    if corpus_dir is not None:
        settings = settings.model_copy(update={"corpus_dir": corpus_dir})
    if query_backend is not None:
        settings = settings.model_copy(update={"query_backend": query_backend})
    ctx.obj = settings


def _load(settings: Settings, only: str | None = None) -> Corpus:
    """The corpus (``only``: just that document's file, where its name gives the id)."""
    corpus = load_corpus(
        settings.corpus_dir,
        progress=sys.stderr.isatty(),
        max_bytes=settings.max_file_bytes,
        only=only,
    )
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
    corpus = _load(settings, only=doc_id)
    docs = [corpus.get(doc_id)] if doc_id else corpus.documents
    for doc in docs:
        units = doc.units if all_units else doc.paragraphs
        if not as_json:
            click.echo(
                f"# {doc.id}: {doc.title or '(untitled)'} ({doc.paragraph_count} paragraphs)"
            )
        # Added to every JSON row: the report's front-page metadata, so a row stands alone.
        report = {
            "council": doc.council,
            "year": doc.year,
            "inspection_type": doc.inspection_type,
            "inspection_dates": doc.inspection_dates,
        }
        for unit in units:
            if as_json:
                click.echo(json.dumps({**unit.to_record(), **report}, ensure_ascii=False))
            else:
                click.echo(_describe(unit))


def _describe(unit: Unit) -> str:
    label = unit.label
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


@main.command()
@_index_option
@click.option(
    "--faiss",
    "faiss_index",
    type=click.Choice(["flat", "hnsw"]),
    default=None,
    help="FAISS index type: exact (flat) or approximate (hnsw) for large corpora.",
)
@click.option(
    "--embed-backend",
    type=click.Choice(["onnx", "torch", "onnx-int8"]),
    default=None,
    help="How chunks and sentences are embedded: ONNX Runtime (same vectors as torch, "
    "faster), sentence-transformers, or int8 weights (vectors differ) "
    "[default: $QA_EMBED_BACKEND or onnx].",
)
@click.option("--quiet", is_flag=True, help="No progress output.")
@click.option("--wait", is_flag=True, help="Queue behind a build already running on this index.")
@click.option(
    "--nice",
    "build_nice",
    type=click.IntRange(0, 19),
    default=None,
    help="Lower this build's CPU priority by N so a server beside it stays fast "
    "[default: $QA_BUILD_NICE or 10; 0 keeps the normal priority].",
)
@click.pass_obj
def build(
    settings: Settings,
    index_dir: Path | None,
    faiss_index: str | None,
    embed_backend: str | None,
    quiet: bool,
    wait: bool,
    build_nice: int | None,
):
    """Index the corpus: chunks, embeddings, FAISS, BM25, tables and manifest."""
    from qa.index.backends import open_store
    from qa.index.build import build_index
    from qa.index.embedder import Embedder
    from qa.runtime import lower_priority, set_threads
    from qa.text.tokens import load_encoding

    settings = _with(
        settings,
        index_dir=index_dir,
        faiss_index=faiss_index,
        build_nice=build_nice,
        embed_backend=embed_backend,
    )
    lower_priority(settings.build_nice)
    set_threads(settings.threads)
    # Opened first: an unreachable Milvus is a clear error before minutes of reading.
    index_store = open_store(settings)
    if not wait:
        # Fail at once, before minutes of reading and embedding, when a build is running.
        with index_store.build_lock():
            pass
    corpus = _load(settings)
    encoding = load_encoding(settings.encoding, settings.encoding_file)
    if encoding.used != encoding.requested:
        click.echo(
            f"note: token encoding {encoding.requested!r} is not available offline; "
            f"using {encoding.used!r} (see README)",
            err=True,
        )
    embedder = Embedder(settings.model, settings.device).warm_up()
    report = build_index(
        settings, corpus, embedder, encoding, progress=not quiet, wait=wait, index_store=index_store
    )
    click.echo(
        f"indexed {report.documents} document(s): {report.units} units, {report.chunks} chunks, "
        f"{report.sentences} sentences; embedded {report.embedded} ({report.embed_backend}), "
        f"reused {report.reused}; {report.seconds:.1f} s -> {report.where}"
    )
    if report.note and quiet:  # shown with the progress otherwise
        click.echo(f"note: {report.note}", err=True)
    if corpus.errors:
        # Recorded in the manifest: loading knows these files and does not ask for a
        # rebuild until one of them changes.
        click.echo(f"skipped {len(corpus.errors)} file(s), reasons above", err=True)


@main.command()
@click.argument("question", required=False)
@click.option("--k", type=click.IntRange(1, 100), default=None, help="Passages to return.")
@click.option("--doc", "doc_id", default=None, help="Only this document id.")
@click.option(
    "--council", default=None, help="Only this council's reports (any name or short form)."
)
@click.option(
    "--year", type=click.IntRange(1900, 2100), default=None, help="Only reports of this year."
)
@click.option(
    "--year-from", type=click.IntRange(1900, 2100), default=None, help="Reports from this year."
)
@click.option(
    "--year-to", type=click.IntRange(1900, 2100), default=None, help="Reports up to this year."
)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON answer object.")
@click.option(
    "--server",
    envvar="QA_SERVER",
    default=None,
    help="Ask a running `qa serve` at this URL instead of loading the model here "
    "[default: $QA_SERVER].",
)
@click.option(
    "--key",
    envvar="QA_SERVER_KEY",
    default=None,
    help="API key for --server (a read key) [default: $QA_SERVER_KEY].",
)
@_index_option
@click.pass_obj
def ask(
    settings: Settings,
    question: str | None,
    k: int | None,
    doc_id: str | None,
    council: str | None,
    year: int | None,
    year_from: int | None,
    year_to: int | None,
    as_json: bool,
    server: str | None,
    key: str | None,
    index_dir: Path | None,
):
    """Answer QUESTION from the reports, citing paragraphs.

    Without QUESTION, reads one question per line from standard input and writes one
    result per line (the model is loaded once). With --server, a running `qa serve`
    answers instead: the same output, no model loaded here.
    """
    from qa.pipeline import BadQuestion, Scope

    scope = Scope(doc_id, council, year, year_from, year_to)
    answer_one = (
        _remote_asker(server, key, k, scope)
        if server
        else _local_asker(_with(settings, index_dir=index_dir), k, scope)
    )
    questions = [question] if question is not None else _stdin_questions()
    for text in questions:
        if question is None and not text.strip():
            continue
        try:
            answer = answer_one(text)
        except BadQuestion as exc:
            if question is not None:
                raise
            # Batch mode: one bad line must not stop the rest; report it in place.
            payload = {"question": text, "error": str(exc)}
            click.echo(json.dumps(payload) if as_json else f"error: {exc}")
            continue
        if as_json:
            click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
        else:
            click.echo(_render(answer))


def _local_asker(settings: Settings, k: int | None, scope):
    from qa.pipeline import QAService

    service = QAService.load(settings)
    return lambda text: service.ask(text, k=k, scope=scope)


def _remote_asker(url: str, key: str | None, k: int | None, scope):
    from qa.pipeline import BadQuestion
    from qa.remote import RemoteQA, ServerError

    remote = RemoteQA(url, key)
    filters = {
        "k": k,
        "doc": scope.doc,
        "council": scope.council,
        "year": scope.year,
        "year_from": scope.year_from,
        "year_to": scope.year_to,
    }

    def ask(text: str):
        try:
            return remote.ask(text, **filters)
        except ServerError as exc:
            if exc.status == 422:  # the question itself was refused, as BadQuestion locally
                raise BadQuestion(str(exc).split(": ", 1)[-1]) from exc
            raise

    return ask


def _gold_option(default: str, help: str):
    return click.option(
        "--gold",
        "gold_files",
        multiple=True,
        type=click.Path(path_type=Path),
        default=[Path(default)],
        show_default=True,
        help=help,
    )


# `--gold-over GOLD CORPUS INDEX`, shared by the commands that fit on gold files
# (`calibrate`, `fit-adapter`; read by _gold_services).
_GOLD_OVER = click.option(
    "--gold-over",
    "gold_over",
    multiple=True,
    nargs=3,
    type=click.Path(path_type=Path),
    metavar="GOLD CORPUS INDEX",
    help="Ask GOLD's questions over another corpus folder and its built index, so that one "
    "fit pools gold sets of different corpora; other gold files use $QA_CORPUS_DIR and "
    "--index / $QA_INDEX_DIR.",
)


@main.command()
@_gold_option(
    "eval/gold/lancashire-dev.jsonl",
    "Gold file(s) to fit on (the calibration split, never the test split).",
)
@click.option(
    "--max-false-abstention",
    type=click.FloatRange(0, 1),
    default=0.035,
    show_default=True,
    help="Most answerable questions the threshold may abstain on, as a share. Below the "
    "5% target on purpose: one question of a 58-question split is 1.7%, so a threshold "
    "fitted right at 5% has no margin on held-out questions.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write the calibration [default: qa/answering/calibration.json].",
)
@_GOLD_OVER
@click.option(
    "--sentences/--no-sentences",
    "fit_sentences",
    default=False,
    show_default=True,
    help="Also fit the sentence scorer (qa/answering/scorer.py) first. Off by default: "
    "the fitted weights did not beat the hand-set ones on the dev splits (eval/README.md).",
)
@click.option(
    "--scorer-out",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write the sentence scorer [default: qa/answering/sentence_scorer.json].",
)
@_index_option
@click.pass_obj
def calibrate(
    settings: Settings,
    gold_files,
    max_false_abstention: float,
    out: Path | None,
    gold_over: tuple[tuple[Path, Path, Path], ...],
    fit_sentences: bool,
    scorer_out: Path | None,
    index_dir: Path | None,
):
    """Fit the sentence scorer and the abstention model on gold split(s) and save them."""
    import statistics
    from dataclasses import replace

    from qa.answering.calibration import DEFAULT_PATH, FALLBACK, FEATURES, fit_calibration
    from qa.answering.counts import COUNT_BOOST, rank_gap
    from qa.answering.scorer import DEFAULT_PATH as SCORER_PATH
    from qa.evaluation.evaluate import run
    from qa.evaluation.gold import load_gold

    settings = _with(settings, index_dir=index_dir)
    # Evidence is the same whatever the threshold: collect it with abstention switched off.
    off = replace(FALLBACK, threshold=0.0)
    service, services = _gold_services(settings, gold_files, gold_over, calibration=off)
    where = {gold: (corpus, index) for gold, corpus, index in gold_over}
    # First the sentence scorer (which sentence answers), then abstention on the sentences
    # that scorer picks.
    if fit_sentences:
        scorer = _fit_sentence_scorer(services, gold_files)
        scorer.save(scorer_out or SCORER_PATH)
        click.echo(f"sentence scorer {scorer.weights} -> {scorer_out or SCORER_PATH}")
        for svc, _ in services:
            svc.answerer.sentences.scorer = scorer
    answered = []
    for svc, gold in services:
        answered += run(svc, load_gold([gold]))
    # The model decides what the answer-type rule leaves open, for sentence answers only:
    # structured answers (grades, front pages, lists) are not judged by its threshold.
    results = [
        r
        for r in answered
        if r.answer.evidence
        and not r.answer.evidence.get("no_typed_answer")
        and "structure_match" not in r.answer.evidence
    ]
    note = (
        f"fitted by `qa calibrate` on {', '.join(map(str, gold_files))} "
        f"({len(results)} questions with sentence evidence)"
    )
    fitted = fit_calibration(
        [r.answer.evidence for r in results],
        [r.item.answerable for r in results],
        max_false_abstention,
        note,
    )
    fitted.save(out or DEFAULT_PATH)
    rounded = {name: round(w, 3) for name, w in zip(FEATURES, fitted.weights, strict=True)}
    click.echo(f"weights {rounded}")
    click.echo(f"bias {fitted.bias:.3f} threshold {fitted.threshold:.4f} -> {out or DEFAULT_PATH}")
    # The count re-ranking's boost is set from the same split (qa/answering/counts.py).
    gaps = []
    for item in load_gold([g for g in gold_files if g not in where] or list(gold_files)):
        question = service.classify(item.question)
        gap = rank_gap(service.retriever.search(question.text, k=5)) if question.counted else None
        if gap is not None:
            gaps.append(gap)
    if gaps:
        click.echo(
            f"count questions: median fused-score gap between ranks 1 and 5 "
            f"{statistics.median(gaps):.3f} over {len(gaps)} (COUNT_BOOST is {COUNT_BOOST})"
        )


@main.command(name="fit-adapter")
@_gold_option(
    "eval/gold/lancashire-dev.jsonl",
    "Gold file(s) to fit on (dev splits only, never a test split).",
)
@_GOLD_OVER
@click.option(
    "--l2",
    "l2s",
    multiple=True,
    type=click.FloatRange(min=0),
    default=None,
    help="L2 penalty on the adapter (repeat to compare values with --folds) "
    "[default: qa.retrieval.adapter.L2].",
)
@click.option(
    "--folds",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Print grouped cross-validation figures (a report's questions held out together) "
    "for each --l2 instead of writing an adapter; 0: fit on every question and write it.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write the adapter [default: qa/retrieval/query_adapter.npz].",
)
@_index_option
@click.pass_obj
def fit_adapter_command(
    settings: Settings,
    gold_files,
    gold_over: tuple[tuple[Path, Path, Path], ...],
    l2s: tuple[float, ...],
    folds: int,
    out: Path | None,
    index_dir: Path | None,
):
    """Fit the query adapter (qa/retrieval/adapter.py) on gold splits and save it."""
    from tqdm import tqdm

    from qa.evaluation.adapter_examples import adapter_examples
    from qa.evaluation.gold import load_gold
    from qa.retrieval.adapter import DEFAULT_ADAPTER, L2, QueryAdapter, fit_adapter, grouped_folds
    from qa.retrieval.adapter import retrieval_figures as figures

    settings = _with(settings, index_dir=index_dir)
    service, services = _gold_services(settings, gold_files, gold_over)
    items_of = {gold: load_gold([gold]) for gold in gold_files}
    examples = []
    with tqdm(
        total=sum(map(len, items_of.values())),
        desc="gold questions",
        disable=not sys.stderr.isatty(),
    ) as bar:
        for own, gold in services:
            examples += adapter_examples(own, items_of[gold], bar.update)
    click.echo(f"{len(examples)} questions with a gold paragraph and answer sentence")
    penalties = list(l2s) or [L2]
    if not examples:
        raise QAError("no gold question cites a paragraph whose sentences hold its answer")
    if folds:
        fold_of = grouped_folds(examples, folds)
        if len(set(fold_of)) < 2:
            raise QAError(
                "cross-validation by report needs questions about reports in two folds or "
                f"more; these {len(examples)} questions fall in one"
            )
        for l2 in penalties:
            before, after = [], []
            for fold in range(folds):
                train = [e for e, f in zip(examples, fold_of, strict=True) if f != fold]
                held = [e for e, f in zip(examples, fold_of, strict=True) if f == fold]
                if not train or not held:
                    continue
                before += held
                matrix = fit_adapter(train, l2)
                after.append((held, matrix))
            base = figures(before, None)
            # Pooled over the folds: each held-out question scored by the fit without it.
            adapted = _pooled([figures(held, matrix) for held, matrix in after])
            click.echo(f"l2 {l2}: {folds} folds by report, {base['questions']} questions")
            for name in (
                "paragraph_recall@1",
                "paragraph_recall@5",
                "paragraph_mrr",
                "sentence_recall@1",
                "sentence_recall@5",
            ):
                click.echo(f"  {name:20} {base[name]:.3f} -> {adapted[name]:.3f}")
        return
    matrix = fit_adapter(examples, penalties[0])
    note = (
        f"fitted by `qa fit-adapter` (l2 {penalties[0]}) on {len(examples)} questions of "
        f"{', '.join(map(str, gold_files))}"
    )
    adapter = QueryAdapter(matrix, service.embedder.name, note)
    adapter.save(out or DEFAULT_ADAPTER)
    click.echo(f"adapter ({adapter.dimension} x {adapter.dimension}) -> {out or DEFAULT_ADAPTER}")


def _pooled(parts: list[dict[str, float]]) -> dict[str, float]:
    """Figures of several folds as one: each weighted by its questions."""
    total = sum(p["questions"] for p in parts)
    return {
        name: sum(p[name] * p["questions"] for p in parts) / total
        for name in parts[0]
        if name != "questions"
    } | {"questions": total}


def _gold_services(settings: Settings, gold_files, gold_over, **load):
    """The service over the configured index, and (service, gold file) for each gold file:
    a file named by ``--gold-over GOLD CORPUS INDEX`` is asked over that corpus's index,
    loaded once however many files it serves, with the same model."""
    from qa.pipeline import QAService

    where = {gold: (corpus, index) for gold, corpus, index in gold_over}
    unknown = [str(g) for g in where if g not in set(gold_files)]
    if unknown:
        raise QAError(f"--gold-over names gold files not given with --gold: {', '.join(unknown)}")
    service = QAService.load(settings, **load)
    loaded = {}
    services = []
    for gold in gold_files:
        if gold in where and where[gold] not in loaded:
            corpus, index = where[gold]
            other = _with(settings, corpus_dir=corpus, index_dir=index)
            loaded[where[gold]] = QAService.load(other, embedder=service.embedder, **load)
        services.append((loaded[where[gold]] if gold in where else service, gold))
    return service, services


def _fit_sentence_scorer(services, gold_files):
    """Every candidate sentence of each answerable gold question answered by a sentence,
    labelled by whether it holds a gold answer, and the scorer fitted on them."""
    from qa.answering.scorer import fit_scorer
    from qa.evaluation.gold import load_gold
    from qa.evaluation.metrics import answer_hit

    questions = []
    for svc, gold in services:
        seen: list = []
        svc.answerer.sentences.observer = seen.append
        try:
            for item in load_gold([gold]):
                if not item.answerable:
                    continue
                seen.clear()
                svc.ask(item.question, k=10)
                for candidates in seen:
                    questions.append(
                        [(c.features, bool(answer_hit(c.text, item.answers))) for c in candidates]
                    )
        finally:
            svc.answerer.sentences.observer = None
    note = f"fitted by `qa calibrate` on {', '.join(map(str, gold_files))}"
    return fit_scorer(questions, note)


@main.command(name="eval")
@_gold_option("eval/gold/lancashire-test.jsonl", "Gold file(s) to score.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write report.md, eval.json and PNG plots to this folder.",
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="A saved eval JSON: list questions that got worse; exit 1 if a gated metric fell.",
)
@click.option(
    "--margin",
    type=click.FloatRange(0, 1),
    default=None,
    help="How far recall@5, answer hit or abstention F1 may fall below the baseline "
    "[default: 0.02].",
)
@click.option(
    "--ablations/--no-ablations",
    default=True,
    show_default=True,
    help="Also run lexical only, dense only and hybrid without acronyms, side by side.",
)
@click.option("--mode", type=click.Choice(["hybrid", "dense", "lexical"]), default="hybrid")
@click.option("--fusion", type=click.Choice(["convex", "rrf"]), default="convex")
@click.option(
    "--dense-weight",
    type=click.FloatRange(0, 1),
    default=None,
    help="Convex fusion's dense weight [default: the served one, RetrievalConfig's].",
)
@click.option("--no-acronyms", is_flag=True, help="Switch off acronym expansion.")
@click.option(
    "--second-sentence",
    type=click.FloatRange(0, min_open=True),
    default=None,
    help="Quote the runner-up sentence too when it scores at least this share of the best's "
    "[default: the served one, SECOND_SENTENCE; above 1: never].",
)
@click.option(
    "--only-docs",
    default=None,
    help="Comma-separated report ids, or @FILE with one per line: score only the questions "
    "about these reports (and the unanswerable ones that name no report), e.g. a sample "
    "of the real gold over an index of those reports.",
)
@click.option(
    "--informal",
    is_flag=True,
    help="Also score the informal variant of every question (lower case, no '?', "
    "text-speak, one spelling slip: qa/evaluation/informal.py) as an 'informal' column.",
)
@_index_option
@click.pass_obj
def evaluate_cmd(
    settings: Settings,
    gold_files,
    as_json: bool,
    out: Path | None,
    baseline: Path | None,
    margin: float | None,
    ablations: bool,
    mode: str,
    fusion: str,
    dense_weight: float | None,
    no_acronyms: bool,
    second_sentence: float | None,
    only_docs: str | None,
    informal: bool,
    index_dir: Path | None,
):
    """Score gold questions through the same path as `qa ask` (k = 10).

    Exit status 1 when --baseline is given and recall@5, answer hit or abstention F1 fell
    more than --margin below it.
    """

    from qa.evaluation.evaluate import DEFAULT_MARGIN, compare, evaluate
    from qa.evaluation.gold import load_gold, only_about
    from qa.evaluation.report import comparison_text, kind_table, text_table, write_report
    from qa.pipeline import QAService
    from qa.retrieval.retriever import RetrievalConfig

    settings = _with(settings, index_dir=index_dir)
    items = load_gold(list(gold_files))
    if only_docs:
        items = only_about(items, _id_list(only_docs))
    baseline_report = None
    if baseline is not None:
        try:
            baseline_report = json.loads(baseline.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise QAError(f"{baseline}: not a saved `qa eval --json` report ({exc})") from exc
    # Unset, the weight is the one `qa ask` and the server use, so that `qa eval` always
    # measures what is served (a default of its own here once measured 0.5 while 0.6 served).
    served = RetrievalConfig()
    main_config = RetrievalConfig(
        mode=mode,
        fusion=fusion,
        dense_weight=served.dense_weight if dense_weight is None else dense_weight,
        expand_acronyms=not no_acronyms,
    )
    # One model and one index loaded once, shared by every configuration: only the
    # retriever differs between them.
    base = QAService.load(settings, retrieval=main_config)
    if second_sentence is not None:
        base.answerer.sentences.second_sentence = second_sentence

    def service_for(config: RetrievalConfig) -> QAService:
        # The main configuration is the loaded service itself, what `qa ask` serves (a
        # retriever rebuilt here once lacked the council names, so "NE lincs" was read
        # as "NE links" in `qa eval` only).
        return base if config == main_config else base.with_retrieval(config)

    evaluation = evaluate(
        service_for,
        items,
        main_config,
        with_ablations=ablations,
        gold=[str(g) for g in gold_files],
        progress=not as_json,
    )
    report = evaluation.to_json()
    if informal:
        from qa.evaluation.evaluate import informal_summary

        report["informal"] = informal_summary(service_for(main_config), items)
    comparison = None
    if baseline_report is not None:
        comparison = compare(
            report, baseline_report, margin if margin is not None else DEFAULT_MARGIN
        )
    if out is not None:
        written = write_report(report, out, comparison)
        click.echo(f"wrote {', '.join(str(p) for p in written)}", err=True)
    if as_json:
        click.echo(json.dumps(report))
    else:
        from qa.evaluation.report import table

        click.echo(text_table(table(report)))
        click.echo("\nby kind (" + report["config"] + "):")
        click.echo(text_table(kind_table(report)))
        if report.get("informal"):
            click.echo("\nby kind, informal variant:")
            click.echo(text_table(kind_table(report["informal"])))
        if report.get("by_framework"):
            click.echo("\nby inspection framework (publication year):")
            click.echo(text_table(kind_table(report, "by_framework")))
    if comparison is not None:
        click.echo(comparison_text(comparison), err=as_json)
        if comparison.failed:
            click.echo(f"error: gate failed on {', '.join(comparison.failed)}", err=True)
            raise SystemExit(1)


@main.command()
@click.option("--quick", is_flag=True, help="Fewer repeats, scaling up to 100 copies.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write bench.json, bench.md and scaling.png to this folder.",
)
@click.option(
    "--stores",
    default=None,
    help="Compare index stores instead (comma-separated: embedded,milvus): build time, "
    "query p50/p99 and gold parity on the corpus; Milvus at QA_MILVUS_URI, else Milvus Lite "
    "in a temporary file.",
)
@_gold_option(
    "eval/gold/lancashire-test.jsonl",
    "Gold file(s) whose questions are the workload (and the baseline's quality check).",
)
@click.option(
    "--soak",
    is_flag=True,
    help="Instead: a soak against a live server with a rebuild half-way (errors, latency, "
    "memory drift) and answers while a build runs beside it, against idle.",
)
@click.option(
    "--real-corpus",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Instead (slow): build this folder of reports and the configured corpus, each "
    "cold; build time, index size, peak memory and answer p50/p99 of both (the real one "
    "asked --real-gold), and bulk embedding on its texts.",
)
@click.option(
    "--real-gold",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    default=["eval/gold/real-dev.jsonl"],
    show_default=True,
    help="Gold file(s) whose questions the --real-corpus index is asked.",
)
@click.option(
    "--seconds", type=click.FloatRange(10), default=300.0, show_default=True, help="Soak length."
)
@click.option(
    "--clients", type=click.IntRange(1, 256), default=8, show_default=True, help="Soak clients."
)
@click.pass_obj
def bench(
    settings: Settings,
    quick: bool,
    as_json: bool,
    out: Path | None,
    stores: str | None,
    gold_files,
    soak: bool,
    real_corpus: Path | None,
    real_gold,
    seconds: float,
    clients: int,
):
    """Measure latency, throughput, build cost and scaling, with a naive baseline."""
    from qa.evaluation.bench import markdown, plot_scaling, run_bench

    def progress(message: str) -> None:
        click.echo(message, err=True)

    if soak:
        from qa.evaluation.loadtest import run_soak, soak_markdown

        soaked = run_soak(settings, list(gold_files), seconds, clients, progress)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / "soak.json").write_text(json.dumps(soaked, indent=1) + "\n")
            (out / "soak.md").write_text(soak_markdown(soaked))
        click.echo(json.dumps(soaked) if as_json else soak_markdown(soaked))
        if not all(t["met"] for t in soaked["targets"].values()):
            raise SystemExit(1)
        return
    if stores is not None:
        _bench_stores(settings, stores, quick, as_json, out, list(gold_files), progress)
        return
    if real_corpus is not None:
        from qa.evaluation.bench import real_markdown, run_real_corpus

        real = run_real_corpus(
            settings, real_corpus, list(gold_files), list(real_gold), quick, progress
        )
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / "real-corpus.json").write_text(json.dumps(real, indent=1) + "\n")
            (out / "real-corpus.md").write_text(real_markdown(real))
        click.echo(json.dumps(real) if as_json else real_markdown(real))
        return

    report = run_bench(settings, list(gold_files), quick, progress)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "bench.json").write_text(json.dumps(report, indent=1) + "\n")
        (out / "bench.md").write_text(markdown(report))
        plot_scaling(report, out / "scaling.png")
        click.echo(f"wrote {out}/bench.json, bench.md, scaling.png", err=True)
    click.echo(json.dumps(report) if as_json else markdown(report))


def _bench_stores(settings, stores, quick, as_json, out, gold_files, progress) -> None:
    from qa.evaluation.stores import STORES, compare_stores
    from qa.evaluation.stores import markdown as stores_markdown

    names = tuple(s.strip() for s in stores.split(",") if s.strip())
    unknown = [s for s in names if s not in STORES]
    if unknown or not names:
        raise QAError(f"--stores takes {', '.join(STORES)}; got {stores!r}")
    report = compare_stores(settings, gold_files, names, 1 if quick else 3, progress)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "stores.json").write_text(json.dumps(report, indent=1) + "\n")
        (out / "stores.md").write_text(stores_markdown(report))
        click.echo(f"wrote {out}/stores.json, stores.md", err=True)
    click.echo(json.dumps(report) if as_json else stores_markdown(report))


@main.command()
@click.option("--host", default=None, help="Address to listen on [default: $QA_HOST or 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Port [default: $QA_PORT or 8000].")
@_index_option
@click.option("--log-level", default="info", show_default=True)
@click.pass_obj
def serve(settings: Settings, host, port, index_dir, log_level: str):
    """Serve the chat page (/) and the JSON API (/v1) on uvicorn."""
    import logging

    import uvicorn

    from qa.runtime import set_threads

    create_app = _app_factory()
    settings = _with(settings, host=host, port=port, index_dir=index_dir)
    threads = set_threads(settings.threads)
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s: %(message)s")
    click.echo(
        f"chat page and API on http://{settings.host}:{settings.port}/ ({threads} threads)",
        err=True,
    )
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=log_level,
        # The app reads request bodies itself with a size limit; no proxy headers trusted.
        proxy_headers=False,
    )


def _app_factory():
    """The web front end's app factory, found through the ``report_qa.app`` entry point
    that the ``server`` package registers (pyproject.toml): the library never imports
    its front end, and another front end can register instead."""
    return _front_end().load()


def _front_end():
    from importlib.metadata import entry_points

    found = list(entry_points(group="report_qa.app"))
    if not found:
        raise QAError(
            "no web front end is installed (entry point group report_qa.app); "
            "run `make setup` (pip install -e '.[server]')"
        )
    return found[0]


@main.command()
@_index_option
@click.pass_obj
def mcp(settings: Settings, index_dir: Path | None):
    """Serve the MCP tools (search, ask, context, get_paragraph) on stdin/stdout.

    For an MCP client that starts its server itself; the model and index load once. The
    same tools are served over HTTP at /mcp by `qa serve`.
    """
    import importlib

    # The front end that registered the app factory provides its MCP server beside it
    # (``<package>.mcp``), found the same way, so the library still never imports it.
    package = _front_end().module.split(".")[0]
    try:
        module = importlib.import_module(f"{package}.mcp")
    except ImportError as exc:
        raise QAError(f"the web front end has no MCP server ({exc}); run `make setup`") from exc
    module.run_stdio(_with(settings, index_dir=index_dir))


@main.group()
def tokens() -> None:
    """tiktoken's real encodings (cl100k_base, o200k_base) for machines that cannot
    download them."""


@tokens.command("import")
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option(
    "--dest",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write <name>.tiktoken [default: $QA_TIKTOKEN_DIR or <venv>/share/tiktoken].",
)
def tokens_import(source: Path, dest: Path | None) -> None:
    """Install the rank files from SOURCE, the npm package js-tiktoken (`npm pack
    js-tiktoken@1.0.21`; the .tgz or its unpacked folder), each checked against the
    sha256 tiktoken expects. `make tiktoken` does both steps."""
    from qa.text.ranks import install

    for name, path in install(source, dest).items():
        click.echo(f"{name}: sha256 checked -> {path}")


@tokens.command("show")
@click.pass_obj
def tokens_show(settings: Settings) -> None:
    """Which encoding each name loads here, and from where."""
    from qa.text.ranks import EXPECTED_SHA256
    from qa.text.tokens import load_encoding

    for name in sorted({settings.encoding, *EXPECTED_SHA256}):
        loaded = load_encoding(name, settings.encoding_file if name == settings.encoding else None)
        click.echo(f"{name}: {loaded.used} ({loaded.source})")


@main.group()
def feedback() -> None:
    """Staff feedback stored by the chat page."""


@feedback.command("export")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the candidate gold lines here [default: stdout].",
)
@click.pass_obj
def feedback_export(settings: Settings, out: Path | None):
    """Feedback as candidate gold lines (review them before adding to eval/gold/)."""
    from qa.feedback import FeedbackStore, candidate_gold

    path = settings.data_dir / "feedback.sqlite3"
    if not path.exists():
        raise QAError(f"no feedback yet ({path} does not exist)")
    store = FeedbackStore(path)
    lines = [json.dumps(line, ensure_ascii=False) for line in candidate_gold(store.all())]
    store.close()
    text = "".join(line + "\n" for line in lines)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"{len(lines)} candidate gold line(s) -> {out}", err=True)


def _stdin_questions():
    """One question per line; with a person at the keyboard, a prompt for each."""
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo("Ask a question about the reports (Ctrl-D to quit).", err=True)
    while True:
        if interactive:
            click.echo("> ", nl=False, err=True)
        line = sys.stdin.readline()
        if not line:
            return
        yield line.rstrip("\n")


def _id_list(value: str) -> set[str]:
    """``a,b,c`` or ``@FILE`` (one id per line, # comments) as a set of ids."""
    if value.startswith("@"):
        try:
            text = Path(value[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise QAError(f"cannot read {value[1:]}: {exc.strerror or exc}") from exc
        lines = (line.split("#", 1)[0] for line in text.splitlines())
        return {line.strip() for line in lines if line.strip()}
    return {part.strip() for part in value.split(",") if part.strip()}


def _with(settings: Settings, **changes) -> Settings:
    return settings.model_copy(update={k: v for k, v in changes.items() if v is not None})


def _render(answer) -> str:
    lines = []
    text = answer.answer
    if answer.answer_span and answer.answer_span in text:
        text = text.replace(
            answer.answer_span, click.style(answer.answer_span, bold=True, underline=True), 1
        )
    lines.append(textwrap.fill(text, 96) if "\n" not in text else text)
    if answer.abstained:
        if answer.passages:
            lines.append("Closest paragraphs:")
            for p in answer.passages[:3]:
                lines.append(f"  {p.label}, {p.section or p.doc}")
    else:
        lines.append(f"(confidence {answer.confidence:.2f})")
        for c in answer.citations:
            bits = [c.label, c.section.split(" > ")[-1] if c.section else c.doc]
            if c.page:
                bits.append(f"p. {c.page}")
            if c.section:
                bits.append(c.doc)  # which report: a corpus holds many
            lines.append("  " + ", ".join(bits))
            lines.append(textwrap.indent(textwrap.fill(f"“{c.quote}”", 92), "    "))
    if answer.route and answer.route.get("docs"):
        lines.append(f"(from {', '.join(answer.route['docs'])}: {answer.route['reason']})")
    lines.append(f"[{answer.took_ms:.0f} ms]")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    main()
