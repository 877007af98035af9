/// The PostgreSQL store's tables, one migration per change, never edited once
/// released. The same columns as SQLite's store (Schema.swift) with
/// PostgreSQL's types, so one row reader serves both; what differs: the words
/// are a `tsvector` column with a GIN index, and feeds carry the sync leases
/// that let several workers share them.
enum PostgresSchema {
    /// Held (transaction-scoped) while migrating, so that two machines opening a new database at once
    /// do not both create it. Any constant unlikely to clash with an application's own locks.
    static let migrationLock: Int64 = 0x6665_6564_735F_6D67  // "feeds_mg"

    static let migrations: [(name: String, sql: String)] = [
        ("1-feeds-items", """
            CREATE TABLE feeds (
                id BIGSERIAL PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                configured_url TEXT NOT NULL,
                current_url TEXT NOT NULL,
                etag TEXT,
                last_modified TEXT,
                last_fetched DOUBLE PRECISION,
                last_status INTEGER,
                last_result TEXT,
                next_due DOUBLE PRECISION,
                consecutive_failures INTEGER NOT NULL DEFAULT 0,
                gone INTEGER NOT NULL DEFAULT 0,
                pending_move TEXT,
                pending_move_count INTEGER NOT NULL DEFAULT 0,
                moved_from TEXT,
                site TEXT,
                duplicate_of TEXT
            );

            CREATE TABLE items (
                id BIGSERIAL PRIMARY KEY,
                feed_id BIGINT NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
                guid TEXT NOT NULL,
                link TEXT,
                title TEXT,
                -- Plain UTF-8, or a zstd frame for long values (CompressedText), as in SQLite.
                summary BYTEA,
                content BYTEA,
                text BYTEA,
                authors TEXT,
                categories TEXT,
                enclosures TEXT,
                comments TEXT,
                rights TEXT,
                published DOUBLE PRECISION,
                updated DOUBLE PRECISION,
                sort_time DOUBLE PRECISION NOT NULL,
                content_hash BIGINT NOT NULL,
                first_seen DOUBLE PRECISION NOT NULL,
                last_seen DOUBLE PRECISION NOT NULL,
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
                confidence DOUBLE PRECISION NOT NULL,
                fingerprint BIGINT NOT NULL,
                band0 BIGINT NOT NULL,
                band1 BIGINT NOT NULL,
                band2 BIGINT NOT NULL,
                band3 BIGINT NOT NULL,
                matched_item_id BIGINT REFERENCES items(id) ON DELETE SET NULL,
                unattributed INTEGER NOT NULL DEFAULT 0,
                removed_at DOUBLE PRECISION,
                removal_request TEXT,
                sketch BYTEA,
                verification TEXT,
                -- Title and text, stemmed: the writers set it, a purge empties it.
                words TSVECTOR,
                UNIQUE (feed_id, guid)
            );
            CREATE INDEX items_by_origin ON items (origin_site, sort_time DESC);
            CREATE INDEX items_by_republisher ON items (republisher_site, sort_time DESC) WHERE republisher_site IS NOT NULL;
            CREATE INDEX items_by_time ON items (sort_time DESC);
            CREATE INDEX items_by_feed ON items (feed_id, sort_time DESC);
            CREATE INDEX items_by_origin_url ON items (origin_url_key);
            CREATE INDEX items_by_link ON items (link_key);
            CREATE INDEX items_by_match ON items (matched_item_id) WHERE matched_item_id IS NOT NULL;
            CREATE INDEX items_by_guid ON items (guid);
            -- Two fingerprints within distance 3 share at least one 16-bit band exactly.
            CREATE INDEX items_band0 ON items (band0);
            CREATE INDEX items_band1 ON items (band1);
            CREATE INDEX items_band2 ON items (band2);
            CREATE INDEX items_band3 ON items (band3);
            CREATE INDEX items_by_words ON items USING GIN (words);

            CREATE TABLE signals (
                item_id BIGINT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                kind TEXT NOT NULL,
                value TEXT NOT NULL,
                evidence TEXT,
                PRIMARY KEY (item_id, position)
            );

            CREATE TABLE sketch_bands (
                band BIGINT NOT NULL,
                item_id BIGINT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                PRIMARY KEY (band, item_id)
            );
            CREATE INDEX sketch_bands_by_item ON sketch_bands (item_id);

            CREATE TABLE removals_carried_out (
                request TEXT PRIMARY KEY,
                at DOUBLE PRECISION NOT NULL
            );

            CREATE TABLE page_cache (
                url TEXT PRIMARY KEY,
                entry BYTEA NOT NULL
            );
            """),
        ("2-sync-leases", """
            -- Which worker holds a feed, since when and until when (SyncLeases); its host, for the per-host cap.
            ALTER TABLE feeds ADD COLUMN host TEXT;
            ALTER TABLE feeds ADD COLUMN lease_owner TEXT;
            ALTER TABLE feeds ADD COLUMN lease_since DOUBLE PRECISION;
            ALTER TABLE feeds ADD COLUMN lease_until DOUBLE PRECISION;
            CREATE INDEX feeds_by_host_lease ON feeds (host, lease_until);
            -- A host that asked to be left alone (429 or 503 with Retry-After), for every worker.
            CREATE TABLE host_backoff (
                host TEXT PRIMARY KEY,
                until DOUBLE PRECISION NOT NULL
            );
            """),
        ("3-removal-ledger", """
            -- Every machine's removal requests and revocations, as the ledger files hold them (JSON lines).
            CREATE TABLE removal_ledger (
                sequence BIGSERIAL PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
                line TEXT NOT NULL
            );
            """),
    ]
}
