#!/usr/bin/env python3
"""Writes >= 150 varied, real-world-shaped feeds for the differential check
against Universal Feed Parser (Benchmarks/differential.sh). Deterministic.
Shapes: WordPress, Blogger, Medium, Substack, podcasts, news wires, forums,
GitHub-style Atom, JSON Feed, RSS 0.91/1.0, Atom 0.3; authors written every
way; dates in RFC 822, ISO 8601 and sloppy forms; relative links and xml:base;
entities, CDATA, encodings."""
import json
import os
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "differential-corpus"
os.makedirs(out, exist_ok=True)
rng = random.Random(1312)
WORDS = ("harbour council budget garden ferry bridge library festival market volunteer orchard lantern archive "
         "river station survey meadow bakery espresso typography season harvest").split()
NAMES = ["Maria Lopez", "Tom Okafor", "Priya Nair", "Jan de Vries", "Zoë Brontë", "Ana María Núñez", "李雷"]
SITES = ["example.org", "example.com", "example.net", "news.example.co.uk", "blog.example.io"]


def words(n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def title():
    t = words(rng.randint(3, 8)).capitalize()
    kind = rng.randint(0, 9)
    if kind == 0:
        return t + " &amp; more"
    if kind == 1:
        return t + " &#8211; update"
    if kind == 2:
        return "<![CDATA[" + t + " & friends]]>"
    if kind == 3:
        return t + " &lt;3"
    return t


def rfc822(i):
    day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i % 7]
    zone = rng.choice(["GMT", "+0000", "-0500", "+0100", "EST", "Z"])
    return f"{day}, {1 + i % 28:02d} Nov 2026 {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} {zone}"


def iso(i):
    zone = rng.choice(["Z", "+00:00", "-05:00", "+05:30"])
    return f"2026-11-{1 + i % 28:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}{zone}"


def rss_author():
    name = rng.choice(NAMES)
    email = name.split()[0].lower().replace("ë", "e").replace("李雷", "li") + "@example.org"
    return rng.choice([f"{email} ({name})", f"{name} ({email})", email, f"{name} &lt;{email}&gt;"])


def body():
    html = "".join(f"<p>{words(rng.randint(15, 40)).capitalize()}.</p>" for _ in range(rng.randint(1, 4)))
    return html + f'<p><a href="/tag/{rng.choice(WORDS)}">more</a></p>'


def rss2(n, site):
    items = []
    for i in range(rng.randint(3, 12)):
        slug = f"{2026}/{11}/{words(2).replace(' ', '-')}-{i}"
        link = rng.choice([f"https://{site}/{slug}/", f"/{slug}", f"https://{site}/?p={i}&amp;utm_source=rss"])
        guid = rng.choice([f'<guid isPermaLink="false">{site}-{n}-{i}</guid>', f"<guid>https://{site}/{slug}/</guid>", ""])
        author = rng.choice([f"<author>{rss_author()}</author>", f"<dc:creator>{rng.choice(NAMES)}</dc:creator>", ""])
        date = rng.choice([f"<pubDate>{rfc822(i)}</pubDate>", f"<dc:date>{iso(i)}</dc:date>", f"<pubDate>{iso(i)}</pubDate>"])
        desc = rng.choice([f"<description><![CDATA[{body()}]]></description>",
                           "<description>" + body().replace("<", "&lt;").replace(">", "&gt;") + "</description>"])
        items.append(f"<item><title>{title()}</title><link>{link}</link>{guid}{author}{date}{desc}</item>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>{title()}</title><link>https://{site}/</link><description>d</description>{''.join(items)}</channel></rss>")


def atom(n, site):
    entries = []
    for i in range(rng.randint(3, 12)):
        slug = f"posts/{words(2).replace(' ', '-')}-{i}"
        href = rng.choice([f"https://{site}/{slug}", slug, f"/{slug}"])
        author = rng.choice([f"<author><name>{rng.choice(NAMES)}</name><email>a@{site}</email></author>",
                             f"<author><name>{rng.choice(NAMES)}</name></author>", ""])
        content = rng.choice([f'<content type="html">{body().replace("&", "&amp;").replace("<", "&lt;")}</content>',
                              f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{body()}</div></content>',
                              f"<summary>{words(12)}</summary>"])
        ttype = rng.choice(["", ' type="html"', ' type="text"'])
        t = title().replace("<![CDATA[", "").replace("]]>", "").replace(" & ", " &amp; ")
        entries.append(f'<entry><title{ttype}>{t}</title><link rel="alternate" href="{href}"/>'
                       f"<id>tag:{site},2026:{n}-{i}</id><published>{iso(i)}</published><updated>{iso(i)}</updated>{author}{content}</entry>")
    base = rng.choice(["", f' xml:base="https://{site}/blog/"'])
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"{base}><title>{words(3)}</title>'
            f'<link href="https://{site}/"/><id>urn:x-feed:{n}</id><updated>{iso(1)}</updated>{"".join(entries)}</feed>')


