#!/usr/bin/env bash
# Score the fresh gold sets (eval/gold/fresh-*.jsonl, fresh2-*, fresh3-*, fresh4-dev,
# fresh5-dev: questions over 12 + 12 + 12 + 7 + 6 reports that no other gold set asked
# about; fresh6-*, fresh7-dev and fresh8-dev: new questions over 24 + 12 + 12 reports other
# sets ask about; fresh9-*: questions over the 8 + 7 reports earlier sets named only in
# questions across reports;
# each written blind to the code) over EVERY report of
# ../shared/reports (or $QA_REPORTS_DIR) at once, as staff holding all of them would ask.
# Copies the reports into data/all-corpus, builds data/all-index (vectors are reused when
# nothing changed), then runs `qa eval` on each split (extra arguments are passed on).
set -euo pipefail
cd "$(dirname "$0")/.."
REPORTS=${QA_REPORTS_DIR:-../shared/reports}
CORPUS=data/all-corpus
INDEX=data/all-index
mkdir -p "$CORPUS"
for pdf in "$REPORTS"/*.pdf; do
  copy="$CORPUS/$(basename "$pdf")"
  [ -L "$copy" ] && rm "$copy"
  [ -e "$copy" ] || cp "$pdf" "$copy"
done
echo "$(ls "$CORPUS"/*.pdf | wc -l) reports in $CORPUS" >&2
export QA_CORPUS_DIR=$CORPUS QA_INDEX_DIR=$INDEX HF_HUB_OFFLINE=1
.venv/bin/qa ask --json "ping" >/dev/null 2>&1 || .venv/bin/qa build --quiet
for set in fresh fresh2 fresh3 fresh4 fresh5 fresh6 fresh7 fresh8 fresh9 fresh10 fresh11 fresh12 fresh13 fresh14 fresh15 fresh16; do
  for split in dev test; do
    gold="eval/gold/$set-$split.jsonl"
    [ -e "$gold" ] || continue  # fresh4, fresh5, fresh7, fresh8, fresh10, fresh11 to fresh16 have a dev split only
    echo "== $gold"
    .venv/bin/qa eval --no-ablations --gold "$gold" "$@"
  done
done
