//! A bounded, borrowing JSON reader and a writer into caller buffers (RFC 8259).
//!
//! The reader validates strictly (UTF-8, grammar, escapes, surrogates, number syntax), bounds
//! nesting by [`MAX_JSON_DEPTH`](crate::limits::MAX_JSON_DEPTH) with a `u64` bit stack instead
//! of recursion, bounds entries per container, and rejects duplicate member names in every
//! object it is asked to read as a whole ([`Object::parse`]). Strings are borrowed raw
//! (escapes intact) and decoded only when asked.

mod read;
mod walk;
mod write;

pub use read::{
    Array, ArrayIter, JsonStr, KEY_LEN, Member, Number, Object, ObjectIter, StrBytes, Value,
    parse_value,
};
pub(crate) use read::{Pull, Visit};
pub use walk::{WalkError, Walker};
pub use write::{JsonWriter, ObjectWriter, Style};
