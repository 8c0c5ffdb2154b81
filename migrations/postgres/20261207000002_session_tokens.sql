-- The tokens a signed-in session keeps for calling APIs as its person (docs/tokens.md): only
-- when TOKEN_ENCRYPTION_KEY is set, sealed with AES-256-GCM (never plaintext), and gone with
-- their session (the sweep of expired sessions and every sign-out delete it, by the cascade).
CREATE TABLE session_tokens (
    session_id        TEXT    PRIMARY KEY NOT NULL REFERENCES tower_sessions.session (id) ON DELETE CASCADE,
    subject           TEXT    NOT NULL,
    auth_time         BIGINT,
    key_id            TEXT    NOT NULL,
    access_nonce      BYTEA   NOT NULL,
    access_token      BYTEA   NOT NULL,
    access_expires_at BIGINT  NOT NULL,
    refresh_nonce     BYTEA,
    refresh_token     BYTEA,
    lease_holder      TEXT,
    lease_until       BIGINT
);
