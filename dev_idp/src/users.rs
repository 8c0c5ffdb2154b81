//! The fixed test users offered on the sign-in page.

/// A person who can sign in. `id` is the sign-in form's radio value;
/// `sub` is what relying parties see and never changes between runs.
#[derive(Debug, PartialEq, Eq)]
pub struct TestUser {
    pub id: &'static str,
    pub sub: &'static str,
    pub name: Option<&'static str>,
    pub email: &'static str,
}

pub const TEST_USERS: &[TestUser] = &[
    TestUser { id: "ada", sub: "user-ada", name: Some("Ada Lovelace"), email: "ada@example.com" },
    TestUser { id: "grace", sub: "user-grace", name: Some("Grace Hopper"), email: "grace@example.com" },
    // Lets the app prove it copes with a profile that has no display name.
    TestUser { id: "nameless", sub: "user-nameless", name: None, email: "nameless@example.com" },
];

pub(crate) fn find(id: &str) -> Option<&'static TestUser> {
    TEST_USERS.iter().find(|user| user.id == id)
}

/// The user a `login_hint` names, by id or email.
pub(crate) fn find_by_hint(hint: &str) -> Option<&'static TestUser> {
    TEST_USERS.iter().find(|user| user.id == hint || user.email.eq_ignore_ascii_case(hint))
}
