#!/usr/bin/env python3
"""Writes the sync benchmarks' corpus: COUNT feeds x ITEMS items of generated text (60 words each) in ROOT/www,
and ROOT/work/feeds.yml naming them on 127.0.0.1:PORT, or spread over HOSTS host names (hN.localhost, all
loopback) when HOSTS is given. Usage: sync-corpus.py ROOT COUNT PORT ITEMS [HOSTS]"""
import random
import sys

root, count, port, per_feed = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
hosts = int(sys.argv[5]) if len(sys.argv) > 5 else 0
random.seed(7)
words = ("harbor council vote budget river school ferry bridge market storm library museum election health energy "
         "transport housing science garden festival court police weather mayor residents plan week city").split()
def text(n): return " ".join(random.choice(words) for _ in range(n))
for n in range(count):
    items = "".join(
        f"<item><title>{text(6)}</title><link>https://site{n}.example.org/{i}</link><guid>https://site{n}.example.org/{i}</guid>"
        f"<pubDate>Sat, 28 Nov 2026 {i:02d}:00:00 GMT</pubDate><description>&lt;p&gt;{text(60)}&lt;/p&gt;</description></item>"
        for i in range(per_feed))
    open(f"{root}/www/feed-{n}.xml", "w").write(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title><link>https://site{n}.example.org/</link>{items}</channel></rss>')
with open(f"{root}/work/feeds.yml", "w") as config:
    config.write("cache: cache\ndefaults:\n  jobs: 16\nfeeds:\n")
    for n in range(count):
        host = f"h{n % hosts}.localhost" if hosts else "127.0.0.1"
        config.write(f"  - url: http://{host}:{port}/feed-{n}.xml\n    name: feed-{n}\n")
