"""The catalog's schema as numbered migrations; each runs once, in its own transaction.

Never edit a migration that has shipped: add the next number instead.
"""

MIGRATIONS: list[str] = [
    # 1: photos, faces, embeddings, people, corrections
    """
    CREATE TABLE photos (
        id            INTEGER PRIMARY KEY,
        path          TEXT NOT NULL UNIQUE,
        size          INTEGER NOT NULL DEFAULT 0,
        mtime_ns      INTEGER NOT NULL DEFAULT 0,
        content_hash  TEXT,
        taken_at      TEXT,
        width         INTEGER,
        height        INTEGER,
        orientation   INTEGER,
        status        TEXT NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'done', 'error', 'missing')),
        error         TEXT,
        detector      TEXT,
        scanned_at    TEXT
    );
    CREATE INDEX photos_hash ON photos(content_hash);
    CREATE INDEX photos_status ON photos(status);

    -- AUTOINCREMENT: ids are never reused, so undo records and cached thumbnails stay right.
    CREATE TABLE people (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        name          TEXT,
        hidden        INTEGER NOT NULL DEFAULT 0,
        cover_face_id INTEGER REFERENCES faces(id) ON DELETE SET NULL,
        created_by    TEXT NOT NULL DEFAULT 'auto' CHECK (created_by IN ('auto', 'user')),
        created_at    TEXT NOT NULL DEFAULT (datetime('now'))
    );

    CREATE TABLE faces (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        photo_id      INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        x1 REAL NOT NULL, y1 REAL NOT NULL, x2 REAL NOT NULL, y2 REAL NOT NULL,
        landmarks     BLOB,
        score         REAL NOT NULL DEFAULT 1.0,
        size          REAL NOT NULL DEFAULT 0,
        quality       REAL NOT NULL DEFAULT 0,
        source        TEXT NOT NULL DEFAULT 'detector' CHECK (source IN ('detector', 'user')),
        person_id     INTEGER REFERENCES people(id) ON DELETE SET NULL,
        assigned_by   TEXT CHECK (assigned_by IN ('auto', 'user')),
        age           REAL,
        gender        TEXT
    );
    CREATE INDEX faces_photo ON faces(photo_id);
    CREATE INDEX faces_person ON faces(person_id);

    CREATE TABLE embeddings (
        face_id       INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
        model         TEXT NOT NULL,
        vector        BLOB NOT NULL,
        PRIMARY KEY (face_id, model)
    );
    CREATE INDEX embeddings_model ON embeddings(model);

    -- "Not this person": the face never goes to that person automatically again.
    CREATE TABLE rejections (
        face_id       INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
        person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        PRIMARY KEY (face_id, person_id)
    );

    -- ...and not the same person as the faces it was taken away from: this survives the
    -- person itself being dissolved by a regroup, so the face can never drift back with them.
    CREATE TABLE separations (
        face_id       INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
        other_face_id INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
        PRIMARY KEY (face_id, other_face_id)
    );
    CREATE INDEX separations_other ON separations(other_face_id);

    -- Every user correction, with what it changed, so it can be undone and redone.
    CREATE TABLE corrections (
        id            INTEGER PRIMARY KEY,
        at            TEXT NOT NULL DEFAULT (datetime('now')),
        kind          TEXT NOT NULL,
        summary       TEXT NOT NULL,
        before        TEXT NOT NULL,
        after         TEXT NOT NULL,
        undone        INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE settings (
        key           TEXT PRIMARY KEY,
        value         TEXT NOT NULL
    );
    """,
    # 2: covering indexes for the people list and covers (measured on 100k faces: the people
    # query 165 -> 50 ms, covers 196 -> 30 ms); faces_person is a prefix of the first.
    """
    CREATE INDEX faces_person_photo ON faces(person_id, photo_id);
    CREATE INDEX faces_person_quality ON faces(person_id, quality);
    DROP INDEX faces_person;
    """,
    # 3: each correction says which layout its before/after states are in. Records written before
    # this (format 1) hold rows as positional lists; from format 2 on, as objects with named
    # fields, so a later change of columns cannot silently misread an old correction's undo.
    """
    ALTER TABLE corrections ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
    """,
    # 4: names that travel with the photos. names_stamp: the sidecars and Picasa file a photo's
    # names were last read from (sizes and times), so a scan reads them again only when they
    # change; sidecars: the XMP sidecars FaceAlbum wrote, with the names it put in each, so a
    # rename or a removal can take them out again and nothing else in the file is touched.
    """
    ALTER TABLE photos ADD COLUMN names_stamp TEXT;
    CREATE TABLE sidecars (
        photo_id      INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        path          TEXT NOT NULL,
        names         TEXT NOT NULL,
        written_at    TEXT NOT NULL DEFAULT (datetime('now'))
    );
    """,
]
