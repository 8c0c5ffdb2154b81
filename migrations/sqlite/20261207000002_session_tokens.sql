-- The tokens a signed-in session keeps for calling APIs as its person (docs/tokens.md): only
-- when TOKEN_ENCRYPTION_KEY is set, sealed with AES-256-GCM (never plaintext), and gone with
-- their session (the sweep of expired sessions and every sign-out delete it, by the cascade).
CREATE TABLE session_tokens (
    session_id        TEXT    PRIMARY KEY NOT NULL REFERENCES tower_sessions (id) ON DELETE CASCADE,
    subject           TEXT    NOT NULL, -- whose tokens: a refreshed ID token must name them
    auth_time         INTEGER,          -- unix seconds, from the sign-in's ID token, if it said
    key_id            TEXT    NOT NULL, -- which key sealed both tokens
    access_nonce      BLOB    NOT NULL,
    access_token      BLOB    NOT NULL,
    access_expires_at INTEGER NOT NULL, -- unix seconds
    refresh_nonce     BLOB,
    refresh_token     BLOB,
    -- The refresh in progress, by whichever instance holds the lease until it runs out.
    lease_holder      TEXT,
    lease_until       INTEGER
);
