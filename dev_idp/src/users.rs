//! The fixed test users offered on the sign-in page, and the numbered users that load tests
//! sign in as.

use std::borrow::Cow;

/// A person who can sign in. `id` is the sign-in form's radio value;
/// `sub` is what relying parties see and never changes between runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestUser {
    pub id: Cow<'static, str>,
    pub sub: Cow<'static, str>,
    pub name: Option<Cow<'static, str>>,
    pub email: Cow<'static, str>,
}

const fn fixed(
    id: &'static str,
    sub: &'static str,
    name: Option<&'static str>,
    email: &'static str,
) -> TestUser {
    let name = match name {
        Some(name) => Some(Cow::Borrowed(name)),
        None => None,
    };
    TestUser { id: Cow::Borrowed(id), sub: Cow::Borrowed(sub), name, email: Cow::Borrowed(email) }
}

pub const TEST_USERS: &[TestUser] = &[
    fixed("ada", "user-ada", Some("Ada Lovelace"), "ada@example.com"),
    fixed("grace", "user-grace", Some("Grace Hopper"), "grace@example.com"),
    // Lets the app prove it copes with a profile that has no display name.
    fixed("nameless", "user-nameless", None, "nameless@example.com"),
];

/// `load-<n>`, for any number `n`, is a user of its own, not listed on the sign-in page: a
/// load test (`scripts/bench`) signs in as a new person each time, as real traffic would.
pub const LOAD_USER_PREFIX: &str = "load-";

pub(crate) fn find(id: &str) -> Option<TestUser> {
    TEST_USERS.iter().find(|user| user.id == id).cloned().or_else(|| load_user(id))
}

/// The user a `login_hint` names, by id or email.
pub(crate) fn find_by_hint(hint: &str) -> Option<TestUser> {
    TEST_USERS.iter().find(|user| user.id == hint || user.email.eq_ignore_ascii_case(hint)).cloned()
}

fn load_user(id: &str) -> Option<TestUser> {
    let number: u64 = id.strip_prefix(LOAD_USER_PREFIX)?.parse().ok()?;
    Some(TestUser {
        id: Cow::Owned(format!("{LOAD_USER_PREFIX}{number}")),
        sub: Cow::Owned(format!("user-{LOAD_USER_PREFIX}{number}")),
        name: Some(Cow::Owned(format!("Load Tester {number}"))),
        email: Cow::Owned(format!("{LOAD_USER_PREFIX}{number}@example.com")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_users_are_each_their_own() {
        let user = find("load-42").expect("a load user");
        assert_eq!((&*user.sub, &*user.email), ("user-load-42", "load-42@example.com"));
        assert_ne!(find("load-43").map(|user| user.sub), Some(user.sub));
        for id in ["load-", "load-x", "load--1", "load-1 "] {
            assert_eq!(find(id), None, "{id}");
        }
    }
}
