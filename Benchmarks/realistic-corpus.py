#!/usr/bin/env python3
"""Writes the realistic sync corpus: COUNT feeds x ITEMS items, mixed RSS 2.0 and
Atom; 40 % of items carry full-text content (about 5 KB of HTML: paragraphs,
images, links, lists); 5 % of the feeds are aggregators whose items end with
attribution footers and republish articles that other feeds of the corpus carry.
Usage: realistic-corpus.py FOLDER COUNT ITEMS PORT  (writes FOLDER/www and FOLDER/work/feeds.yml)"""
import os
import random
import sys

root, count, per_feed, port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(4242)
os.makedirs(f"{root}/www", exist_ok=True)
os.makedirs(f"{root}/work", exist_ok=True)
WORDS = ("harbour council vote budget river school ferry bridge market storm library museum election health energy "
         "transport housing science garden festival court police weather mayor residents plan week city county "
         "teachers nurses farmers trains cyclists repairs funding report survey study theatre orchestra season").split()


def sentence():
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 22))).capitalize() + "."


def full_text(site):
    parts = []
    while sum(len(p) for p in parts) < rng.randint(3500, 6500):
        kind = rng.random()
        if kind < 0.7:
            parts.append("<p>" + " ".join(sentence() for _ in range(rng.randint(2, 5)))
                         + f' See <a href="https://{site}/{rng.choice(WORDS)}/{rng.randint(1, 999)}">{rng.choice(WORDS)}</a>.</p>')
        elif kind < 0.85:
            parts.append(f'<figure><img src="https://cdn.{site}/img/{rng.randint(1, 99999)}.jpg" alt="{rng.choice(WORDS)}" '
                         f'width="800" height="450"><figcaption>{sentence()}</figcaption></figure>')
        else:
            parts.append("<ul>" + "".join(f"<li>{sentence()}</li>" for _ in range(rng.randint(2, 5))) + "</ul>")
    return "".join(parts)


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Shared articles: written once by an origin feed, republished by aggregators.
origins = {}
feeds = []
for n in range(count):
    site = f"site{n}.example.org"
    aggregator = n % 20 == 19
    atom = n % 3 == 1
    items = []
    for i in range(per_feed):
        slug = f"{n}-{i}"
        link = f"https://{site}/{slug}"
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
        if aggregator:
            source_n = rng.randrange(count)
            key = (source_n, rng.randrange(per_feed))
            body, otitle, olink = origins.get(key) or (full_text(f"site{source_n}.example.org"), title, f"https://site{source_n}.example.org/{key[0]}-{key[1]}")
            body += (f'<p><a href="{olink}">Click this link for the original source of this article.</a></p>'
                     f"<p>Author: {rng.choice(WORDS).title()} {rng.choice(WORDS).title()}</p>"
                     f"<p>This content is courtesy of, and owned and copyrighted by, https://site{source_n}.example.org and its author. "
                     f"If you would like this content removed now and in the future, please contact {site} using the Contact page.</p>")
            title = otitle
        elif rng.random() < 0.4:
            body = full_text(site)
        else:
            body = "<p>" + " ".join(sentence() for _ in range(rng.randint(2, 4))) + "</p>"
        origins[(n, i)] = (body, title, link)
        date = f"2026-11-{1 + i % 28:02d}T{i % 24:02d}:00:00Z"
        if atom:
            items.append(f'<entry><title>{esc(title)}</title><link href="{link}"/><id>{link}</id><updated>{date}</updated>'
                         f'<author><name>{rng.choice(WORDS).title()}</name></author><content type="html">{esc(body)}</content></entry>')
        else:
            items.append(f"<item><title>{esc(title)}</title><link>{link}</link><guid>{link}</guid>"
                         f"<pubDate>Tue, {1 + i % 28:02d} Nov 2026 {i % 24:02d}:00:00 GMT</pubDate>"
                         f"<description>{esc(body[:400])}</description><content:encoded><![CDATA[{body}]]></content:encoded></item>")
    if atom:
        text = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Feed {n}</title>'
                f'<link href="https://{site}/"/><id>https://{site}/</id><updated>2026-11-30T00:00:00Z</updated>{"".join(items)}</feed>')
    else:
        text = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
                f"<channel><title>Feed {n}</title><link>https://{site}/</link>{''.join(items)}</channel></rss>")
    with open(f"{root}/www/feed-{n}.xml", "w") as f:
        f.write(text)
    feeds.append(n)
with open(f"{root}/work/feeds.yml", "w") as config:
    config.write("cache: cache\ndefaults:\n  jobs: 16\nfeeds:\n")
    for n in feeds:
        config.write(f"  - url: http://127.0.0.1:{port}/feed-{n}.xml\n    name: feed-{n}\n")
with open(f"{root}/work/urls", "w") as urls:
    for n in feeds:
        urls.write(f"http://127.0.0.1:{port}/feed-{n}.xml\n")
total = sum(os.path.getsize(f"{root}/www/feed-{n}.xml") for n in feeds)
print(f"{count} feeds x {per_feed} items, {total / 1e6:.1f} MB")
