use crate::helpers::{spawn_app, Backend};
use reqwest::StatusCode;

async fn health_and_readiness_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
}

async fn unknown_pages_are_a_friendly_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = app.body("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("We couldn't find that page"), "{body}");
}

test_db::on_both_backends!(health_and_readiness_answer, unknown_pages_are_a_friendly_404,);
