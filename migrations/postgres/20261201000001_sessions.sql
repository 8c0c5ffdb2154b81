-- Sessions, in the layout tower-sessions' PostgresStore reads and writes (its own schema).
-- Created here rather than by the store: migrations run under sqlx's advisory lock, so
-- instances that start together never race to create the table.
CREATE SCHEMA IF NOT EXISTS tower_sessions;

CREATE TABLE IF NOT EXISTS tower_sessions.session (
    id          TEXT        PRIMARY KEY NOT NULL,
    data        BYTEA       NOT NULL,
    expiry_date TIMESTAMPTZ NOT NULL
);

-- The sweep of expired sessions reads by expiry.
CREATE INDEX IF NOT EXISTS session_by_expiry ON tower_sessions.session (expiry_date);
