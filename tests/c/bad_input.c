/* Bad input from C: NULL pointers, zero lengths, buffers one byte short, non-UTF-8 and huge
 * lengths. Each must be a clear result code and never a crash; failed calls write nothing. */
#include "harness.h"

static const char JWKS[] =
    "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"hs\","
    "\"k\":\"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY\"}]}";
static const char HS_JWK[] =
    "{\"kty\":\"oct\",\"kid\":\"hs\",\"k\":\"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY\"}";
#define HUGE_LEN ((size_t)-1)
#define NOW 1700000000

static oxidc_str S(const char *s) {
    oxidc_str r;
    r.ptr = (const uint8_t *)s;
    r.len = strlen(s);
    return r;
}

int main(void) {
    oxidc_keyset *keys = NULL, *untouched = (oxidc_keyset *)&g_passed;
    oxidc_validator_builder *b = NULL;
    oxidc_validator *v = NULL;
    oxidc_token *t = NULL;
    oxidc_signing_key *key = NULL;
    oxidc_jwk *jwk = NULL;
    uint8_t out[4096];
    size_t n = 0, sentinel;
    uint8_t token[1024];
    size_t token_len = 0;
    oxidc_claim c[2];
    const uint8_t *p = NULL;
    char msg[256];

    g_case = "setup";
    CHECK_RC(oxidc_keyset_from_jwks((const uint8_t *)JWKS, strlen(JWKS), &keys), OXIDC_OK);
    CHECK_RC(oxidc_validator_builder_new(&b), OXIDC_OK);
    CHECK_RC(oxidc_validator_builder_build(b, &v), OXIDC_OK);
    CHECK_RC(oxidc_token_new(&t), OXIDC_OK);
    CHECK_RC(oxidc_signing_key_from_jwk((const uint8_t *)HS_JWK, strlen(HS_JWK), OXIDC_ALG_DEFAULT,
                                        OXIDC_SIGNING_KID_FROM_JWK, &key),
             OXIDC_OK);
    memset(c, 0, sizeof c);
    c[0].name = S("sub");
    c[0].kind = OXIDC_CLAIM_STRING;
    c[0].string = S("alice");
    c[1].name = S("exp");
    c[1].kind = OXIDC_CLAIM_INT;
    c[1].integer = NOW + 60;
    CHECK_RC(oxidc_mint_claims(key, NULL, c, 2, token, sizeof token, &token_len), OXIDC_OK);

    g_case = "null pointers";
    CHECK_RC(oxidc_keyset_from_jwks(NULL, 10, &keys), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_keyset_from_jwks(NULL, 0, &keys), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_keyset_from_jwks((const uint8_t *)JWKS, strlen(JWKS), NULL),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_validator_verify(NULL, keys, token, token_len, NOW, t), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_validator_verify(v, NULL, token, token_len, NOW, t), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_validator_verify(v, keys, NULL, token_len, NOW, t), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_validator_verify(v, keys, token, token_len, NOW, NULL), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_token_sub(NULL, out, sizeof out, &n), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_token_sub(t, NULL, sizeof out, &n), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_token_sub(t, out, sizeof out, NULL), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_token_payload(t, NULL, &n), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_mint_claims(NULL, NULL, c, 2, out, sizeof out, &n), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_mint_claims(key, NULL, NULL, 2, out, sizeof out, &n), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_mint_access_token(key, NULL, out, sizeof out, &n), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_result_message(OXIDC_EXPIRED, NULL, 10, &n), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_validator_builder_add_issuer(NULL, (const uint8_t *)"x", 1),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_keyset_len(NULL, &n), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_signing_key_from_hmac_secret(NULL, 32, OXIDC_ALG_HS256, NULL, 0, &key),
             OXIDC_NULL_PARAMETER);
    /* _free(NULL) is a no-op. */
    oxidc_keyset_free(NULL);
    oxidc_validator_free(NULL);
    oxidc_validator_builder_free(NULL);
    oxidc_token_free(NULL);
    oxidc_signing_key_free(NULL);
    oxidc_jwk_free(NULL);
    /* A failed constructor leaves *out as it was. */
    CHECK_RC(oxidc_keyset_from_jwks((const uint8_t *)"{}", 2, &untouched),
             OXIDC_MISSING_KEY_MEMBER);
    CHECK(untouched == (oxidc_keyset *)&g_passed, "out written on failure");

    g_case = "zero lengths";
    CHECK_RC(oxidc_keyset_from_jwks((const uint8_t *)JWKS, 0, &keys), OXIDC_INVALID_JSON);
    CHECK_RC(oxidc_validator_verify(v, keys, token, 0, NOW, t), OXIDC_MALFORMED_TOKEN);
    CHECK_RC(oxidc_jwk_from_hmac_secret((const uint8_t *)"x", 0, OXIDC_ALG_DEFAULT, &jwk),
             OXIDC_KEY_TOO_SHORT);
    CHECK_RC(oxidc_token_claim_string(t, (const uint8_t *)"sub", 0, out, sizeof out, &n),
             OXIDC_NO_TOKEN);
    CHECK_RC(oxidc_mint_claims(key, NULL, NULL, 0, out, sizeof out, &n), OXIDC_OK);
    CHECK_RC(oxidc_result_message(OXIDC_EXPIRED, out, 0, &n), OXIDC_BUFFER_TOO_SMALL);

    g_case = "one byte short";
    CHECK_RC(oxidc_validator_verify(v, keys, token, token_len, NOW, t), OXIDC_OK);
    sentinel = 99;
    CHECK_RC(oxidc_token_sub(t, out, 4, &sentinel), OXIDC_BUFFER_TOO_SMALL);
    CHECK(sentinel == 99, "out_len written on failure");
    CHECK_RC(oxidc_token_sub(t, out, 5, &n), OXIDC_OK);
    CHECK(n == 5 && memcmp(out, "alice", 5) == 0, "sub");
    sentinel = 99;
    CHECK_RC(oxidc_mint_claims(key, NULL, c, 2, out, token_len - 1, &sentinel),
             OXIDC_BUFFER_TOO_SMALL);
    CHECK(sentinel == 99, "out_len written on failure");
    CHECK_RC(oxidc_mint_claims(key, NULL, c, 2, out, token_len, &n), OXIDC_OK);
    CHECK(n == token_len && memcmp(out, token, n) == 0, "mint is deterministic for HS256");
    CHECK_RC(oxidc_result_message(OXIDC_EXPIRED, out, 16, &n), OXIDC_BUFFER_TOO_SMALL);
    CHECK_RC(oxidc_result_message(OXIDC_EXPIRED, out, 17, &n), OXIDC_OK);
    CHECK(n == 17, "message length");
    CHECK_RC(oxidc_keyset_kid(keys, 0, out, 1, &n), OXIDC_BUFFER_TOO_SMALL);
    CHECK_RC(oxidc_keyset_kid(keys, 0, out, 2, &n), OXIDC_OK);
    CHECK_RC(oxidc_keyset_kid(keys, 1, out, 2, &n), OXIDC_NOT_FOUND);

    g_case = "non-UTF-8";
    {
        uint8_t bad_token[1024];
        memcpy(bad_token, token, token_len);
        bad_token[3] = 0xff;
        CHECK_RC(oxidc_validator_verify(v, keys, bad_token, token_len, NOW, t),
                 OXIDC_INVALID_UTF8);
        CHECK_RC(oxidc_validator_builder_add_issuer(b, (const uint8_t *)"\xc3\x28", 2),
                 OXIDC_INVALID_UTF8_ARGUMENT);
        CHECK_RC(oxidc_token_claim_string(t, (const uint8_t *)"\xff", 1, out, sizeof out, &n),
                 OXIDC_INVALID_UTF8_ARGUMENT);
        CHECK_RC(oxidc_keyset_from_jwks((const uint8_t *)"{\"keys\":[\"\xff\"]}", 14, &keys),
                 OXIDC_INVALID_UTF8);
        c[0].string.ptr = (const uint8_t *)"\xfe";
        c[0].string.len = 1;
        CHECK_RC(oxidc_mint_claims(key, NULL, c, 2, out, sizeof out, &n),
                 OXIDC_INVALID_UTF8_ARGUMENT);
        c[0].string = S("alice");
        /* The holder still has the last good token. */
        CHECK_RC(oxidc_token_sub(t, out, sizeof out, &n), OXIDC_OK);
    }

    g_case = "huge lengths";
    CHECK_RC(oxidc_keyset_from_jwks((const uint8_t *)JWKS, HUGE_LEN, &keys),
             OXIDC_INPUT_TOO_LARGE);
    CHECK_RC(oxidc_validator_verify(v, keys, token, HUGE_LEN, NOW, t), OXIDC_TOKEN_TOO_LARGE);
    CHECK_RC(oxidc_validator_verify(v, keys, token, 16385, NOW, t), OXIDC_TOKEN_TOO_LARGE);
    CHECK_RC(oxidc_validator_builder_add_issuer(b, (const uint8_t *)"x", HUGE_LEN),
             OXIDC_INPUT_TOO_LARGE);
    CHECK_RC(oxidc_mint_claims(key, NULL, c, HUGE_LEN, out, sizeof out, &n),
             OXIDC_INPUT_TOO_LARGE);
    CHECK_RC(oxidc_token_claim_json(t, (const uint8_t *)"sub", HUGE_LEN, &p, &n),
             OXIDC_INPUT_TOO_LARGE);
    /* A huge output capacity is fine: only what is written is touched. */
    CHECK_RC(oxidc_token_sub(t, out, HUGE_LEN, &n), OXIDC_OK);

    g_case = "bad enums and codes";
    CHECK_RC(oxidc_signing_key_from_jwk((const uint8_t *)HS_JWK, strlen(HS_JWK), 99,
                                        OXIDC_SIGNING_KID_FROM_JWK, &key),
             OXIDC_INVALID_ARGUMENT);
    CHECK_RC(oxidc_signing_key_from_jwk((const uint8_t *)HS_JWK, strlen(HS_JWK), OXIDC_ALG_ES256,
                                        OXIDC_SIGNING_KID_FROM_JWK, &key),
             OXIDC_ALGORITHM_MISMATCH);
    CHECK_RC(oxidc_validator_builder_set_required(b, 1u << 20), OXIDC_INVALID_ARGUMENT);
    c[0].kind = 42;
    CHECK_RC(oxidc_mint_claims(key, NULL, c, 2, out, sizeof out, &n), OXIDC_INVALID_ARGUMENT);
    c[0].kind = OXIDC_CLAIM_STRING;
    CHECK_RC(oxidc_result_name(123456, out, sizeof out, &n), OXIDC_OK);
    CHECK(n == 7 && memcmp(out, "unknown", 7) == 0, "unknown code name");
    CHECK(!oxidc_result_is_parse(123456), "unknown code in a band");
    CHECK(oxidc_result_is_ffi(OXIDC_NULL_PARAMETER), "band");
    CHECK(oxidc_result_is_claims(OXIDC_EXPIRED), "band");
    CHECK(oxidc_result_is_jose(OXIDC_BAD_SIGNATURE), "band");
    CHECK(!oxidc_result_is_jose(OXIDC_OK), "band");
    CHECK_RC(oxidc_result_message(OXIDC_PANIC, (uint8_t *)msg, sizeof msg - 1, &n), OXIDC_OK);
    CHECK(strcmp(oxidc_version(), "0.1.0") == 0 && OXIDC_VERSION_MINOR == 1, "version");

    oxidc_signing_key_free(key);
    oxidc_token_free(t);
    oxidc_validator_free(v);
    oxidc_validator_builder_free(b);
    oxidc_keyset_free(keys);
    return finish("bad_input");
}
