//! What the sign-in and consent pages post, named once for the pages that render the
//! forms, the endpoints that read them and the driver that fills them in for tests and
//! benchmarks (`tools/dev_idp_driver`).

use serde::Deserialize;
use strum::{EnumString, IntoStaticStr};

/// The pending sign-in's id: a hidden field of both forms.
pub const REQUEST: &str = "request";
/// The sign-in form's test user, one radio button each.
pub const USER: &str = "user";
/// The sign-in form's simulation; empty for a normal sign-in.
pub const SIMULATE: &str = "simulate";
/// The consent form's answer: the value of the button pressed.
pub const DECISION: &str = "decision";

/// The consent form's two buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, EnumString, IntoStaticStr)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Decision {
    Allow,
    Deny,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The sign-in form; its fields are named by the constants above.
#[derive(Debug, Deserialize)]
pub(crate) struct SignInForm {
    pub(crate) request: String,
    pub(crate) user: String,
    #[serde(default)]
    pub(crate) simulate: String,
}

/// The consent form; its fields are named by the constants above.
#[derive(Debug, Deserialize)]
pub(crate) struct ConsentForm {
    pub(crate) request: String,
    pub(crate) decision: Decision,
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::extract::FromRequest;
    use axum::http::header::CONTENT_TYPE;
    use axum::http::Request;
    use axum::Form;
    use serde::de::DeserializeOwned;
    use url::form_urlencoded;

    use super::*;

    /// `fields` posted as a browser posts a form, read as the endpoint reads it.
    async fn posted<T: DeserializeOwned>(fields: &[(&str, &str)]) -> T {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let request = Request::post("/")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request");
        let Form(form) = Form::<T>::from_request(request, &()).await.expect("the form is read");
        form
    }

    #[tokio::test]
    async fn the_field_names_are_the_ones_the_endpoints_read() {
        let form: SignInForm = posted(&[(REQUEST, "r1"), (USER, "ada"), (SIMULATE, "token:slow")]).await;
        assert_eq!(
            (form.request.as_str(), form.user.as_str(), form.simulate.as_str()),
            ("r1", "ada", "token:slow")
        );
        for decision in [Decision::Allow, Decision::Deny] {
            let form: ConsentForm = posted(&[(REQUEST, "r2"), (DECISION, decision.as_str())]).await;
            assert_eq!((form.request.as_str(), form.decision), ("r2", decision));
            assert_eq!(decision.as_str().parse::<Decision>(), Ok(decision));
        }
    }
}
