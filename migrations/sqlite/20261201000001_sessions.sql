-- Sessions, in the layout tower-sessions' SqliteStore reads and writes. Created here rather
-- than by the store at start-up, so the whole schema is in one place. Sites that ran an
-- earlier version already have the table (the store used to create it), hence IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS tower_sessions (
    id          TEXT    PRIMARY KEY NOT NULL,
    data        BLOB    NOT NULL,
    expiry_date INTEGER NOT NULL
);

-- The sweep of expired sessions reads by expiry.
CREATE INDEX IF NOT EXISTS tower_sessions_by_expiry ON tower_sessions (expiry_date);
