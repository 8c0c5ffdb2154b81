//! `GET /jwks` and the test-only `POST /dev/rotate-key`.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde::Serialize;

use crate::keys::{PublicJwk, SigningKey};
use crate::language::Asked;
use crate::pages::{PageError, Problem};
use crate::state::Idp;

#[derive(Serialize)]
pub(crate) struct JwkSet {
    keys: Vec<PublicJwk>,
}

/// Only the current key is published: after a rotation, relying parties
/// holding the old JWKS meet an unknown `kid` and must fetch it again.
pub(crate) async fn jwks(State(idp): State<Arc<Idp>>) -> Json<JwkSet> {
    Json(JwkSet { keys: vec![idp.keys.current().jwk().clone()] })
}

#[derive(Serialize)]
pub(crate) struct Rotated {
    kid: String,
}

pub(crate) async fn rotate_key(
    State(idp): State<Arc<Idp>>,
    Asked(language): Asked,
) -> Result<Json<Rotated>, PageError> {
    let key = SigningKey::generate().await.map_err(|error| {
        PageError::new(Problem::Internal, language)
            .with_detail(format!("Cannot rotate the signing key: {error}"))
    })?;
    let kid = key.kid().to_owned();
    idp.keys.rotate(key);
    tracing::info!(%kid, "dev IdP signing key rotated");
    Ok(Json(Rotated { kid }))
}
