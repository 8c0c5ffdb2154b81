use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr};

/// Where in the sign-in journey a failure happened. Stored with each logged failure.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter, EnumString, IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Stage {
    Authorize,
    Callback,
    Token,
    IdToken,
    Userinfo,
    Logout,
    Discovery,
}

impl Stage {
    /// Every stage, in declaration order.
    pub fn all() -> impl Iterator<Item = Self> {
        <Self as strum::IntoEnumIterator>::iter()
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::Stage;

    #[test]
    fn every_stage_round_trips_through_its_string_and_json() {
        assert_eq!(Stage::all().count(), 7);
        for stage in Stage::all() {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
            assert_eq!(serde_json::to_string(&stage).unwrap(), format!("\"{}\"", stage.as_str()));
        }
        assert_eq!(Stage::parse("id_token"), Some(Stage::IdToken));
        assert_eq!(Stage::parse("ID_TOKEN"), None);
    }
}
