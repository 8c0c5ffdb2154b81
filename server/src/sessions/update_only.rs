//! A sign-out always wins. tower-sessions saves a changed session when a request ends, and
//! the sqlx stores' `save` is an upsert, so a request that loaded a signed-in session and
//! saved it after a sign-out (or a sign-out everywhere) had deleted it wrote the session back.
//! Here `save` only updates a session that still exists; `create` (a new session, or a new
//! id at sign-in) is the only insert, and a single statement: the sqlx stores wrap theirs in a
//! transaction of three (begin, insert, commit), and every sign-in creates two sessions. Reads
//! and deletes are the wrapped store's.

use async_trait::async_trait;
use sign_in::db::Database;
use std::sync::Arc;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

#[derive(Clone, Debug)]
pub struct UpdateOnly<S> {
    inner: S,
    db: Database,
    statements: Arc<Statements>,
}

/// The two writes, written for `db`'s session table once rather than on every call.
#[derive(Debug)]
struct Statements {
    insert: String,
    update: String,
}

impl<S> UpdateOnly<S> {
    /// `inner`'s sessions, in `db`'s session table.
    pub fn new(inner: S, db: Database) -> Self {
        let table = db.session_table();
        let statements = Arc::new(Statements {
            insert: format!("INSERT INTO {table} (id, data, expiry_date) VALUES ($1, $2, $3)"),
            update: format!("UPDATE {table} SET data = $1, expiry_date = $2 WHERE id = $3"),
        });
        Self { inner, db, statements }
    }
}

#[async_trait]
impl<S: SessionStore + Clone> SessionStore for UpdateOnly<S> {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let data = encode(record)?;
            let inserted = sign_in::on_pool!(self.db, |pool| sqlx::query(&self.statements.insert)
                .bind(record.id.to_string())
                .bind(&data)
                .bind(record.expiry_date)
                .execute(pool)
                .await
                .map(|_| ()));
            match inserted {
                Ok(()) => return Ok(()),
                // 128 random bits met another session's: a new id, as the sqlx stores do.
                Err(sqlx::Error::Database(error)) if error.is_unique_violation() => record.id = Id::default(),
                Err(error) => return Err(session_store::Error::Backend(error.to_string())),
            }
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = encode(record)?;
        let updated = sign_in::on_pool!(self.db, |pool| sqlx::query(&self.statements.update)
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

/// A record as the sqlx stores write it (their `load` reads it back).
fn encode(record: &Record) -> session_store::Result<Vec<u8>> {
    rmp_serde::to_vec(record).map_err(|error| session_store::Error::Encode(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sign_in::db::{DatabaseSettings, Pool};
    use std::collections::HashMap;
    use test_db::{Backend, TestDatabase};
    use time::OffsetDateTime;
    use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

    fn record() -> Record {
        Record {
            id: Id::default(),
            data: HashMap::new(),
            expiry_date: OffsetDateTime::now_utc() + time::Duration::hours(1),
        }
    }

    /// A fresh database of `backend` with our tables (dropped with the `TestDatabase`).
    async fn migrated(backend: Backend) -> (TestDatabase, Database) {
        let database = TestDatabase::create(backend).await;
        let db = Database::connect(&DatabaseSettings::new(database.url())).await.unwrap();
        db.migrate().await.unwrap();
        (database, db)
    }

    async fn a_save_after_the_session_was_deleted_writes_nothing_back(backend: Backend) {
        let (_database, db) = migrated(backend).await;
        match db.pool().clone() {
            Pool::Sqlite(pool) => race(UpdateOnly::new(SqliteStore::new(pool), db)).await,
            Pool::Postgres(pool) => race(UpdateOnly::new(PostgresStore::new(pool), db)).await,
        }
    }

    async fn race<S: SessionStore + Clone>(store: UpdateOnly<S>) {
        let mut signed_in = record();
        store.create(&mut signed_in).await.unwrap();
        // A request loads the session, a sign-out deletes it, then the request saves it.
        let mut in_flight = store.load(&signed_in.id).await.unwrap().expect("stored");
        store.delete(&signed_in.id).await.unwrap();
        in_flight.data.insert("auth.last_seen".into(), serde_json::json!(42));
        store.save(&in_flight).await.unwrap();
        assert_eq!(store.load(&signed_in.id).await.unwrap(), None, "the sign-out won");

        // A session that still exists is saved as ever.
        let mut live = record();
        store.create(&mut live).await.unwrap();
        live.data.insert("auth.last_seen".into(), serde_json::json!(7));
        store.save(&live).await.unwrap();
        assert_eq!(store.load(&live.id).await.unwrap(), Some(live));
    }

    async fn a_new_session_whose_id_is_taken_gets_another(backend: Backend) {
        let (_database, db) = migrated(backend).await;
        match db.pool().clone() {
            Pool::Sqlite(pool) => clash(UpdateOnly::new(SqliteStore::new(pool), db)).await,
            Pool::Postgres(pool) => clash(UpdateOnly::new(PostgresStore::new(pool), db)).await,
        }
    }

    async fn clash<S: SessionStore + Clone>(store: UpdateOnly<S>) {
        let mut first = record();
        store.create(&mut first).await.unwrap();
        let mut second = record();
        second.id = first.id;
        second.data.insert("auth.last_seen".into(), serde_json::json!(1));
        store.create(&mut second).await.unwrap();
        assert_ne!(second.id, first.id, "a new id");
        assert_eq!(store.load(&first.id).await.unwrap(), Some(first), "the first one is untouched");
        assert_eq!(store.load(&second.id).await.unwrap(), Some(second));
    }

    test_db::on_both_backends!(
        a_save_after_the_session_was_deleted_writes_nothing_back,
        a_new_session_whose_id_is_taken_gets_another,
    );
}
