//! Form / query decoding (`Params::parse_form`) and JSON message bodies
//! (`Params::parse_json`): never panic, a scratch buffer as long as the input is always
//! enough, every decoded name and value is within its named limit, and at most `MAX_PARAMS`
//! pairs come out. Form decoding is checked against an independent decoder (Python's
//! `parse_qs` rules: `+` is a space, pairs without `=` or with an empty value are dropped).
#![no_main]
use libfuzzer_sys::fuzz_target;
use oxidc::Error;
use oxidc::limits::{MAX_PARAM_NAME_LEN, MAX_PARAM_VALUE_LEN, MAX_PARAMS};
use oxidc::oauth::{Params, RawValue};
use oxidc_fuzz::split_first;

fn pct_decode(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let h = s.get(i + 1..i + 3)?;
                let h = core::str::from_utf8(h).ok()?;
                out.push(u8::from_str_radix(h, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    Some(out)
}

fn check(p: &Params<'_>) {
    assert!(p.len() <= MAX_PARAMS);
    for (i, (name, value)) in p.iter().enumerate() {
        assert!(name.len() <= MAX_PARAM_NAME_LEN);
        if let Some(t) = value.as_text() {
            assert!(t.len() <= MAX_PARAM_VALUE_LEN);
        }
        assert_eq!(p.entry(i).map(|e| e.0), Some(name));
        assert!(p.contains(name));
        assert!(p.count(name) >= 1);
        assert_eq!(p.get_all(name).count(), p.count(name));
    }
}

fuzz_target!(|data: &[u8]| {
    let (sel, input) = split_first(data);
    let mut scratch = vec![0u8; input.len()];
    if sel & 1 == 0 {
        match Params::parse_form(input, &mut scratch) {
            Ok(p) => {
                check(&p);
                // Independent decoder: the same pairs, in order.
                let mut want = Vec::new();
                for pair in input.split(|&b| b == b'&') {
                    let Some(eq) = pair.iter().position(|&b| b == b'=') else {
                        continue;
                    };
                    if eq + 1 == pair.len() {
                        continue;
                    }
                    let n = pct_decode(&pair[..eq]).expect("accepted pair decodes");
                    let v = pct_decode(&pair[eq + 1..]).expect("accepted pair decodes");
                    want.push((n, v));
                }
                let got: Vec<(Vec<u8>, Vec<u8>)> = p
                    .iter()
                    .map(|(n, v)| {
                        (
                            n.as_bytes().to_vec(),
                            v.as_text().unwrap().as_bytes().to_vec(),
                        )
                    })
                    .collect();
                assert_eq!(got, want);
            }
            Err(e) => assert_ne!(e, Error::BufferTooSmall),
        }
    } else {
        match Params::parse_json(input, &mut scratch) {
            Ok(p) => {
                check(&p);
                let j: serde_json::Value =
                    serde_json::from_slice(input).expect("accepted body is JSON");
                for (name, value) in p.iter() {
                    let want = &j[name];
                    match value {
                        RawValue::Text(t) => assert_eq!(want.as_str(), Some(t)),
                        RawValue::StrList(l) => {
                            let got: Vec<&str> = l.iter().collect();
                            let want: Vec<&str> = want
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|v| v.as_str().unwrap())
                                .collect();
                            assert_eq!(got, want);
                        }
                        _ => {}
                    }
                }
            }
            Err(e) => assert_ne!(e, Error::BufferTooSmall),
        }
    }
});
