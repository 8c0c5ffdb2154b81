//! The error log's `code` and `stage` columns hold the enums' stable names (`as_str`), and
//! read back as the enums: code past this module never handles them as strings.

use crate::errors::{ErrorCode, Stage};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Encode, Type};

/// Implements sqlx's `Type`, `Encode` and `Decode` for an enum stored as its name, on any
/// backend whose text type does, with `$read` turning the stored text back into the enum.
macro_rules! stored_as_text {
    ($enum:ty, $read:expr) => {
        impl<DB: Database> Type<DB> for $enum
        where
            str: Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as Type<DB>>::compatible(ty)
            }
        }

        impl<'q, DB: Database> Encode<'q, DB> for $enum
        where
            &'q str: Encode<'q, DB>,
        {
            fn encode_by_ref(&self, buf: &mut DB::ArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
                <&'q str as Encode<'q, DB>>::encode_by_ref(&self.as_str(), buf)
            }
        }

        impl<'r, DB: Database> Decode<'r, DB> for $enum
        where
            &'r str: Decode<'r, DB>,
        {
            fn decode(value: DB::ValueRef<'r>) -> Result<Self, BoxDynError> {
                let text = <&'r str as Decode<'r, DB>>::decode(value)?;
                let read: fn(&str) -> Result<Self, BoxDynError> = $read;
                read(text)
            }
        }
    };
}

// A code this version does not know (logged by a newer one, say) reads as `Unknown`.
stored_as_text!(ErrorCode, |text| Ok(ErrorCode::parse(text)));
stored_as_text!(Stage, |text| Stage::parse(text).ok_or_else(|| format!("unknown stage {text:?}").into()));
