//! Fixed-capacity secret bytes: zeroized on drop, redacted in `Debug`, compared in constant time.

use crate::Error;
use zeroize::Zeroize;

/// Secret bytes held inline (at most `N`). Never printed; zeroized when dropped; no `Clone`.
pub struct Secret<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> Secret<N> {
    /// Copies `bytes` into a new secret; longer than `N` is [`Error::ValueTooLong`].
    pub fn new(bytes: &[u8]) -> Result<Self, Error> {
        let mut s = Secret {
            bytes: [0; N],
            len: bytes.len(),
        };
        s.bytes
            .get_mut(..bytes.len())
            .ok_or(Error::ValueTooLong)?
            .copy_from_slice(bytes);
        Ok(s)
    }

    /// An empty secret whose buffer the caller fills through [`Secret::fill_with`].
    pub(crate) fn fill_with(
        f: impl FnOnce(&mut [u8; N]) -> Result<usize, Error>,
    ) -> Result<Self, Error> {
        let mut s = Secret {
            bytes: [0; N],
            len: 0,
        };
        s.len = f(&mut s.bytes)?;
        if s.len > N {
            return Err(Error::ValueTooLong);
        }
        Ok(s)
    }

    /// The secret bytes. Handle with care.
    pub fn expose(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Constant-time comparison with `other` (only the length may leak).
    pub fn ct_eq(&self, other: &[u8]) -> bool {
        crate::crypto::ct_eq(self.expose(), other)
    }
}

impl<const N: usize> Drop for Secret<N> {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl<const N: usize> core::fmt::Debug for Secret<N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Secret([REDACTED; {}])", self.len)
    }
}
