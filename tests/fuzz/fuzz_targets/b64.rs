//! base64url (strict, unpadded) and standard base64: decode/validate agree, decoding is
//! canonical (re-encoding gives the input back), the constant-time secret decoder agrees with
//! the table decoder, and a buffer of `decoded_len` bytes is always enough.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oxidc::b64;

fuzz_target!(|data: &[u8]| {
    let mut out = vec![0u8; data.len()];
    let dec = b64::decode(data, &mut out).map(|s| s.to_vec());
    let val = b64::validate(data);
    assert_eq!(dec.as_ref().map(Vec::len).ok(), val.ok());
    if let Ok(bytes) = &dec {
        assert_eq!(Some(bytes.len()), b64::decoded_len(data.len()));
        let mut enc = vec![0u8; b64::encoded_len(bytes.len())];
        let n = b64::encode(bytes, &mut enc).unwrap();
        assert_eq!(&enc[..n], data, "non-canonical base64url accepted");
        let mut s = vec![0u8; data.len()];
        if let Ok(secret) = b64::decode_secret(data, &mut s) {
            assert_eq!(secret, &bytes[..]);
        }
        // In place encoding gives the same text.
        let mut inplace = vec![0u8; b64::encoded_len(bytes.len())];
        inplace[..bytes.len()].copy_from_slice(bytes);
        let m = b64::encode_in_place(&mut inplace, bytes.len()).unwrap();
        assert_eq!(&inplace[..m], data);
    }
    let mut s = vec![0u8; data.len()];
    if let Ok(std) = b64::decode_standard(data, &mut s) {
        let std = std.to_vec();
        let mut enc = vec![0u8; data.len() + 4];
        let n = b64::encode_standard(&std, &mut enc).unwrap();
        assert_eq!(&enc[..n], data, "non-canonical standard base64 accepted");
    }
    // Encoding arbitrary bytes round-trips.
    let mut enc = vec![0u8; b64::encoded_len(data.len())];
    let n = b64::encode(data, &mut enc).unwrap();
    let mut back = vec![0u8; data.len()];
    assert_eq!(b64::decode(&enc[..n], &mut back).unwrap(), data);
});
