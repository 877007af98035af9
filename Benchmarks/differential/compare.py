#!/usr/bin/env python3
"""Compares `feeds parse` with Universal Feed Parser (feedparser, as a
reference only) over a folder of feeds: title, link, id, date and first
author of every item. Prints agreement per field and the disagreements by
class. Usage: compare.py FEEDS_BINARY FOLDER BASE_URL"""
import collections
import datetime
import json
import os
import subprocess
import sys

import feedparser

binary, folder, base = sys.argv[1], sys.argv[2], sys.argv[3]
fields = ["title", "link", "id", "date", "author"]
agree = collections.Counter()
total = collections.Counter()
examples = collections.defaultdict(list)
feeds_failed = 0


def norm(text):
    return " ".join(text.split()) if isinstance(text, str) else text


def reference_date(entry):
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.datetime(*parsed[:6], tzinfo=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def reference_author(entry):
    detail = entry.get("author_detail") or {}
    return detail.get("name") or detail.get("email") or entry.get("author")


def our_author(item):
    authors = item.get("authors") or []
    return (authors[0].get("name") or authors[0].get("email")) if authors else None


files = sorted(os.listdir(folder))
for name in files:
    path = os.path.join(folder, name)
    url = base + name
    run = subprocess.run([binary, "parse", path, "--base-url", url, "--compact"], capture_output=True)
    if run.returncode != 0:
        feeds_failed += 1
        examples["feed failed"].append(f"{name}: {run.stderr.decode().strip()}")
        continue
    ours = json.loads(run.stdout)["items"]
    with open(path, "rb") as f:
        reference = feedparser.parse(f.read(), response_headers={"content-location": url})
    for index, (mine, theirs) in enumerate(zip(ours, reference.entries)):
        pairs = {
            "title": (norm(mine.get("title")), norm(theirs.get("title"))),
            "link": (mine.get("link"), theirs.get("link")),
            "id": (mine.get("id"), theirs.get("id")) if theirs.get("id") else None,
            "date": (mine.get("published") or mine.get("updated"), reference_date(theirs)),
            "author": (norm(our_author(mine)), norm(reference_author(theirs))),
        }
        for field, pair in pairs.items():
            if pair is None:
                continue
            total[field] += 1
            if pair[0] == pair[1]:
                agree[field] += 1
            elif len(examples[field]) < 400:
                examples[field].append(f"{name}#{index}: feeds={pair[0]!r} feedparser={pair[1]!r}")
    if len(ours) != len(reference.entries):
        examples["item count"].append(f"{name}: feeds {len(ours)}, feedparser {len(reference.entries)}")

print(f"{len(files)} feeds, {feeds_failed} not read by feeds")
for field in fields:
    print(f"{field:7s} {agree[field]:5d}/{total[field]:5d} agree ({100.0 * agree[field] / max(1, total[field]):.1f} %)")
with open(os.path.join(os.path.dirname(folder.rstrip('/')) or ".", "differential-disagreements.txt"), "w") as f:
    for field, lines in examples.items():
        f.write(f"== {field} ({len(lines)})\n" + "\n".join(lines) + "\n")
for field, lines in examples.items():
    print(f"-- {field}: {len(lines)} disagreements, e.g.")
    for line in lines[:4]:
        print("   " + line[:200])
