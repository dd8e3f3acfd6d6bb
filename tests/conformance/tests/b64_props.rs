//! Property tests for base64url: encode/decode round trips and in-place encoding.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use oxidc::b64;
use proptest::prelude::*;

proptest! {
    #[test]
    fn in_place_matches_copying(data in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut expect = [0u8; 300];
        let n = b64::encode(&data, &mut expect).unwrap();
        let mut buf = [0u8; 300];
        buf[..data.len()].copy_from_slice(&data);
        let m = b64::encode_in_place(&mut buf[..n], data.len()).unwrap();
        prop_assert_eq!(&buf[..m], &expect[..n]);
    }

    #[test]
    fn encode_decode_round_trip(data in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut enc = [0u8; 300];
        let n = b64::encode(&data, &mut enc).unwrap();
        let mut dec = [0u8; 200];
        let m = b64::decode(&enc[..n], &mut dec).unwrap().len();
        prop_assert_eq!(&dec[..m], &data[..]);
        let mut dec2 = [0u8; 200];
        prop_assert_eq!(b64::decode_secret(&enc[..n], &mut dec2).unwrap(), &data[..]);
    }

    #[test]
    fn decode_never_panics(text in proptest::collection::vec(any::<u8>(), 0..100)) {
        let mut out = [0u8; 100];
        let _ = b64::decode(&text, &mut out);
        let _ = b64::validate(&text);
    }
}
