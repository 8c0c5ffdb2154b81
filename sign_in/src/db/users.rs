use super::Database;
use crate::clock::unix_now;
use crate::User;

impl Database {
    /// Records a sign-in in `users`: creates the person on first sight, refreshes name and
    /// email after.
    pub async fn record_sign_in(&self, user: &User) -> Result<(), sqlx::Error> {
        let now = unix_now();
        crate::on_pool!(self, |pool| sqlx::query(
            "INSERT INTO users (issuer, subject, name, email, first_sign_in_at, last_sign_in_at)
             VALUES ($1, $2, $3, $4, $5, $5)
             ON CONFLICT (issuer, subject) DO UPDATE
               SET name = excluded.name, email = excluded.email, last_sign_in_at = excluded.last_sign_in_at",
        )
        .bind(&user.issuer)
        .bind(&user.subject)
        .bind(&user.name)
        .bind(&user.email)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))
    }
}
