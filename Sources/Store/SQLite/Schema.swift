import GRDB

/// The store's tables, one migration per change, never edited once released.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-feeds-items-signals") { db in
            try db.execute(sql: """
                CREATE TABLE feeds (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    configured_url TEXT NOT NULL,
                    current_url TEXT NOT NULL,
                    etag TEXT,
                    last_modified TEXT,
                    last_fetched REAL,
                    last_status INTEGER,
                    last_result TEXT,
                    next_due REAL,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    gone INTEGER NOT NULL DEFAULT 0,
                    pending_move TEXT,
                    pending_move_count INTEGER NOT NULL DEFAULT 0,
                    moved_from TEXT,
                    site TEXT
                );

                CREATE TABLE items (
                    id INTEGER PRIMARY KEY,
                    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
                    guid TEXT NOT NULL,
                    link TEXT,
                    title TEXT,
                    summary TEXT,
                    content TEXT,
                    text TEXT,
                    authors TEXT,
                    categories TEXT,
                    enclosures TEXT,
                    comments TEXT,
                    rights TEXT,
                    published REAL,
                    updated REAL,
                    -- published, else first seen: the order of "newest first"
                    sort_time REAL NOT NULL,
                    content_hash INTEGER NOT NULL,
                    first_seen REAL NOT NULL,
                    last_seen REAL NOT NULL,
                    carrier_site TEXT,
                    origin_url TEXT,
                    origin_url_key TEXT,
                    link_key TEXT,
                    origin_site TEXT,
                    origin_name TEXT,
                    rights_notice TEXT,
                    rights_holder TEXT,
                    rights_license TEXT,
                    rights_inherited INTEGER,
                    author TEXT,
                    republisher_site TEXT,
                    republisher_feed_url TEXT,
                    removal_contact TEXT,
                    method TEXT NOT NULL,
                    confidence REAL NOT NULL,
                    fingerprint INTEGER NOT NULL,
                    band0 INTEGER NOT NULL,
                    band1 INTEGER NOT NULL,
                    band2 INTEGER NOT NULL,
                    band3 INTEGER NOT NULL,
                    matched_item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
                    unattributed INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (feed_id, guid)
                );
                CREATE INDEX items_by_origin ON items (origin_site, sort_time DESC);
                CREATE INDEX items_by_republisher ON items (republisher_site, sort_time DESC);
                CREATE INDEX items_by_time ON items (sort_time DESC);
                CREATE INDEX items_by_feed ON items (feed_id, sort_time DESC);
                CREATE INDEX items_by_origin_url ON items (origin_url_key);
                CREATE INDEX items_by_link ON items (link_key);
                CREATE INDEX items_by_match ON items (matched_item_id);
                -- Two fingerprints within distance 3 share at least one 16-bit band exactly.
                CREATE INDEX items_band0 ON items (band0);
                CREATE INDEX items_band1 ON items (band1);
                CREATE INDEX items_band2 ON items (band2);
                CREATE INDEX items_band3 ON items (band3);

                CREATE TABLE signals (
                    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    value TEXT NOT NULL,
                    evidence TEXT,
                    PRIMARY KEY (item_id, position)
                ) WITHOUT ROWID;

                -- Its own copy of the words (not external content), so that a purge
                -- deletes them for good. rowid = items.id.
                CREATE VIRTUAL TABLE items_fts USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2');
                """)
        }
        migrator.registerMigration("2-removals") { db in
            try db.execute(sql: """
                -- A purged item keeps its row as a tombstone: ids, URLs, origin, fingerprint, and why.
                ALTER TABLE items ADD COLUMN removed_at REAL;
                ALTER TABLE items ADD COLUMN removal_request TEXT;
                """)
        }
        migrator.registerMigration("3-removals-carried-out") { db in
            try db.execute(sql: """
                -- The removal ledger is the source of truth: a request it holds and this
                -- table does not (a remove killed before its purge, a new cache) is
                -- carried out the next time any command opens the store.
                CREATE TABLE removals_carried_out (
                    request TEXT PRIMARY KEY,
                    at REAL NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("4-short-text-sketches") { db in
            try db.execute(sql: """
                -- Short texts carry a MinHash sketch of their word 3-grams (ShingleSketch);
                -- its eight LSH band keys find candidate copies a 4-bit SimHash change would miss.
                ALTER TABLE items ADD COLUMN sketch BLOB;
                CREATE TABLE sketch_bands (
                    band INTEGER NOT NULL,
                    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                    PRIMARY KEY (band, item_id)
                ) WITHOUT ROWID;
                CREATE INDEX sketch_bands_by_item ON sketch_bands (item_id);
                """)
        }
        migrator.registerMigration("5-duplicate-subscriptions") { db in
            try db.execute(sql: """
                -- A feed whose items (same guids and texts) another feed already carries:
                -- the same feed subscribed twice under two URLs.
                ALTER TABLE feeds ADD COLUMN duplicate_of TEXT;
                CREATE INDEX items_by_guid ON items (guid);
                """)
        }
        migrator.registerMigration("6-search-by-stem") { db in
            // Porter stemming over unicode61 ("fines" finds "fined"), with prefix queries; rebuilt from the items kept.
            try db.execute(sql: """
                DROP TABLE items_fts;
                CREATE VIRTUAL TABLE items_fts USING fts5(title, text, tokenize = 'porter unicode61 remove_diacritics 2');
                INSERT INTO items_fts (rowid, title, text) SELECT id, title, text FROM items WHERE removed_at IS NULL;
                """)
        }
        migrator.registerMigration("7-search-index-without-a-second-copy") { db in
            // External content: the index keeps its terms but reads the words from `items`, so the
            // text is stored once. Removing an item's terms needs its old values ('delete'), which
            // every writer issues before it changes or blanks a row.
            try db.execute(sql: """
                DROP TABLE items_fts;
                CREATE VIRTUAL TABLE items_fts USING fts5(title, text, content = 'items', content_rowid = 'id',
                    tokenize = 'porter unicode61 remove_diacritics 2');
                INSERT INTO items_fts (items_fts) VALUES ('rebuild');
                """)
        }
        migrator.registerMigration("8-origin-summaries") { db in
            // What `origins` shows per site, kept by triggers as items come, change and go, so that it
            // reads a row per site rather than every item (15 s at a million items). See OriginTallies.
            try db.execute(sql: OriginTallies.schema)
        }
        migrator.registerMigration("9-verification") { db in
            // What the web said of the item (check/trace --verify, verify: true): JSON of status, url, checked, detail.
            try db.execute(sql: "ALTER TABLE items ADD COLUMN verification TEXT")
        }
        migrator.registerMigration("10-page-cache") { db in
            // Pages read by --verify and verify: true, and robots.txt: validators, when, what was read
            // (statements and word-run hashes, never the words). A purge deletes its items' pages.
            try db.execute(sql: "CREATE TABLE page_cache (url TEXT PRIMARY KEY, entry BLOB NOT NULL) WITHOUT ROWID")
        }
        migrator.registerMigration("11-search-index-without-content") { db in
            // The text is stored compressed (CompressedText), so the index must never read it itself:
            // a contentless index, fed and emptied only by the writers, who hand it the words. Rows
            // written before are compressed here, the index rebuilt from their words.
            try db.execute(sql: """
                DROP TABLE items_fts;
                CREATE VIRTUAL TABLE items_fts USING fts5(title, text, content = '', tokenize = 'porter unicode61 remove_diacritics 2');
                INSERT INTO items_fts (rowid, title, text) SELECT id, title, text FROM items WHERE removed_at IS NULL;
                """)
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, content, summary, text FROM items
                WHERE (typeof(content) = 'text' AND length(content) >= ?1) OR (typeof(summary) = 'text' AND length(summary) >= ?1)
                   OR (typeof(text) = 'text' AND length(text) >= ?1)
                """, arguments: [CompressedText.threshold])
            for row in rows {
                try db.execute(sql: "UPDATE items SET content = ?, summary = ?, text = ? WHERE id = ?", arguments: [
                    CompressedText.stored(CompressedText.text(row["content"])), CompressedText.stored(CompressedText.text(row["summary"])),
                    CompressedText.stored(CompressedText.text(row["text"])), row["id"] as Int64,
                ])
            }
        }
        return migrator
    }
}
