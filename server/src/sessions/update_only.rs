//! A sign-out always wins. tower-sessions saves a changed session when a request ends, and
//! the sqlx stores' `save` is an upsert, so a request that loaded a signed-in session and
//! saved it after a sign-out (or a sign-out everywhere) had deleted it wrote the session back.
//! Here `save` only updates a session that still exists; `create` (a new session, or a new
//! id at sign-in) is the only insert. Reads and deletes are the wrapped store's.

use async_trait::async_trait;
use sign_in::db::Database;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

#[derive(Clone, Debug)]
pub struct UpdateOnly<S> {
    inner: S,
    db: Database,
}

impl<S> UpdateOnly<S> {
    /// `inner`'s sessions, in `db`'s session table.
    pub fn new(inner: S, db: Database) -> Self {
        Self { inner, db }
    }
}

#[async_trait]
impl<S: SessionStore + Clone> SessionStore for UpdateOnly<S> {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.inner.create(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data =
            rmp_serde::to_vec(record).map_err(|error| session_store::Error::Encode(error.to_string()))?;
        let query =
            format!("UPDATE {} SET data = $1, expiry_date = $2 WHERE id = $3", self.db.session_table());
        let updated = sign_in::on_pool!(self.db, |pool| sqlx::query(&query)
            .bind(&data)
            .bind(record.expiry_date)
            .bind(record.id.to_string())
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))
        .map_err(|error| session_store::Error::Backend(error.to_string()))?;
        if updated == 0 {
            tracing::debug!("not saving a session that was deleted meanwhile (signed out)");
        }
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.inner.load(id).await
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.inner.delete(id).await
    }
}
