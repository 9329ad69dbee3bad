"""Versioned schema migrations of the store, applied in order inside one transaction each.

``PRAGMA user_version`` holds the schema version. A migration is never edited once
released: a change is a new step. A database newer than this code stays locked.
"""

from collections.abc import Callable
from typing import Any

Connection = Any  # sqlcipher3's connection has no type stubs

_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Every clinical datum as FHIR JSON. patient_ref and date are the generic indexed
-- columns the UI searches by (an Observation's subject and effective date, an
-- Appointment's patient and start...). local_rev counts local edits.
CREATE TABLE resource (
    type         TEXT NOT NULL,
    id           TEXT NOT NULL,
    version_id   TEXT,
    last_updated TEXT,
    deleted      INTEGER NOT NULL DEFAULT 0,
    local_rev    INTEGER NOT NULL DEFAULT 0,
    patient_ref  TEXT,
    date         TEXT,
    json         TEXT NOT NULL,
    PRIMARY KEY (type, id)
) WITHOUT ROWID;
CREATE INDEX resource_patient_date ON resource (type, patient_ref, date);
CREATE INDEX resource_date ON resource (type, date);

-- What the patient search reads. Names are folded (lower case, no accents).
CREATE TABLE patient_index (
    rowid       INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    sort_name   TEXT NOT NULL,
    birth_date  TEXT,
    ins         TEXT
);
CREATE INDEX patient_index_sort ON patient_index (sort_name);
CREATE INDEX patient_index_birth ON patient_index (birth_date);
CREATE INDEX patient_index_ins ON patient_index (ins);
CREATE VIRTUAL TABLE patient_fts USING fts5 (
    names,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

-- Pending changes, pushed in seq order per resource by sync.
CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    type         TEXT NOT NULL,
    id           TEXT NOT NULL,
    op           TEXT NOT NULL CHECK (op IN ('put', 'delete')),
    base_version TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX outbox_resource ON outbox (type, id);

CREATE TABLE sync_cursor (
    server TEXT NOT NULL,
    type   TEXT NOT NULL,
    cursor TEXT NOT NULL,
    PRIMARY KEY (server, type)
) WITHOUT ROWID;

CREATE TABLE conflict (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    type        TEXT NOT NULL,
    id          TEXT NOT NULL,
    base_json   TEXT,
    mine_json   TEXT NOT NULL,
    theirs_json TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    resolved_at TEXT
);

-- The audit chain. hash = sha256(canonical fields + prev_hash); see app/audit.
CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY,
    recorded    TEXT NOT NULL,
    who         TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    workstation TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    pushed      INTEGER NOT NULL DEFAULT 0
);
"""


# Version 2: what sync needs beside version 1's outbox, cursors and conflicts.
_V2 = """
-- The server copy that pending local edits started from (NULL when there are none:
-- json is then the server copy itself). The base of every three-way merge.
ALTER TABLE resource ADD COLUMN base_json TEXT;

-- A push sent whose answer never came (a dropped connection, a killed process): before
-- anything else is sent for that resource, the server's copy is read to learn whether
-- it landed. sent_json is what was sent, upto_seq the last outbox entry it covered.
CREATE TABLE in_flight (
    type         TEXT NOT NULL,
    id           TEXT NOT NULL,
    sent_json    TEXT,
    base_version TEXT,
    upto_seq     INTEGER NOT NULL,
    PRIMARY KEY (type, id)
) WITHOUT ROWID;

ALTER TABLE conflict ADD COLUMN kind TEXT NOT NULL DEFAULT 'edited-both';
ALTER TABLE conflict ADD COLUMN fields_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE conflict ADD COLUMN theirs_version TEXT;
ALTER TABLE conflict ADD COLUMN theirs_by TEXT;
ALTER TABLE conflict ADD COLUMN resolution TEXT;
CREATE INDEX conflict_open ON conflict (type, id) WHERE resolved_at IS NULL;
CREATE INDEX audit_unpushed ON audit (seq) WHERE pushed = 0;
"""


# Version 3: the CPS cards that logged in online on this profile (issue 5). Offline, a
# card is let in only when its certificate is the one remembered here at its last online
# login; the signature it makes is checked against that certificate's key.
_V3 = """
CREATE TABLE card_login (
    id_nat_ps        TEXT PRIMARY KEY,
    certificate      BLOB NOT NULL,
    practitioner_ref TEXT NOT NULL,
    last_online      TEXT NOT NULL
) WITHOUT ROWID
"""


def _script(text: str) -> Callable[[Connection], None]:
    def step(conn: Connection) -> None:
        for statement in text.split(";\n"):
            if statement.strip():
                conn.execute(statement)

    return step


_v1 = _script(_V1)
_v2 = _script(_V2)
_v3 = _script(_V3)


class Migrations:
    """The ordered list of schema steps; ``LATEST`` is what this code writes."""

    STEPS: tuple[Callable[[Connection], None], ...] = (_v1, _v2, _v3)
    LATEST = len(STEPS)

    @classmethod
    def current(cls, conn: Connection) -> int:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    @classmethod
    def apply(cls, conn: Connection, target: int | None = None) -> int:
        """Bring the schema to ``target`` (default: latest); return the version reached.

        Each step and its version bump commit together, so a crash leaves the schema at
        a released version, never between two.
        """
        goal = cls.LATEST if target is None else target
        version = cls.current(conn)
        while version < goal:
            conn.execute("BEGIN IMMEDIATE")
            try:
                cls.STEPS[version](conn)
                version += 1
                conn.execute(f"PRAGMA user_version = {version:d}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return version
