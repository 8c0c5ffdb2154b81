//! Client authentication at the token endpoint, by `client_secret_basic`
//! or `client_secret_post` (RFC 6749 §2.3.1).

use std::borrow::Cow;

use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use percent_encoding::percent_decode_str;

use crate::config::{DevIdpConfig, RegisteredClient};
use crate::oauth_error::{ErrorCode, OAuthError};

#[derive(Debug, thiserror::Error)]
pub(crate) enum ClientAuthError {
    #[error("Client authentication is required (client_secret_basic or client_secret_post).")]
    Missing,
    #[error("The Authorization header does not hold valid HTTP Basic credentials.")]
    MalformedBasic,
    #[error("Use exactly one client authentication method.")]
    SeveralMethods,
    #[error("Unknown client or wrong client secret.")]
    WrongCredentials,
}

impl From<ClientAuthError> for OAuthError {
    fn from(error: ClientAuthError) -> Self {
        let code = match error {
            ClientAuthError::SeveralMethods => ErrorCode::InvalidRequest,
            _ => ErrorCode::InvalidClient,
        };
        OAuthError::new(code, error.to_string())
    }
}

struct Credentials {
    client_id: String,
    client_secret: String,
}

/// Finds the registered client the request authenticates as.
/// `form_client_id` and `form_client_secret` are the token request's fields.
pub(crate) fn authenticate<'c>(
    config: &'c DevIdpConfig,
    headers: &HeaderMap,
    form_client_id: Option<&str>,
    form_client_secret: Option<&str>,
) -> Result<&'c RegisteredClient, ClientAuthError> {
    let credentials = match (basic_credentials(headers)?, form_client_secret) {
        (Some(_), Some(_)) => return Err(ClientAuthError::SeveralMethods),
        (Some(basic), None) => {
            // A client_id in the body is allowed alongside Basic, but must agree.
            if form_client_id.is_some_and(|id| id != basic.client_id) {
                return Err(ClientAuthError::WrongCredentials);
            }
            basic
        }
        (None, Some(secret)) => Credentials {
            client_id: form_client_id.ok_or(ClientAuthError::Missing)?.to_owned(),
            client_secret: secret.to_owned(),
        },
        (None, None) => return Err(ClientAuthError::Missing),
    };
    config
        .client(&credentials.client_id)
        .filter(|client| client.client_secret == credentials.client_secret)
        .ok_or(ClientAuthError::WrongCredentials)
}

fn basic_credentials(headers: &HeaderMap) -> Result<Option<Credentials>, ClientAuthError> {
    let Some(header) = headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    let (scheme, encoded) =
        header.to_str().map_err(malformed)?.split_once(' ').ok_or(ClientAuthError::MalformedBasic)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(ClientAuthError::MalformedBasic);
    }
    let decoded = STANDARD.decode(encoded.trim()).map_err(malformed)?;
    let decoded = String::from_utf8(decoded).map_err(malformed)?;
    // The id is form-urlencoded, so a literal ':' in it arrives as %3A.
    let (client_id, client_secret) = decoded.split_once(':').ok_or(ClientAuthError::MalformedBasic)?;
    Ok(Some(Credentials {
        client_id: form_urldecode(client_id)?,
        client_secret: form_urldecode(client_secret)?,
    }))
}

fn malformed<E>(_: E) -> ClientAuthError {
    ClientAuthError::MalformedBasic
}

/// RFC 6749 §2.3.1: id and secret are form-urlencoded before the Basic encoding.
fn form_urldecode(text: &str) -> Result<String, ClientAuthError> {
    percent_decode_str(&text.replace('+', " ")).decode_utf8().map(Cow::into_owned).map_err(malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn config() -> DevIdpConfig {
        DevIdpConfig::for_client(RegisteredClient {
            client_id: "app:one".into(),
            client_secret: "s3cret +/%".into(),
            redirect_uris: Vec::new(),
            post_logout_redirect_uris: Vec::new(),
            backchannel_logout_uri: None,
        })
    }

    fn basic(user: &str, password: &str) -> HeaderMap {
        let value = format!("Basic {}", STANDARD.encode(format!("{user}:{password}")));
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_str(&value).expect("ASCII header"));
        headers
    }

    #[test]
    fn basic_credentials_are_form_urldecoded() {
        let config = config();
        let headers = basic("app%3Aone", "s3cret+%2B%2F%25");
        let client = authenticate(&config, &headers, None, None).expect("authenticated");
        assert_eq!(client.client_id, "app:one");
    }

    #[test]
    fn rejects_wrong_missing_and_doubled_credentials() {
        let config = config();
        let wrong = basic("app%3Aone", "nope");
        assert!(matches!(authenticate(&config, &wrong, None, None), Err(ClientAuthError::WrongCredentials)));
        assert!(matches!(
            authenticate(&config, &HeaderMap::new(), Some("app:one"), None),
            Err(ClientAuthError::Missing)
        ));
        let both = basic("app%3Aone", "s3cret+%2B%2F%25");
        assert!(matches!(
            authenticate(&config, &both, None, Some("s3cret +/%")),
            Err(ClientAuthError::SeveralMethods)
        ));
        let post = authenticate(&config, &HeaderMap::new(), Some("app:one"), Some("s3cret +/%"));
        assert!(post.is_ok());
    }
}
