use super::*;

#[test]
fn counts_kept_elsewhere_are_read_when_scraped() {
    let outcomes = Arc::new(Outcomes::default());
    let anonymous = Arc::new(CodeCounts::default());
    let metrics = Metrics::new(outcomes.clone(), anonymous.clone(), ConnectionSlots::new(8));
    let before = metrics.render().unwrap();
    assert!(before.contains("\nsign_ins_total 0\n"), "{before}");
    assert!(!before.contains("sign_in_failures_total{"), "no failure yet: {before}");
    outcomes.signed_in();
    outcomes.failed(ErrorCode::AccessDenied);
    anonymous.count(ErrorCode::StateMissing);
    let after = metrics.render().unwrap();
    assert!(after.contains("\nsign_ins_total 1\n"), "{after}");
    assert!(after.contains("\nsign_in_failures_total{code=\"access_denied\"} 1\n"), "{after}");
    assert!(after.contains("# TYPE sign_in_failures_total counter\n"), "{after}");
    assert!(after.contains("\nanonymous_callbacks_total{code=\"state_missing\"} 1\n"), "{after}");
    assert!(after.contains("\nopen_connections 0\n"), "{after}");
}

#[test]
fn layers_count_refusals_and_time_requests_by_route() {
    let metrics = Metrics::default();
    metrics.refused(ErrorCode::RateLimited);
    metrics.observe("/auth/callback", 303, 0.02);
    let text = metrics.render().unwrap();
    assert!(text.contains("\nrefused_requests_total{code=\"rate_limited\"} 1\n"), "{text}");
    let bucket =
        "http_request_duration_seconds_bucket{route=\"/auth/callback\",status=\"303\",le=\"0.025\"} 1";
    assert!(text.contains(bucket), "{text}");
}
