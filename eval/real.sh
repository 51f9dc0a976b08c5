#!/usr/bin/env bash
# Score the real-report gold sets (eval/gold/real-*.jsonl) over the reports they ask about.
# Copies those reports from ../shared/reports (or $QA_REPORTS_DIR) into data/real-corpus
# (copies, not links: the corpus reader refuses links that lead out of its folder),
# builds data/real-index (vectors are reused when nothing changed), then runs `qa eval` on
# each split (extra arguments are passed on, e.g. --json or --out DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
REPORTS=${QA_REPORTS_DIR:-../shared/reports}
CORPUS=data/real-corpus
INDEX=data/real-index
mkdir -p "$CORPUS"
.venv/bin/python - "$REPORTS" "$CORPUS" <<'PY'
import json, shutil, sys
from pathlib import Path
reports, corpus = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
docs = set()
for split in ("dev", "test"):
    for line in open(f"eval/gold/real-{split}.jsonl", encoding="utf-8"):
        item = json.loads(line)
        docs.update(d for d in [item.get("doc"), *(item.get("docs") or [])] if d)
missing = sorted(d for d in docs if not (reports / f"{d}.pdf").exists())
if missing:
    sys.exit(f"reports missing from {reports}: {', '.join(missing)}")
for doc in sorted(docs):
    copy = corpus / f"{doc}.pdf"
    if copy.is_symlink():
        copy.unlink()
    if not copy.exists():
        shutil.copyfile(reports / f"{doc}.pdf", copy)
print(f"{len(docs)} reports in {corpus}", file=sys.stderr)
PY
export QA_CORPUS_DIR=$CORPUS QA_INDEX_DIR=$INDEX HF_HUB_OFFLINE=1
.venv/bin/qa ask --json "ping" >/dev/null 2>&1 || .venv/bin/qa build --quiet
for split in dev test; do
  echo "== eval/gold/real-$split.jsonl"
  .venv/bin/qa eval --no-ablations --gold "eval/gold/real-$split.jsonl" "$@"
done
