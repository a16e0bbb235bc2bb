"""Named, recorded migrations of the SQLite store, applied in order.

A migration is never edited once released: add a new one instead. Each runs in
its own transaction with its name recorded, so an interrupted upgrade resumes.
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
]
