#!/usr/bin/env bash
# Fit the query adapter (qa/retrieval/adapter.py) on the dev splits, or with --folds N
# print its grouped cross-validation figures (reports held out together) instead.
#   eval/fit_adapter.sh                          # writes qa/retrieval/query_adapter.npz
#   eval/fit_adapter.sh --folds 5 --l2 0.01 --l2 0.1
# Dev splits only: the seed's over index/, real dev over data/real-index, the fresh dev
# splits over data/all-index (built by `make eval-real` and `make eval-fresh`). fresh11
# is left out on purpose: it is the adapter's own out-of-sample dev check (eval/README.md),
# as are fresh12 (round 13), fresh13 and fresh14 (round 14), fresh15 (round 15), fresh16
# (round 16). EXTRA_SETS="fresh11" adds dev sets to the fit (an experiment: eval/README.md says what it scored).
set -euo pipefail
cd "$(dirname "$0")/.."
args=(--gold eval/gold/lancashire-dev.jsonl
      --gold eval/gold/real-dev.jsonl --gold-over eval/gold/real-dev.jsonl data/real-corpus data/real-index)
for set in fresh fresh2 fresh3 fresh4 fresh5 fresh6 fresh7 fresh8 fresh9 fresh10 ${EXTRA_SETS:-}; do
  gold=eval/gold/$set-dev.jsonl
  args+=(--gold "$gold" --gold-over "$gold" data/all-corpus data/all-index)
done
env -u QA_CORPUS_DIR -u QA_INDEX_DIR HF_HUB_OFFLINE=1 .venv/bin/qa fit-adapter "${args[@]}" "$@"
