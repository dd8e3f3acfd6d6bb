//! Mints an idpyoidc-style access token and ID token with HS256 and ES256, verifies both as a
//! resource server and a relying party would, and prints them.
//!
//! `cargo run -p oxidc --example idpyoidc_tokens`

use oxidc::jwt::{AccessTokenClaims, IdTokenClaims, mint_access_token, mint_id_token};
use oxidc::{Error, Jwk, KeySet, KidForm, SigningKey, UnixTime, Validator};

const EC_PRIVATE: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#;
const OCT: &str = r#"{"kty":"oct","k":"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50"}"#;

fn main() -> Result<(), Error> {
    let issuer = "https://op.example.org/";
    let now = UnixTime(1_795_420_786);
    for (name, jwk) in [("HS256", OCT), ("ES256", EC_PRIVATE)] {
        let key: SigningKey =
            SigningKey::from_jwk(jwk.as_bytes())?.with_thumbprint_kid(KidForm::Rfc7638)?;
        let mut public: KeySet = KeySet::new();
        public.push(Jwk::from_json(jwk.as_bytes())?.with_kid(key.kid().unwrap_or_default())?)?;

        let sid = "Z0FBQUFBQnJBX0ZoLW1vY2stc2Vzc2lvbi1pZC1mb3ItZGVtby1vbmx5";
        let mut at = [0u8; 2048];
        let n = mint_access_token(
            &key,
            &AccessTokenClaims {
                scope: &["openid", "offline_access"],
                scope_as_string: true,
                aud: &["client_1"],
                jti: "a2a4c0b7e4c94c4f8e8b2f1d0c9e5e04",
                client_id: "client_1",
                sub: "b9eb09a780ecbd667b426a8e61d2af10887ace6a5d535210fab5ac3112a2ed19",
                acr: None,
                extra: &[],
                sid,
                token_class: "access_token",
                iss: issuer,
                iat: now.0,
                exp: now.0 + 3600,
            },
            &mut at,
        )?;
        let access_token = core::str::from_utf8(&at[..n]).map_err(|_| Error::InvalidUtf8)?;

        let mut it = [0u8; 2048];
        let n = mint_id_token(
            &key,
            &IdTokenClaims {
                sub: "b9eb09a780ecbd667b426a8e61d2af10887ace6a5d535210fab5ac3112a2ed19",
                sid,
                auth_time: Some(now.0),
                acr: None,
                extra: &[],
                scope: &["openid", "offline_access"],
                jti: None,
                code: None,
                access_token: Some(access_token),
                nonce: Some("N0NCE"),
                iss: issuer,
                iat: now.0,
                exp: now.0 + 300,
                aud: &["client_1"],
            },
            &mut it,
        )?;
        let id_token = core::str::from_utf8(&it[..n]).map_err(|_| Error::InvalidUtf8)?;

        let rs = Validator::new().issuer(issuer).audience("client_1");
        let mut buf = [0u8; 2048];
        let v = rs.verify(access_token, &public, now, &mut buf)?;
        let scope = v
            .claims()
            .get("scope")
            .and_then(|s| s.as_str())
            .unwrap_or("");
        println!(
            "{name} access token ({} bytes, scope {scope:?}):\n  {access_token}",
            access_token.len()
        );
        let v = rs.verify(id_token, &public, now, &mut buf)?;
        let at_hash = v
            .claims()
            .get("at_hash")
            .and_then(|s| s.as_str())
            .unwrap_or("");
        println!(
            "{name} ID token ({} bytes, at_hash {at_hash}):\n  {id_token}\n",
            id_token.len()
        );
    }
    Ok(())
}
