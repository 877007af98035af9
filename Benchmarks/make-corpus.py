#!/usr/bin/env python3
"""Writes a deterministic corpus of varied feeds (>= 20 MB) for the parser benchmark.

The shapes imitate what real sites publish: WordPress RSS 2.0 with content:encoded,
Atom with HTML and XHTML content, RSS 1.0, podcasts, and broken feeds with undeclared
entities and bare ampersands. Text is generated, so nothing here is anyone's article."""
import os
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus")
target = int(sys.argv[2]) if len(sys.argv) > 2 else 22_000_000
os.makedirs(out, exist_ok=True)
rng = random.Random(20251129)
WORDS = ("garden river station council budget season pruning harvest library commuter bridge ferry "
         "telescope nebula survey meadow typography serif espresso bakery orchard lantern archive "
         "harbour captain volunteer festival market recipe analysis report journal").split()


def sentence(n=None):
    words = [rng.choice(WORDS) for _ in range(n or rng.randint(6, 18))]
    return " ".join(words).capitalize() + "."


def paragraphs(count, entities=False):
    parts = []
    for _ in range(count):
        text = " ".join(sentence() for _ in range(rng.randint(2, 5)))
        if entities:
            text = text.replace(" the ", " the&nbsp;").replace(".", " &mdash; done.", 1)
        link = f'<a href="/{rng.choice(WORDS)}/{rng.randint(1, 9999)}/">{rng.choice(WORDS)}</a>'
        parts.append(f"<p>{text} See {link} &amp; <strong>{rng.choice(WORDS)}</strong>.</p>")
    if rng.random() < 0.3:
        parts.append('<script>track();</script><img src="/pixel.gif" width="1" height="1">')
    return "\n".join(parts)


def date():
    return f"Thu, {rng.randint(1, 28):02d} Feb 2025 {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00 +0000"


def footer(i, n):
    """Attribution footers as aggregators and WordPress write them, on a third of the items."""
    kind = rng.randint(0, 5)
    origin = f"https://origin{rng.randint(1, 500)}.example.org"
    if kind == 0:
        return (f'<p>Author: {rng.choice(WORDS).title()} {rng.choice(WORDS).title()}</p>'
                f'<p><a href="{origin}/{n}/">Click this link for the original source of this article.</a></p>'
                f'<p>This content is courtesy of, and owned and copyrighted by, {origin} and its author. If you would like '
                f'this content removed now and in the future, please contact site{i}.example.com using the Contact page.</p>')
    if kind == 1:
        return (f'<p>The post <a href="{origin}/{n}/">{sentence(5)[:-1]}</a> appeared first on '
                f'<a href="{origin}">{rng.choice(WORDS).title()} News</a>.</p>')
    return ""


def wordpress(i, broken=False):
    items = []
    for n in range(rng.randint(10, 40)):
        title = sentence(6)[:-1]
        if broken:
            title = title.replace(" ", " & ", 1) + " &eacute;t&eacute;"
        items.append(f"""<item>
<title>{title}</title>
<link>https://site{i}.example.com/{n}/</link>
<dc:creator><![CDATA[{rng.choice(WORDS).title()} {rng.choice(WORDS).title()}]]></dc:creator>
<pubDate>{date()}</pubDate>
<category><![CDATA[{rng.choice(WORDS)}]]></category>
<guid isPermaLink="false">https://site{i}.example.com/?p={n}</guid>
<description><![CDATA[{sentence()} [&#8230;]]]></description>
<content:encoded><![CDATA[{paragraphs(rng.randint(3, 12), entities=broken)}{footer(i, n)}]]></content:encoded>
</item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel><title>Site {i}</title><link>https://site{i}.example.com</link>
<atom:link href="https://site{i}.example.com/feed/" rel="self" type="application/rss+xml"/>
<description>{sentence()}</description><language>en</language>
{"".join(items)}
</channel></rss>
"""


def atom(i):
    entries = []
    for n in range(rng.randint(10, 30)):
        if rng.random() < 0.5:
            body = paragraphs(rng.randint(2, 8)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            content = f'<content type="html">{body}</content>'
        else:
            body = paragraphs(rng.randint(2, 8)).replace("<script>track();</script>", "")
            content = f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{body}</div></content>'
        entries.append(f"""<entry><id>tag:blog{i}.example.net,2025:{n}</id><title type="text">{sentence(5)[:-1]}</title>
<link rel="alternate" type="text/html" href="https://blog{i}.example.net/{n}.html"/>
<published>2025-02-{rng.randint(1, 28):02d}T10:00:00-08:00</published><updated>2025-02-28T10:00:00Z</updated>
<author><name>{rng.choice(WORDS).title()}</name></author>{content}</entry>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Blog {i}</title>
<link rel="self" href="https://blog{i}.example.net/feeds/posts/default"/><link rel="alternate" href="https://blog{i}.example.net/"/>
<id>tag:blog{i}.example.net,2025</id><updated>2025-02-28T10:00:00Z</updated>
{"".join(entries)}</feed>
"""


def rdf(i):
    items = "".join(f"""<item rdf:about="https://digest{i}.example.com/{n}"><title>{sentence(7)[:-1]}</title>
<link>https://digest{i}.example.com/{n}</link><description>{sentence()} {sentence()}</description>
<dc:creator>{rng.choice(WORDS)}</dc:creator><dc:date>2025-03-05T14:02:00+00:00</dc:date></item>
""" for n in range(rng.randint(15, 40)))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://digest{i}.example.com/"><title>Digest {i}</title><link>https://digest{i}.example.com/</link><description>News</description></channel>
{items}</rdf:RDF>
"""


def podcast(i):
    items = "".join(f"""<item><title>Episode {n}: {sentence(4)[:-1]}</title><itunes:summary>{sentence()} {sentence()}</itunes:summary>
<enclosure url="https://cdn.show{i}.example.fm/{n}.mp3" length="{rng.randint(10**6, 10**8)}" type="audio/mpeg"/>
<guid>https://show{i}.example.fm/episodes/{n}</guid><pubDate>{date()}</pubDate><itunes:duration>00:45:00</itunes:duration></item>
""" for n in range(rng.randint(20, 60)))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Show {i}</title>
<link>https://show{i}.example.fm</link><itunes:image href="https://show{i}.example.fm/cover.jpg"/><ttl>60</ttl>
{items}</channel></rss>
"""


makers = [lambda i: wordpress(i), atom, rdf, podcast, lambda i: wordpress(i, broken=True)]
total = 0
i = 0
while total < target:
    document = makers[i % len(makers)](i)
    path = os.path.join(out, f"feed-{i:04d}.xml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(document)
    total += len(document.encode("utf-8"))
    i += 1
print(f"{i} documents, {total / 1e6:.1f} MB in {out}")
