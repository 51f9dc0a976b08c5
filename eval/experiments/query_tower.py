"""Experiment (round 13): a fine-tuned query encoder against the linear query adapter.

    .venv/bin/python eval/experiments/query_tower.py [--folds 5] [--epochs 8] [--lr 2e-3]
        [--train bitfit|lora] [--save FILE]

The adapter's examples (`qa.evaluation.adapter_examples`) of the dev splits that
`eval/fit_adapter.sh` fits on, each with the text the service encodes. Grouped
cross-validation by report, as `qa fit-adapter --folds`: on each fold, (a) the linear
adapter fitted on the other folds, (b) a copy of the sentence model whose bias and
LayerNorm weights only (BitFit, Ben Zaken et al. 2022) are tuned on the other folds'
questions with the adapter's listwise loss, documents left as built. Prints the held-out
figures of each (`retrieval_figures`)."""

import argparse
import copy
import random
from pathlib import Path

import numpy as np
import torch
from _paths import ROOT

import qa.evaluation.adapter_examples as AE
from qa.evaluation.gold import load_gold
from qa.pipeline import QAService
from qa.retrieval.adapter import TEMPERATURE, fit_adapter, grouped_folds, retrieval_figures
from qa.retrieval.retriever import RetrievalConfig
from qa.settings import Settings

FRESH = ["fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8"]
FRESH += ["fresh9", "fresh10"]
SETS = [
    ("corpus", "index", ["lancashire-dev"]),
    ("data/real-corpus", "data/real-index", ["real-dev"]),
]
SETS += [("data/all-corpus", "data/all-index", [f"{s}-dev" for s in FRESH])]


def examples_with_texts(sets=SETS):
    """[(example, text)] and one loaded service (its model)."""
    texts: list[str] = []
    last: list[str] = [""]
    original_search = QAService.search

    def search(self, question, *args, **kwargs):
        result = original_search(self, question, *args, **kwargs)
        last[0] = result.expanded
        return result

    original_example = AE.AdapterExample

    def example(**fields):
        texts.append(last[0])
        return original_example(**fields)

    QAService.search = search
    AE.AdapterExample = example
    out, service = [], None
    try:
        for corpus, index, golds in sets:
            settings = Settings(corpus_dir=Path(ROOT, corpus), index_dir=Path(ROOT, index))
            service = QAService.load(settings, retrieval=RetrievalConfig())
            for gold in golds:
                items = load_gold([Path(ROOT, "eval/gold", f"{gold}.jsonl")])
                out += AE.adapter_examples(service, items)
    finally:
        QAService.search = original_search
        AE.AdapterExample = original_example
    return list(zip(out, texts, strict=True)), service


def encode(model, texts, batch=64, grad=False):
    vectors = []
    for i in range(0, len(texts), batch):
        features = model.tokenize(texts[i : i + batch])
        with torch.set_grad_enabled(grad):
            vectors.append(model(features)["sentence_embedding"])
    return torch.nn.functional.normalize(torch.cat(vectors), dim=1)


def listwise(query, example):
    loss = 0.0
    on_chunks = np.isin(example.chunk_units, list(example.gold_units))
    for vectors, gold in ((example.chunks, on_chunks), (example.sentences, example.gold_sentences)):
        if not gold.any():
            continue
        logits = TEMPERATURE * (torch.from_numpy(vectors) @ query)
        wanted = torch.from_numpy(gold.astype(np.float32) / gold.sum())
        loss = loss + torch.logsumexp(logits, 0) - (wanted * logits).sum()
    return loss


def tune(base, pairs, epochs, lr, train="bitfit", seed=0):
    model = copy.deepcopy(base)
    model.train()
    chosen = []
    for name, p in model.named_parameters():
        tuned = name.endswith("bias") or "LayerNorm" in name
        p.requires_grad = tuned
        if tuned:
            chosen.append(p)
    optimiser = torch.optim.AdamW(chosen, lr=lr, weight_decay=0.0)
    rng = random.Random(seed)
    order = list(range(len(pairs)))
    for _ in range(epochs):
        rng.shuffle(order)
        for i in range(0, len(order), 32):
            batch = [pairs[j] for j in order[i : i + 32]]
            queries = encode(model, [t for _, t in batch], grad=True)
            loss = sum(listwise(q, e) for q, (e, _) in zip(queries, batch, strict=True))
            optimiser.zero_grad()
            (loss / len(batch)).backward()
            optimiser.step()
    model.eval()
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--save", type=Path)
    args = parser.parse_args()
    torch.manual_seed(0)
    pairs, service = examples_with_texts()
    base = service.retriever.embedder.model
    print(f"{len(pairs)} examples")
    if args.save:
        model = tune(base, pairs, args.epochs, args.lr)
        torch.save({n: p for n, p in model.state_dict().items()}, args.save)
        return
    fold_of = grouped_folds([e for e, _ in pairs], args.folds)
    rows = {"none": [], "adapter": [], "tower": []}
    for fold in range(args.folds):
        train = [p for p, f in zip(pairs, fold_of, strict=True) if f != fold]
        held = [p for p, f in zip(pairs, fold_of, strict=True) if f == fold]
        held_examples = [e for e, _ in held]
        rows["none"].append(retrieval_figures(held_examples, None))
        matrix = fit_adapter([e for e, _ in train])
        rows["adapter"].append(retrieval_figures(held_examples, matrix))
        model = tune(base, train, args.epochs, args.lr)
        vectors = encode(model, [t for _, t in held]).numpy()
        tuned = [
            AE.AdapterExample(**{**e.__dict__, "query": v})
            for (e, _), v in zip(held, vectors, strict=True)
        ]
        rows["tower"].append(retrieval_figures(tuned, None))
        print(fold, {k: round(v[-1]["paragraph_mrr"], 3) for k, v in rows.items()}, flush=True)
    for name, figures in rows.items():
        n = sum(f["questions"] for f in figures)
        keys = [k for k in figures[0] if k != "questions"]
        mean = {k: sum(f[k] * f["questions"] for f in figures) / n for k in keys}
        print(name, {k: round(v, 3) for k, v in mean.items()})


if __name__ == "__main__":
    main()
