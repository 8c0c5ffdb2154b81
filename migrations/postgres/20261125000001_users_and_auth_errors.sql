-- PostgreSQL's schema. The app's queries are written once for both databases, so the columns
-- match migrations/sqlite column for column; times are unix seconds (BIGINT) on both.

-- Everyone who has signed in at least once, per identity provider.
CREATE TABLE users (
    issuer           TEXT    NOT NULL,
    subject          TEXT    NOT NULL,
    name             TEXT,
    email            TEXT,
    first_sign_in_at BIGINT  NOT NULL,
    last_sign_in_at  BIGINT  NOT NULL,
    PRIMARY KEY (issuer, subject)
);

-- One row per failed sign-in or sign-out, found by the reference the user was shown.
-- `error_description` is the IdP's untrusted text: stored for the team, never rendered as HTML.
CREATE TABLE auth_errors (
    reference         TEXT    PRIMARY KEY,
    occurred_at       BIGINT  NOT NULL,
    stage             TEXT    NOT NULL,
    code              TEXT    NOT NULL,
    error_description TEXT,
    issuer            TEXT,
    request_path      TEXT    NOT NULL,
    user_agent        TEXT,
    had_session       BOOLEAN NOT NULL
);

CREATE INDEX auth_errors_by_time ON auth_errors (occurred_at);
