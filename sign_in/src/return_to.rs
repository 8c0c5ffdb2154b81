//! Where to land after sign-in. Only a path on this site is accepted, so a crafted link can
//! never turn our sign-in into a redirect to someone else's site.

use crate::paths;

/// Where sign-in lands when no (valid) `return_to` was given.
pub const DEFAULT_RETURN_TO: &str = paths::PROFILE;
const MAX_LEN: usize = 512;

/// Returns `candidate` when it is a local path, otherwise [`DEFAULT_RETURN_TO`].
pub fn safe_return_to(candidate: Option<&str>) -> String {
    match candidate {
        Some(path) if is_local_path(path) => path.to_owned(),
        _ => DEFAULT_RETURN_TO.to_owned(),
    }
}

fn is_local_path(path: &str) -> bool {
    path.len() <= MAX_LEN
        && path.starts_with('/')
        // "//host" and "/\host" are read by browsers as another origin.
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control() || c == '\\')
        // Landing back on a sign-in endpoint would loop.
        && !paths::is_auth_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_local_paths() {
        for path in ["/", "/profile", "/profile?tab=claims#top", "/a/b%20c"] {
            assert_eq!(safe_return_to(Some(path)), path);
        }
    }

    #[test]
    fn rejects_anything_that_could_leave_the_site() {
        let hostile = [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "javascript:alert(1)",
            "profile",
            "",
            "/ok\r\nSet-Cookie: x=1",
            "/auth/callback?code=x",
            "/auth",
        ];
        for path in hostile {
            assert_eq!(safe_return_to(Some(path)), DEFAULT_RETURN_TO, "{path:?}");
        }
        assert_eq!(safe_return_to(Some(&format!("/{}", "a".repeat(600)))), DEFAULT_RETURN_TO);
        assert_eq!(safe_return_to(None), DEFAULT_RETURN_TO);
    }
}
