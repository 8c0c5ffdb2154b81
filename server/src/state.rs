//! The one application state: handed to axum routes as state, and piece by piece to server
//! functions as Leptos context. Each part of the app reaches only its own piece (axum's
//! `FromRef`, or the context of that type): the sign-in core gets [`SignIn`], each feature
//! its own.

use app::auth::landing::{LandingPages, Landings};
use app::auth::outcomes::Outcomes;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use sign_in::SignIn;
use std::sync::Arc;

/// The features' own endings of a sign-in (see `app::auth::landing`).
pub const LANDINGS: &[&dyn LandingPages] = &[
    &app::popup::PopupLanding, // feature: popup
];

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// The stylesheet's address, hashed in release builds (read once, see `site_files`).
    pub stylesheet: app::stylesheet::StylesheetHref,
    pub sign_in: SignIn,
    pub landings: Landings,
    /// How sign-ins ended: the app counts, the metrics read.
    pub outcomes: Arc<Outcomes>,
    /// Read by the team and troubleshooting features alike.
    pub team_members: Arc<app::team_members::TeamMembers>,
    pub inspections: Arc<app::troubleshooting::checks::Inspections>, // feature: troubleshooting
    pub site_origin: app::languages::SiteOrigin, // feature: languages (where its alternates point)
    pub activity: Arc<app::devices::activity::Activity>, // feature: devices
}

impl AppState {
    /// Hands each piece to the server functions of one request.
    pub fn provide_pieces(&self) {
        provide_context(self.stylesheet.clone());
        provide_context(self.sign_in.clone());
        provide_context(self.landings);
        provide_context(self.outcomes.clone());
        provide_context(self.team_members.clone());
        provide_context(self.inspections.clone()); // feature: troubleshooting
        provide_context(self.site_origin.clone()); // feature: languages
        provide_context(self.activity.clone()); // feature: devices
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for SignIn {
    fn from_ref(state: &AppState) -> Self {
        state.sign_in.clone()
    }
}

impl FromRef<AppState> for Landings {
    fn from_ref(state: &AppState) -> Self {
        state.landings
    }
}

impl FromRef<AppState> for Arc<Outcomes> {
    fn from_ref(state: &AppState) -> Self {
        state.outcomes.clone()
    }
}
