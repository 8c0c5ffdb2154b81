//! The browser and the system a `User-Agent` names, as a person recognises them ("Firefox",
//! "Windows 10"), read with woothee, a maintained parser used in many languages.

/// (browser, system), each only when the parser knows it.
pub fn describe(user_agent: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(parsed) = user_agent.and_then(|agent| woothee::parser::Parser::new().parse(agent)) else {
        return (None, None);
    };
    let known =
        |text: &str| (!text.is_empty() && text != woothee::woothee::VALUE_UNKNOWN).then(|| text.to_owned());
    let system = match (known(parsed.os), known(&parsed.os_version)) {
        (Some(os), Some(version)) if !os.contains(&version) => Some(format!("{os} {version}")),
        (os, _) => os,
    };
    (known(parsed.name), system)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_browsers_are_named() {
        let firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
        let (browser, system) = describe(Some(firefox));
        assert_eq!(browser.as_deref(), Some("Firefox"));
        assert!(system.is_some_and(|system| system.starts_with("Windows")));
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        assert_eq!(describe(Some(safari)).0.as_deref(), Some("Safari"));
    }

    #[test]
    fn an_unknown_or_missing_agent_names_nothing() {
        assert_eq!(describe(None), (None, None));
        assert_eq!(describe(Some("curl/8.0")).1, None);
    }
}
