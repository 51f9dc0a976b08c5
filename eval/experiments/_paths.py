"""Where the experiment scripts find the repository and write their dumps (EXP_OUT)."""

import os
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
OUT = os.environ.get("EXP_OUT", "data/experiments")
os.makedirs(OUT, exist_ok=True)
sys.path.insert(0, ROOT)
