#!/usr/bin/env bash
# The real-report regression gate on a sample (eval/real-sample.txt): the real gold
# questions about those reports, over an index of those reports only. CI runs the same
# gate (tests/evaluation/test_real_gate.py); the full real figures come from eval/real.sh.
#   eval/real-sample.sh            score the sample and gate against eval/baseline-real-sample.json
#   eval/real-sample.sh --record   re-record that baseline (after a deliberate change; say why)
set -euo pipefail
cd "$(dirname "$0")/.."
REPORTS=${QA_REPORTS_DIR:-../shared/reports}
CORPUS=data/real-sample-corpus
INDEX=data/real-sample-index
BASELINE=eval/baseline-real-sample.json
mkdir -p "$CORPUS"
grep -v '^#' eval/real-sample.txt | sed '/^$/d' | while read -r doc; do
  [ -f "$CORPUS/$doc.pdf" ] || cp "$REPORTS/$doc.pdf" "$CORPUS/$doc.pdf"
done
export QA_CORPUS_DIR=$CORPUS QA_INDEX_DIR=$INDEX HF_HUB_OFFLINE=1
.venv/bin/qa build --quiet
ARGS=(eval --no-ablations --gold eval/gold/real-dev.jsonl --gold eval/gold/real-test.jsonl
      --only-docs @eval/real-sample.txt --informal)
if [ "${1:-}" = "--record" ]; then
  .venv/bin/qa "${ARGS[@]}" --json > "$BASELINE"
  echo "recorded $BASELINE" >&2
else
  .venv/bin/qa "${ARGS[@]}" --baseline "$BASELINE" --margin 0.05
fi
