//! Every text a person reads on the IdP's pages, one file per [`Language`](crate::Language).
//! Each language is a [`Texts`] value, so a text missing in one of them does not compile.
//! Sentences that name something (the client, the user) are functions of it, so that each
//! language puts the name where its grammar wants it; their output is plain text, escaped
//! by the page like every other text.

pub(crate) mod da;
pub(crate) mod de;
pub(crate) mod en;
pub(crate) mod fr;
pub(crate) mod nl;
pub(crate) mod pt;

use crate::simulate::Simulation;

/// The texts of the IdP's pages in one language.
#[derive(Debug)]
pub struct Texts {
    /// The warning across the top of every page.
    pub banner: &'static str,

    // The sign-in page.
    pub sign_in_title: &'static str,
    pub sign_in_intro: fn(client: &str) -> String,
    /// The sign-in page under `prompt=select_account`.
    pub choose_account_title: &'static str,
    pub choose_account_intro: fn(client: &str) -> String,
    pub test_user_legend: &'static str,
    /// Beside the user already signed in, on the account chooser.
    pub signed_in_mark: &'static str,
    /// In place of the name of a user who has none.
    pub no_name: &'static str,
    pub simulate_label: &'static str,
    /// The simulation menu's first choice: no simulation.
    pub normal_sign_in: &'static str,
    /// The simulation menu's other choices, one per simulation.
    pub(crate) simulation: fn(Simulation) -> String,
    pub continue_button: &'static str,

    // The consent page.
    pub consent_title: &'static str,
    pub consent_request: fn(client: &str) -> String,
    pub signed_in_as: fn(name: &str, email: &str) -> String,
    pub allow_button: &'static str,
    pub deny_button: &'static str,

    // The page `/end-session` shows when it has nowhere to send the person back to.
    pub signed_out_title: &'static str,
    pub signed_out_heading: &'static str,
    pub signed_out_advice: &'static str,

    // The page `/session`: who is signed in here, and the ways to sign out, each of which
    // tells the clients on their back channels.
    pub session_title: &'static str,
    pub session_none: &'static str,
    pub sign_out_button: &'static str,
    pub sign_out_everywhere_button: &'static str,

    // The pages for a request the IdP cannot answer.
    pub error_title: &'static str,
    pub error_heading: &'static str,
    pub problems: Problems,
}

/// What went wrong with a request the IdP cannot answer, one text per kind of problem.
#[derive(Debug)]
pub struct Problems {
    pub malformed: &'static str,
    pub unknown_client: &'static str,
    pub unregistered_redirect_uri: &'static str,
    pub foreign_id_token_hint: &'static str,
    pub unknown_user: &'static str,
    pub unknown_simulation: &'static str,
    pub sign_in_expired: &'static str,
    pub not_signed_in: &'static str,
    pub cross_site: &'static str,
    pub internal: &'static str,
}

#[cfg(test)]
mod tests {
    use crate::Language;

    #[test]
    fn every_language_but_english_is_translated() {
        let english = Language::En.texts();
        for language in Language::all().filter(|language| *language != Language::En) {
            let texts = language.texts();
            let pairs = [
                (texts.banner, english.banner),
                (texts.sign_in_title, english.sign_in_title),
                (texts.consent_title, english.consent_title),
                (texts.continue_button, english.continue_button),
                (texts.error_heading, english.error_heading),
                (texts.problems.sign_in_expired, english.problems.sign_in_expired),
            ];
            for (translated, original) in pairs {
                assert_ne!(translated, original, "{language:?}");
            }
            assert_ne!((texts.consent_request)("app"), (english.consent_request)("app"), "{language:?}");
        }
    }

    #[test]
    fn sentences_name_what_they_are_given() {
        for language in Language::all() {
            let texts = language.texts();
            for sentence in [texts.sign_in_intro, texts.choose_account_intro, texts.consent_request] {
                assert!(sentence("«app»").contains("«app»"), "{language:?}");
            }
            let signed_in_as = (texts.signed_in_as)("«name»", "«email»");
            assert!(signed_in_as.contains("«name»") && signed_in_as.contains("«email»"), "{language:?}");
        }
    }
}