def atom03(n, site):
    entries = "".join(f'<entry><title>{words(4)}</title><link rel="alternate" type="text/html" href="https://{site}/{i}"/>'
                      f"<id>tag:{site},2003:{n}.{i}</id><issued>{iso(i)}</issued><modified>{iso(i)}</modified>"
                      f"<author><name>{rng.choice(NAMES)}</name></author>"
                      f'<content type="text/html" mode="escaped">&lt;p&gt;{words(20)}&lt;/p&gt;</content></entry>' for i in range(5))
    return f'<?xml version="1.0"?>\n<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>{words(3)}</title>{entries}</feed>'


def rss1(n, site):
    items = "".join(f'<item rdf:about="https://{site}/{i}"><title>{words(5)}</title><link>https://{site}/{i}</link>'
                    f"<dc:date>{iso(i)}</dc:date><dc:creator>{rng.choice(NAMES)}</dc:creator><description>{words(20)}</description></item>"
                    for i in range(6))
    return ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://{site}/"><title>{words(3)}</title>'
            f"<link>https://{site}/</link></channel>{items}</rdf:RDF>")


def rss091(n, site):
    items = "".join(f"<item><title>{words(5)}</title><link>https://{site}/{i}</link><description>{words(15)}</description></item>"
                    for i in range(5))
    return (f'<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss version="0.91"><channel><title>{words(3)}</title>'
            f"<link>https://{site}/</link><description>d</description><language>en</language>{items}</channel></rss>")


def jsonfeed(n, site):
    items = []
    for i in range(rng.randint(3, 8)):
        item = {"id": f"{site}-{i}", "url": f"https://{site}/j/{i}", "title": words(5).capitalize(),
                "content_html": body(), "date_published": iso(i)}
        if rng.random() < 0.7:
            item["authors"] = [{"name": rng.choice(NAMES)}]
        items.append(item)
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": words(3), "home_page_url": f"https://{site}/", "items": items})


def broken_wordpress(n, site):
    """Hand-edited WordPress exports: undeclared HTML entities, bare ampersands, no encoding, windows-1252 bytes."""
    items = []
    for i in range(rng.randint(3, 8)):
        t = rng.choice([f"Caf&eacute; {words(3)}", f"{words(3)}&nbsp;&mdash; {words(2)}", f"Q&A: {words(3)}", f"{words(4)} &hellip;"])
        date = rng.choice([rfc822(i), f"{1 + i % 28} Nov 2026 10:00:00 GMT", f"2026-11-{1 + i % 28:02d} 08:30:00"])
        items.append(f"<item><title>{t}</title><link>https://{site}/?p={i}&ref=feed</link><pubDate>{date}</pubDate>"
                     f"<author>{rss_author()}</author><description>{words(15)} &copy; 2026</description></item>")
    return f'<rss version="2.0"><channel><title>{words(2)}</title><link>https://{site}/</link>{"".join(items)}</channel></rss>'


def podcast(n, site):
    items = "".join(f"<item><title>Episode {i}: {words(3)}</title><itunes:author>{rng.choice(NAMES)}</itunes:author>"
                    f'<enclosure url="https://cdn.{site}/ep{i}.mp3" length="{rng.randint(1000, 99999)}" type="audio/mpeg"/>'
                    f"<guid isPermaLink=\"false\">ep-{n}-{i}</guid><pubDate>{rfc822(i)}</pubDate></item>" for i in range(6))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
            f"<channel><title>{words(2)} podcast</title><link>https://{site}/</link><itunes:author>Host</itunes:author>{items}</channel></rss>")


makers = [("hand-edited-wordpress", broken_wordpress, "xml"), ("podcast-itunes", podcast, "xml"), ("wordpress-rss2", rss2, "xml"), ("blogger-atom", atom, "xml"), ("github-atom", atom, "xml"), ("substack-rss2", rss2, "xml"),
          ("livejournal-atom03", atom03, "xml"), ("slashdot-rdf", rss1, "xml"), ("netscape-rss091", rss091, "xml"),
          ("microblog-jsonfeed", jsonfeed, "json")]
count = 0
for n in range(160):
    name, make, ext = makers[n % len(makers)]
    site = rng.choice(SITES)
    text = make(n, site)
    encoding = "iso-8859-1" if name == "netscape-rss091" else "utf-8"
    data = text.encode(encoding, errors="xmlcharrefreplace")
    with open(os.path.join(out, f"{n:03d}-{name}.{ext}"), "wb") as f:
        f.write(data)
    count += 1
print(f"wrote {count} feeds to {out}")
