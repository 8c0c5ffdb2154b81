-- Which IdP session and which person each signed-in session belongs to, so that a logout
-- token (OpenID Connect Back-Channel Logout 1.0) finds the sessions it names on every
-- instance, and a person can list and end their own. A row goes with its session.
CREATE TABLE signed_in_sessions (
    session_id     TEXT    PRIMARY KEY NOT NULL REFERENCES tower_sessions (id) ON DELETE CASCADE,
    -- What the person's forms name a session by: never the session id, which is a credential.
    handle         TEXT    NOT NULL UNIQUE,
    issuer         TEXT    NOT NULL,
    subject        TEXT    NOT NULL,
    -- The ID token's `sid`, when the IdP sends one.
    sid            TEXT,
    user_agent     TEXT,
    signed_in_at   BIGINT  NOT NULL, -- unix seconds
    last_active_at BIGINT  NOT NULL
);

CREATE INDEX signed_in_sessions_by_sid ON signed_in_sessions (sid);
CREATE INDEX signed_in_sessions_by_subject ON signed_in_sessions (subject, issuer);

-- The `jti` of every logout token accepted, until it expires: a replay is refused on every instance.
CREATE TABLE logout_token_ids (
    jti        TEXT   PRIMARY KEY NOT NULL,
    expires_at BIGINT NOT NULL -- unix seconds
);

CREATE INDEX logout_token_ids_by_expiry ON logout_token_ids (expires_at);
