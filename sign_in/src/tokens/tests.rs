//! Kept tokens at rest, in a real database on both backends: sealed, never plaintext, and
//! readable across a key rotation.

use super::*;
use crate::db::DatabaseSettings;
use crate::oidc::OidcSettings;
use openidconnect::{ClientId, ClientSecret, IssuerUrl, PostLogoutRedirectUrl, RedirectUrl};

const ACCESS: &str = "plaintext-access-token-1234";
const REFRESH: &str = "plaintext-refresh-token-5678";

fn oidc() -> Arc<OidcClient> {
    let settings = OidcSettings {
        issuer: IssuerUrl::new("https://idp.example".into()).unwrap(),
        client_id: ClientId::new("client".into()),
        client_secret: ClientSecret::new("secret".into()),
        redirect_url: RedirectUrl::new("https://app.example/auth/callback".into()).unwrap(),
        post_logout_redirect_url: PostLogoutRedirectUrl::new("https://app.example/signed-out".into())
            .unwrap(),
        scopes: vec![],
        clock_leeway: Duration::from_secs(60),
        connect_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(1),
        offline_access: true,
    };
    Arc::new(OidcClient::new(settings, Clock::system()).unwrap())
}

fn issued() -> IssuedTokens {
    IssuedTokens {
        access_token: AccessToken::new(ACCESS.into()),
        expires_in: Some(Duration::from_secs(3600)),
        refresh_token: Some(RefreshToken::new(REFRESH.into())),
    }
}

/// A database with a stored session, which a token row needs.
async fn database_with_session(
    backend: test_db::Backend,
    session_id: &str,
) -> (test_db::TestDatabase, Database) {
    let test_db = test_db::TestDatabase::create(backend).await;
    let db = Database::connect(&DatabaseSettings::new(test_db.url())).await.unwrap();
    db.migrate().await.unwrap();
    let query = format!("INSERT INTO {} (id, data, expiry_date) VALUES ($1, $2, $3)", db.session_table());
    crate::on_pool!(db, |pool| sqlx::query(&query)
        .bind(session_id)
        .bind(vec![0u8])
        .bind(time::OffsetDateTime::now_utc() + time::Duration::hours(1))
        .execute(pool)
        .await
        .map(|_| ()))
    .unwrap();
    (test_db, db)
}

fn keeper(db: &Database, current: &TokenKey, previous: Option<&TokenKey>) -> TokenKeeper {
    let keys = TokenKeys { current: current.clone(), previous: previous.cloned() };
    TokenKeeper::new(Some(keys), db.clone(), oidc(), Clock::system())
}

async fn raw_row(db: &Database) -> Vec<u8> {
    let query = "SELECT subject, key_id, access_token, refresh_token, access_nonce, refresh_nonce FROM session_tokens";
    let (subject, key_id, access, refresh, a_nonce, r_nonce): (
        String,
        String,
        Vec<u8>,
        Vec<u8>,
        Vec<u8>,
        Vec<u8>,
    ) = crate::on_pool!(db, |pool| sqlx::query_as(query).fetch_one(pool).await).unwrap();
    [subject.into_bytes(), key_id.into_bytes(), access, refresh, a_nonce, r_nonce].concat()
}

async fn a_stored_token_row_holds_no_plaintext_token(backend: test_db::Backend) {
    let (_test_db, db) = database_with_session(backend, "session-1").await;
    let keeper = keeper(&db, &TokenKey::generate(), None);
    keeper.keep("session-1", "user-ada", Some(1_700_000_000), &issued()).await.unwrap();
    let bytes = raw_row(&db).await;
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("user-ada"), "the row is there: {text}");
    for secret in [ACCESS, REFRESH, "plaintext"] {
        assert!(!text.contains(secret), "{secret} stored in plaintext");
    }
    let row = store::load(&db, "session-1").await.unwrap().expect("a row");
    let keys = keeper.keys.as_ref().unwrap();
    assert_eq!(keys.open(&row.access(), "session-1", Purpose::AccessToken).as_deref(), Ok(ACCESS));
    let refresh = row.refresh().expect("a refresh token");
    assert_eq!(keys.open(&refresh, "session-1", Purpose::RefreshToken).as_deref(), Ok(REFRESH));
    // Another session's id opens nothing: the row cannot be moved.
    assert!(keys.open(&row.access(), "session-2", Purpose::AccessToken).is_err());
}

async fn after_a_key_rotation_kept_tokens_still_open_and_new_ones_use_the_new_key(backend: test_db::Backend) {
    let (_test_db, db) = database_with_session(backend, "session-1").await;
    let (old, new) = (TokenKey::generate(), TokenKey::generate());
    keeper(&db, &old, None).keep("session-1", "user-ada", None, &issued()).await.unwrap();

    let rotated = keeper(&db, &new, Some(&old));
    let row = store::load(&db, "session-1").await.unwrap().expect("a row");
    assert_eq!(row.key_id, old.id());
    assert_eq!(
        open_access(rotated.keys.as_ref().unwrap(), "session-1", &row).unwrap().access_token.secret(),
        ACCESS
    );

    store::delete(&db, "session-1").await.unwrap();
    rotated.keep("session-1", "user-ada", None, &issued()).await.unwrap();
    let row = store::load(&db, "session-1").await.unwrap().expect("a row");
    assert_eq!(row.key_id, new.id(), "new writes use the new key");
    let without_old = TokenKeys { current: new.clone(), previous: None };
    assert!(open_access(&without_old, "session-1", &row).is_ok());
}

async fn a_session_that_goes_takes_its_tokens_with_it(backend: test_db::Backend) {
    let (_test_db, db) = database_with_session(backend, "session-1").await;
    keeper(&db, &TokenKey::generate(), None).keep("session-1", "user-ada", None, &issued()).await.unwrap();
    let query = format!("DELETE FROM {} WHERE id = $1", db.session_table());
    crate::on_pool!(db, |pool| sqlx::query(&query).bind("session-1").execute(pool).await.map(|_| ()))
        .unwrap();
    assert!(store::load(&db, "session-1").await.unwrap().is_none(), "deleted by the cascade");
}

test_db::on_both_backends!(
    a_stored_token_row_holds_no_plaintext_token,
    after_a_key_rotation_kept_tokens_still_open_and_new_ones_use_the_new_key,
    a_session_that_goes_takes_its_tokens_with_it
);
