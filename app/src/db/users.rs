use super::{unix_now, Database};

/// A person who has signed in, as the `users` table remembers them.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRow {
    pub issuer: String,
    pub subject: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub first_sign_in_at: i64,
    pub last_sign_in_at: i64,
}

impl Database {
    /// Records a sign-in: creates the user on first sight, refreshes name and email after.
    pub async fn record_sign_in(
        &self,
        issuer: &str,
        subject: &str,
        name: Option<&str>,
        email: Option<&str>,
    ) -> Result<UserRow, sqlx::Error> {
        let now = unix_now();
        sqlx::query_as(
            "INSERT INTO users (issuer, subject, name, email, first_sign_in_at, last_sign_in_at)
             VALUES ($1, $2, $3, $4, $5, $5)
             ON CONFLICT (issuer, subject) DO UPDATE
               SET name = excluded.name, email = excluded.email, last_sign_in_at = excluded.last_sign_in_at
             RETURNING issuer, subject, name, email, first_sign_in_at, last_sign_in_at",
        )
        .bind(issuer)
        .bind(subject)
        .bind(name)
        .bind(email)
        .bind(now)
        .fetch_one(&self.pool)
        .await
    }

    pub async fn find_user(&self, issuer: &str, subject: &str) -> Result<Option<UserRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT issuer, subject, name, email, first_sign_in_at, last_sign_in_at
             FROM users WHERE issuer = $1 AND subject = $2",
        )
        .bind(issuer)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await
    }
}
