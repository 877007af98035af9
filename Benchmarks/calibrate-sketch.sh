#!/usr/bin/env bash
# The short-text copy test, measured: false matches among distinct texts and
# one-word edits found. The corpus: the docstrings of Python's standard library
# (thousands of distinct English texts of 200 B to 2 KB, the length range where
# feeds uses the sketch), written by the installed python3.
set -euo pipefail
cd "$(dirname "$0")"
python3 - <<'PY' > sketch-corpus.jsonl
import importlib, inspect, json, pkgutil, sys, warnings
warnings.simplefilter("ignore")
seen = set()
for module in sorted(m.name for m in pkgutil.iter_modules() if not m.name.startswith("_") and m.name not in ("antigravity", "this", "idlelib", "tkinter", "turtle", "turtledemo")):
    try:
        mod = importlib.import_module(module)
    except Exception:
        continue
    for name, obj in inspect.getmembers(mod):
        doc = inspect.getdoc(obj)
        if not doc:
            continue
        text = " ".join(doc.split())
        if 200 <= len(text.encode()) < 2048 and text not in seen:
            seen.add(text)
            print(json.dumps({"text": text}))
        if len(seen) >= 3000:
            sys.exit(0)
PY
log=$(mktemp)
swift build -c release --product SketchCalibration --disable-build-manifest-caching >"$log" 2>&1 || { cat "$log"; exit 1; }
.build/release/SketchCalibration sketch-corpus.jsonl
