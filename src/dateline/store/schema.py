"""Named, recorded migrations of the SQLite store, applied in order.

A migration is never edited once released: add a new one instead. Each runs in
its own transaction with its name recorded, so an interrupted upgrade resumes,
and two processes opening a new store at once apply each migration once.

``APPLICATION_ID`` marks a SQLite file as a dateline store (``PRAGMA
application_id``), so dateline never adds its tables to someone else's database.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_articles",
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            url TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            language TEXT NOT NULL DEFAULT 'en',
            published TEXT,
            date_precision TEXT,
            date_source TEXT NOT NULL DEFAULT 'unknown',
            date_confidence REAL NOT NULL DEFAULT 1.0,
            date_evidence TEXT NOT NULL DEFAULT '[]',
            origin TEXT NOT NULL DEFAULT '',
            duplicate_of TEXT REFERENCES articles(id),
            stages TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
        CREATE INDEX articles_source ON articles(source);
        """,
    ),
    (
        "0002_fts",
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        """,
    ),
    (
        "0003_annotations",
        """
        CREATE TABLE annotations (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            layer TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (article_id, layer)
        );
        CREATE TABLE minhashes (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            signature BLOB NOT NULL
        );
        """,
    ),
    (
        "0004_corpus_objects",
        """
        CREATE TABLE objects (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (kind, id)
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    ),
    (
        "0005_external_id",
        """
        ALTER TABLE articles ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
        CREATE INDEX articles_external_id ON articles(external_id);
        """,
    ),
    (
        "0006_failures",
        """
        CREATE TABLE failures (
            article_id TEXT NOT NULL,  -- '' when a corpus stage failed as a whole
            stage TEXT NOT NULL,
            error TEXT NOT NULL,       -- exception type, or 'skipped' (a layer it needs is missing)
            message TEXT NOT NULL,
            PRIMARY KEY (article_id, stage)
        );
        """,
    ),
    (
        "0007_corpus_progress",
        """
        CREATE TABLE corpus_done (
            stage TEXT NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (stage, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX corpus_done_article ON corpus_done(article_id);
        """,
    ),
    (
        "0008_members_keymap",
        """
        CREATE TABLE members (
            kind TEXT NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            item TEXT NOT NULL,
            target TEXT NOT NULL,
            PRIMARY KEY (kind, article_id, item)
        ) WITHOUT ROWID;
        CREATE INDEX members_target ON members(kind, target);
        CREATE TABLE keymap (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            target TEXT NOT NULL,
            PRIMARY KEY (kind, key)
        ) WITHOUT ROWID;
        CREATE INDEX keymap_target ON keymap(kind, target);
        ALTER TABLE objects ADD COLUMN block TEXT NOT NULL DEFAULT '';
        CREATE INDEX objects_block ON objects(kind, block);
        -- corpus objects of earlier versions held links this version resolves at read time:
        -- drop them; every stored article is pending for the corpus stages again
        DELETE FROM objects;
        DELETE FROM meta WHERE key = 'cluster.df';
        """,
    ),
    (
        "0009_articles_seq",
        """
        -- the next article's seq is MAX(seq) + 1: without an index every insert scans the table
        CREATE INDEX articles_seq ON articles(seq);
        """,
    ),
    (
        "0010_unnamed_claim_groups",
        """
        -- claims naming no quantity (no counted noun, predicate or place: block 'unit|/|') are no
        -- longer grouped across articles (corpus/claim_groups.names_a_quantity)
        DELETE FROM objects WHERE kind = 'claim_group' AND block GLOB '*|/|';
        DELETE FROM members WHERE kind = 'claim_group'
            AND target NOT IN (SELECT id FROM objects WHERE kind = 'claim_group');
        """,
    ),
    (
        "0011_minhash_bands",
        """
        -- the LSH bands of the stored originals' signatures, looked up by band instead of
        -- rebuilding an in-memory index from every signature on each ingest; filled by the
        -- ingest up to a watermark (meta minhash_bands.seq) for the layout in minhash_bands.layout
        CREATE TABLE minhash_bands (
            band INTEGER NOT NULL,
            key INTEGER NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (band, key, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX minhash_bands_article ON minhash_bands(article_id);
        """,
    ),
]

APPLICATION_ID = 0x44544C4E  # "DTLN"
