/* Every JWS/JWT vector of the shared corpus (tests/vectors/{jws,rfc}) through the C API:
 * verify + validate, claims access, one flipped byte per part after every positive case
 * (the holder must keep its previous token), re-mint round trips (HMAC byte-identical),
 * plain JWS payloads and RFC 7638 thumbprints / cryptojwt kids.
 *
 * Usage: vectors <vectors.txt made by gen_vectors.py> */
#include "harness.h"

#define MAX_LINES 256
#define MAX_WORDS 64

typedef struct {
    char *lines[MAX_LINES];
    size_t n;
} record;

/* The corpus's error categories (tests/vectors/jws/README.md). */
static const char *category(oxidc_result rc) {
    switch (rc) {
    case OXIDC_INVALID_BASE64:
    case OXIDC_INVALID_UTF8:
    case OXIDC_INVALID_JSON:
    case OXIDC_DUPLICATE_MEMBER:
    case OXIDC_NOT_AN_OBJECT:
    case OXIDC_MALFORMED_TOKEN:
    case OXIDC_MISSING_ALGORITHM:
    case OXIDC_INVALID_HEADER:
        return "malformed";
    case OXIDC_TOKEN_TOO_LARGE:
    case OXIDC_HEADER_TOO_LARGE:
    case OXIDC_JSON_TOO_DEEP:
    case OXIDC_TOO_MANY_MEMBERS:
    case OXIDC_VALUE_TOO_LONG:
    case OXIDC_TOO_MANY_KEYS:
        return "too_large";
    case OXIDC_ALGORITHM_NONE:
    case OXIDC_UNSUPPORTED_ALGORITHM:
    case OXIDC_ALGORITHM_MISMATCH:
        return "unsupported_algorithm";
    case OXIDC_UNSUPPORTED_CRITICAL:
    case OXIDC_UNENCODED_PAYLOAD:
        return "unsupported_header";
    default:
        return result_name(rc);
    }
}

static const char *const ALG_NAMES[] = {"",      "HS256", "HS384", "HS512", "ES256", "RS256",
                                        "RS384", "RS512", "PS256", "PS384", "PS512"};

static uint32_t alg_code(const char *name) {
    uint32_t i;
    for (i = 1; i <= 10; i++) {
        if (strcmp(ALG_NAMES[i], name) == 0) return i;
    }
    return 0;
}

/* Finds the first line starting with `field ` and splits it; returns the word count. */
static size_t field(const record *r, const char *name, char **words, char *scratch,
                    size_t scratch_len) {
    size_t i, n = strlen(name);
    for (i = 0; i < r->n; i++) {
        if (strncmp(r->lines[i], name, n) == 0 && r->lines[i][n] == ' ') {
            size_t len = strlen(r->lines[i]);
            if (len >= scratch_len) {
                fprintf(stderr, "line too long\n");
                exit(2);
            }
            memcpy(scratch, r->lines[i], len + 1);
            return split_words(scratch, words, MAX_WORDS);
        }
    }
    return 0;
}

static bytes field_hex(const record *r, const char *name, int *found) {
    static char scratch[1 << 20];
    char *w[MAX_WORDS];
    bytes none = {NULL, 0};
    if (field(r, name, w, scratch, sizeof scratch) < 2) {
        *found = 0;
        return none;
    }
    *found = 1;
    return unhex(w[1], strlen(w[1]));
}

static long long field_int(const record *r, const char *name, long long dflt) {
    static char scratch[256];
    char *w[MAX_WORDS];
    if (field(r, name, w, scratch, sizeof scratch) < 2) return dflt;
    return strtoll(w[1], NULL, 10);
}

static int bytes_eq(const uint8_t *a, size_t an, const uint8_t *b, size_t bn) {
    return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

/* Checks every claim line of a positive case against the verified token. */
static void check_claims(const record *r, const oxidc_token *t) {
    size_t i;
    uint8_t buf[4096];
    size_t n = 0;
    for (i = 0; i < r->n; i++) {
        char scratch[1 << 14];
        char *w[MAX_WORDS];
        size_t nw, k;
        bytes name;
        if (r->lines[i][0] != 'c' || strlen(r->lines[i]) >= sizeof scratch) continue;
        memcpy(scratch, r->lines[i], strlen(r->lines[i]) + 1);
        nw = split_words(scratch, w, MAX_WORDS);
        if (nw < 3 || strcmp(w[0], "case") == 0) continue;
        name = unhex(w[1], strlen(w[1]));
        if (strcmp(w[0], "cstr") == 0) {
            bytes want = unhex(w[2], strlen(w[2]));
            CHECK_RC(oxidc_token_claim_string(t, name.ptr, name.len, buf, sizeof buf, &n),
                     OXIDC_OK);
            CHECK(bytes_eq(buf, n, want.ptr, want.len), "claim %s", (char *)name.ptr);
            if (strcmp((char *)name.ptr, "iss") == 0) {
                CHECK_RC(oxidc_token_iss(t, buf, sizeof buf, &n), OXIDC_OK);
                CHECK(bytes_eq(buf, n, want.ptr, want.len), "iss");
            } else if (strcmp((char *)name.ptr, "sub") == 0) {
                CHECK_RC(oxidc_token_sub(t, buf, sizeof buf, &n), OXIDC_OK);
                CHECK(bytes_eq(buf, n, want.ptr, want.len), "sub");
            } else if (strcmp((char *)name.ptr, "jti") == 0) {
                CHECK_RC(oxidc_token_jti(t, buf, sizeof buf, &n), OXIDC_OK);
                CHECK(bytes_eq(buf, n, want.ptr, want.len), "jti");
            }
            if (want.len > 0) {
                /* One byte short: a clear code and nothing written. */
                size_t m = 12345;
                CHECK_RC(oxidc_token_claim_string(t, name.ptr, name.len, buf, want.len - 1, &m),
                         OXIDC_BUFFER_TOO_SMALL);
                CHECK(m == 12345, "out_len written on failure");
            }
            bytes_free(&want);
        } else if (strcmp(w[0], "cint") == 0) {
            int64_t v = 0;
            long long want = strtoll(w[2], NULL, 10);
            CHECK_RC(oxidc_token_claim_int(t, name.ptr, name.len, &v), OXIDC_OK);
            CHECK(v == want, "claim %s", (char *)name.ptr);
            if (strcmp((char *)name.ptr, "exp") == 0) {
                CHECK_RC(oxidc_token_exp(t, &v), OXIDC_OK);
                CHECK(v == want, "exp");
            } else if (strcmp((char *)name.ptr, "iat") == 0) {
                CHECK_RC(oxidc_token_iat(t, &v), OXIDC_OK);
                CHECK(v == want, "iat");
            } else if (strcmp((char *)name.ptr, "nbf") == 0) {
                CHECK_RC(oxidc_token_nbf(t, &v), OXIDC_OK);
                CHECK(v == want, "nbf");
            }
        } else if (strcmp(w[0], "cbool") == 0) {
            bool v = false;
            CHECK_RC(oxidc_token_claim_bool(t, name.ptr, name.len, &v), OXIDC_OK);
            CHECK(v == (w[2][0] == '1'), "claim %s", (char *)name.ptr);
        } else if (strcmp(w[0], "cstrs") == 0) {
            size_t count = 0, want_count = (size_t)strtoul(w[2], NULL, 10);
            CHECK_RC(oxidc_token_claim_strings_len(t, name.ptr, name.len, &count), OXIDC_OK);
            CHECK(count == want_count, "claim %s count", (char *)name.ptr);
            for (k = 0; k < want_count && 3 + k < nw; k++) {
                bytes want = unhex(w[3 + k], strlen(w[3 + k]));
                CHECK_RC(oxidc_token_claim_strings_get(t, name.ptr, name.len, k, buf, sizeof buf,
                                                       &n),
                         OXIDC_OK);
                CHECK(bytes_eq(buf, n, want.ptr, want.len), "claim %s[%zu]", (char *)name.ptr,
                      k);
                bytes_free(&want);
            }
            CHECK_RC(oxidc_token_claim_strings_get(t, name.ptr, name.len, want_count, buf,
                                                   sizeof buf, &n),
                     OXIDC_NOT_FOUND);
        } else if (strcmp(w[0], "cjson") == 0) {
            const uint8_t *p = NULL;
            size_t len = 0;
            CHECK_RC(oxidc_token_claim_json(t, name.ptr, name.len, &p, &len), OXIDC_OK);
            CHECK(p != NULL && len > 0, "claim %s json", (char *)name.ptr);
        }
        bytes_free(&name);
    }
    {
        int64_t v = 0;
        CHECK_RC(oxidc_token_claim_int(t, (const uint8_t *)"no-such-claim", 13, &v),
                 OXIDC_NOT_FOUND);
    }
}

static void check_header(const record *r, const oxidc_token *t) {
    static char scratch[256];
    char *w[MAX_WORDS];
    uint32_t alg = 0;
    int found = 0;
    uint8_t buf[512];
    size_t n = 0;
    bytes kid;
    if (field(r, "alg", w, scratch, sizeof scratch) >= 2) {
        CHECK_RC(oxidc_token_alg(t, &alg), OXIDC_OK);
        CHECK(alg == alg_code(w[1]), "alg %u vs %s", (unsigned)alg, w[1]);
    }
    kid = field_hex(r, "hkid", &found);
    if (found) {
        CHECK_RC(oxidc_token_header_string(t, (const uint8_t *)"kid", 3, buf, sizeof buf, &n),
                 OXIDC_OK);
        CHECK(bytes_eq(buf, n, kid.ptr, kid.len), "header kid");
    } else {
        CHECK_RC(oxidc_token_header_string(t, (const uint8_t *)"kid", 3, buf, sizeof buf, &n),
                 OXIDC_NOT_FOUND);
    }
    bytes_free(&kid);
}

static oxidc_validator *make_validator(const record *r) {
    oxidc_validator_builder *b = NULL;
    oxidc_validator *v = NULL;
    int found = 0;
    bytes s;
    CHECK_RC(oxidc_validator_builder_new(&b), OXIDC_OK);
    CHECK_RC(oxidc_validator_builder_set_leeway(b, (uint32_t)field_int(r, "leeway", 15)),
             OXIDC_OK);
    s = field_hex(r, "issuer", &found);
    if (found) CHECK_RC(oxidc_validator_builder_add_issuer(b, s.ptr, s.len), OXIDC_OK);
    bytes_free(&s);
    s = field_hex(r, "audience", &found);
    if (found) CHECK_RC(oxidc_validator_builder_add_audience(b, s.ptr, s.len), OXIDC_OK);
    bytes_free(&s);
    CHECK_RC(oxidc_validator_builder_build(b, &v), OXIDC_OK);
    oxidc_validator_builder_free(b);
    return v;
}

/* After a positive case: one flipped byte in each part must fail, and the holder must keep
 * the token it held (outputs are written only on success). */
static void flipped_bytes_fail(const oxidc_validator *v, const oxidc_keyset *ks,
                               const bytes *token, int64_t now, oxidc_token *holder) {
    const uint8_t *before = NULL;
    size_t before_len = 0, d1 = 0, d2 = 0, i;
    size_t pos[3];
    uint8_t *copy;
    CHECK_RC(oxidc_token_payload(holder, &before, &before_len), OXIDC_OK);
    copy = (uint8_t *)malloc(before_len + 1);
    memcpy(copy, before, before_len);
    for (i = 0; i < token->len; i++) {
        if (token->ptr[i] == '.') {
            if (!d1) d1 = i;
            else d2 = i;
        }
    }
    pos[0] = d1 / 2;
    pos[1] = (d1 + d2) / 2;
    pos[2] = (d2 + token->len) / 2;
    for (i = 0; i < 3; i++) {
        bytes t = unhex("-", 1);
        const uint8_t *after = NULL;
        size_t after_len = 0;
        oxidc_result rc;
        free(t.ptr);
        t.ptr = (uint8_t *)malloc(token->len);
        t.len = token->len;
        memcpy(t.ptr, token->ptr, token->len);
        t.ptr[pos[i]] = t.ptr[pos[i]] == 'A' ? 'B' : 'A';
        rc = v ? oxidc_validator_verify(v, ks, t.ptr, t.len, now, holder)
               : oxidc_jws_verify(ks, t.ptr, t.len, holder);
        CHECK(rc != OXIDC_OK, "flipped byte %zu accepted", pos[i]);
        CHECK_RC(oxidc_token_payload(holder, &after, &after_len), OXIDC_OK);
        CHECK(bytes_eq(after, after_len, copy, before_len), "holder changed by a failed verify");
        bytes_free(&t);
    }
    free(copy);
}

static void remint(const record *r, const oxidc_validator *v, const oxidc_keyset *ks,
                   const bytes *token, int64_t now, oxidc_token *holder) {
    static char scratch[64];
    char *w[MAX_WORDS];
    int found = 0;
    bytes jwk = field_hex(r, "signing_jwk", &found);
    bytes kid;
    oxidc_signing_key *key = NULL;
    const uint8_t *payload = NULL;
    size_t payload_len = 0, n = 0, n2 = 0;
    uint8_t *claims, out[16384], again[16384];
    oxidc_header_spec spec;
    uint32_t alg;
    int kid_found = 0;
    if (!found) return;
    if (field(r, "signing_alg", w, scratch, sizeof scratch) < 2) {
        bytes_free(&jwk);
        return;
    }
    alg = alg_code(w[1]);
    CHECK_RC(oxidc_signing_key_from_jwk(jwk.ptr, jwk.len, alg, OXIDC_SIGNING_KID_FROM_JWK, &key),
             OXIDC_OK);
    bytes_free(&jwk);
    if (!key) return;
    CHECK_RC(oxidc_token_payload(holder, &payload, &payload_len), OXIDC_OK);
    claims = (uint8_t *)malloc(payload_len + 1);
    memcpy(claims, payload, payload_len);
    kid = field_hex(r, "hkid", &kid_found);
    memset(&spec, 0, sizeof spec);
    spec.kid_mode = kid_found ? OXIDC_HEADER_KID_EXPLICIT : OXIDC_HEADER_KID_OMIT;
    spec.kid.ptr = kid.ptr;
    spec.kid.len = kid.len;
    CHECK_RC(oxidc_mint_json(key, &spec, claims, payload_len, out, sizeof out, &n), OXIDC_OK);
    if (w[1][0] == 'H') {
        /* HMAC is deterministic: cryptojwt's token comes back byte for byte. */
        CHECK(bytes_eq(out, n, token->ptr, token->len), "re-minted HMAC token differs");
    }
    CHECK_RC(oxidc_validator_verify(v, ks, out, n, now, holder), OXIDC_OK);
    CHECK_RC(oxidc_token_payload(holder, &payload, &payload_len), OXIDC_OK);
    /* One byte short: nothing written. */
    n2 = 777;
    CHECK_RC(oxidc_mint_json(key, &spec, claims, payload_len, again, n - 1, &n2),
             OXIDC_BUFFER_TOO_SMALL);
    CHECK(n2 == 777, "out_len written on failure");
    free(claims);
    bytes_free(&kid);
    oxidc_signing_key_free(key);
}

static void run_jwt(const record *r, const char *expect, int plain_jws) {
    int found = 0;
    bytes token = field_hex(r, "token", &found);
    bytes jwks = field_hex(r, "jwks", &found);
    int64_t now = (int64_t)field_int(r, "now", 0);
    oxidc_keyset *ks = NULL;
    oxidc_validator *v = plain_jws ? NULL : make_validator(r);
    oxidc_token *holder = NULL;
    oxidc_result rc;
    CHECK_RC(oxidc_token_new(&holder), OXIDC_OK);
    rc = oxidc_keyset_from_jwks(jwks.ptr, jwks.len, &ks);
    if (rc == OXIDC_OK) {
        rc = plain_jws ? oxidc_jws_verify(ks, token.ptr, token.len, holder)
                       : oxidc_validator_verify(v, ks, token.ptr, token.len, now, holder);
    }
    if (strcmp(expect, "valid") == 0) {
        CHECK_RC(rc, OXIDC_OK);
        if (rc == OXIDC_OK) {
            bool is_jwt = false;
            CHECK_RC(oxidc_token_is_jwt(holder, &is_jwt), OXIDC_OK);
            CHECK(is_jwt == !plain_jws, "is_jwt");
            check_header(r, holder);
            if (plain_jws) {
                const uint8_t *p = NULL;
                size_t len = 0;
                bytes want = field_hex(r, "payload", &found);
                CHECK_RC(oxidc_token_payload(holder, &p, &len), OXIDC_OK);
                CHECK(bytes_eq(p, len, want.ptr, want.len), "payload");
                bytes_free(&want);
            } else {
                check_claims(r, holder);
            }
            flipped_bytes_fail(v, ks, &token, now, holder);
            if (!plain_jws) remint(r, v, ks, &token, now, holder);
        }
    } else {
        CHECK(rc != OXIDC_OK, "accepted, expected %s", expect);
        CHECK(strcmp(category(rc), expect) == 0, "got %s (%s), expected %s", category(rc),
              result_name(rc), expect);
        {
            const uint8_t *p = NULL;
            size_t len = 0;
            CHECK_RC(oxidc_token_payload(holder, &p, &len), OXIDC_NO_TOKEN);
        }
    }
    oxidc_token_free(holder);
    oxidc_validator_free(v);
    oxidc_keyset_free(ks);
    bytes_free(&token);
    bytes_free(&jwks);
}

static void run_thumbprints(const record *r) {
    size_t i;
    for (i = 0; i < r->n; i++) {
        char scratch[8192];
        char *w[MAX_WORDS];
        bytes jwk, rfc, legacy;
        oxidc_jwk *key = NULL;
        uint8_t buf[128];
        size_t n = 0;
        if (strncmp(r->lines[i], "tpkey ", 6) != 0 || strlen(r->lines[i]) >= sizeof scratch) {
            continue;
        }
        memcpy(scratch, r->lines[i], strlen(r->lines[i]) + 1);
        if (split_words(scratch, w, MAX_WORDS) < 4) continue;
        jwk = unhex(w[1], strlen(w[1]));
        rfc = unhex(w[2], strlen(w[2]));
        legacy = unhex(w[3], strlen(w[3]));
        CHECK_RC(oxidc_jwk_from_json(jwk.ptr, jwk.len, &key), OXIDC_OK);
        CHECK_RC(oxidc_jwk_thumbprint_kid(key, OXIDC_KID_RFC7638, buf, sizeof buf, &n), OXIDC_OK);
        CHECK(bytes_eq(buf, n, rfc.ptr, rfc.len), "rfc7638 kid");
        if (legacy.len) {
            CHECK_RC(oxidc_jwk_thumbprint_kid(key, OXIDC_KID_CRYPTOJWT_LEGACY, buf, sizeof buf, &n),
                     OXIDC_OK);
            CHECK(bytes_eq(buf, n, legacy.ptr, legacy.len), "legacy kid");
        }
        CHECK_RC(oxidc_jwk_thumbprint_kid(key, 7, buf, sizeof buf, &n), OXIDC_INVALID_ARGUMENT);
        oxidc_jwk_free(key);
        bytes_free(&jwk);
        bytes_free(&rfc);
        bytes_free(&legacy);
    }
}

static uint32_t token_class(const char *name) {
    if (strcmp(name, "authorization_code") == 0) return OXIDC_TOKEN_CLASS_AUTHORIZATION_CODE;
    if (strcmp(name, "access_token") == 0) return OXIDC_TOKEN_CLASS_ACCESS_TOKEN;
    if (strcmp(name, "refresh_token") == 0) return OXIDC_TOKEN_CLASS_REFRESH_TOKEN;
    return OXIDC_TOKEN_CLASS_ID_TOKEN;
}

/* Opaque tokens and session ids: byte-identical mint with the injected randomness, read
 * back, and the negatives' categories. */
static void run_opaque(const record *r, const char *kind) {
    static char scratch[4096];
    char *w[MAX_WORDS];
    int found = 0;
    bytes key = field_hex(r, "key", &found);
    bytes value = field_hex(r, "value", &found);
    oxidc_fernet_key *fk = NULL;
    uint8_t out[8192], back[8192];
    size_t n = 0, m = 0;
    uint32_t cls = 0;
    int is_token = kind[1] == 't';
    int bad = strstr(kind, "_bad") != NULL;
    CHECK_RC(oxidc_fernet_key_from_bytes(key.ptr, key.len, &fk), OXIDC_OK);
    if (is_token && field(r, "class", w, scratch, sizeof scratch) >= 2) cls = token_class(w[1]);
    if (bad) {
        oxidc_result rc;
        const char *want;
        if (field(r, "expect", w, scratch, sizeof scratch) < 2) return;
        want = w[1];
        if (is_token) {
            oxidc_opaque_token_fields f;
            rc = oxidc_opaque_token_read(fk, cls, value.ptr, value.len, back, sizeof back, &m, &f);
        } else {
            oxidc_session_id_parts p;
            rc = oxidc_session_id_decrypt(fk, value.ptr, value.len, back, sizeof back, &m, &p);
        }
        if (strcmp(want, "malformed") == 0) want = "unknown_token";
        CHECK(strcmp(result_name(rc), want) == 0, "got %s, want %s", result_name(rc), want);
    } else {
        int64_t now = (int64_t)field_int(r, "now", 0);
        bytes random = field_hex(r, "random", &found);
        bytes iv = field_hex(r, "iv", &found);
        if (is_token) {
            bytes sid = field_hex(r, "sid", &found);
            bytes id = field_hex(r, "id", &found);
            int64_t exp = 0;
            int never = field(r, "exp", w, scratch, sizeof scratch) >= 2 && strcmp(w[1], "never") == 0;
            oxidc_opaque_token_fields f;
            exp = (int64_t)field_int(r, "exp", 0);
            CHECK_RC(oxidc_opaque_token_mint(fk, cls, sid.ptr, sid.len, never ? NULL : &exp,
                                             random.ptr, random.len, iv.ptr, iv.len, now, out,
                                             sizeof out, &n),
                     OXIDC_OK);
            CHECK(bytes_eq(out, n, value.ptr, value.len), "minted token differs");
            CHECK_RC(oxidc_opaque_token_read(fk, cls, value.ptr, value.len, back, sizeof back, &m,
                                             &f),
                     OXIDC_OK);
            CHECK(bytes_eq(f.id.ptr, f.id.len, id.ptr, id.len), "id");
            CHECK(bytes_eq(f.session_id.ptr, f.session_id.len, sid.ptr, sid.len), "sid");
            CHECK(f.token_class == cls, "class");
            CHECK(never ? !f.has_exp : (f.has_exp && f.exp == exp), "exp");
            /* Read by a handler of another class. */
            CHECK_RC(oxidc_opaque_token_read(fk, cls == 1 ? 3 : 1, value.ptr, value.len, back,
                                             sizeof back, &m, &f),
                     OXIDC_WRONG_TOKEN_CLASS);
            /* One byte short: nothing written. */
            m = 4242;
            CHECK_RC(oxidc_opaque_token_mint(fk, cls, sid.ptr, sid.len, never ? NULL : &exp,
                                             random.ptr, random.len, iv.ptr, iv.len, now, out,
                                             n - 1, &m),
                     OXIDC_BUFFER_TOO_SMALL);
            CHECK(m == 4242, "out_len written on failure");
            bytes_free(&sid);
            bytes_free(&id);
        } else {
            char ps[8192];
            char *pw[MAX_WORDS];
            bytes u, c, g;
            oxidc_str su, sc, sg;
            oxidc_session_id_parts p;
            if (field(r, "path", pw, ps, sizeof ps) < 4) return;
            u = unhex(pw[1], strlen(pw[1]));
            c = unhex(pw[2], strlen(pw[2]));
            g = unhex(pw[3], strlen(pw[3]));
            su.ptr = u.ptr; su.len = u.len;
            sc.ptr = c.ptr; sc.len = c.len;
            sg.ptr = g.ptr; sg.len = g.len;
            CHECK_RC(oxidc_session_id_encrypt(fk, su, sc, sg, random.ptr, random.len, iv.ptr,
                                              iv.len, now, out, sizeof out, &n),
                     OXIDC_OK);
            CHECK(bytes_eq(out, n, value.ptr, value.len), "minted session id differs");
            CHECK_RC(oxidc_session_id_decrypt(fk, value.ptr, value.len, back, sizeof back, &m, &p),
                     OXIDC_OK);
            CHECK(bytes_eq(p.user.ptr, p.user.len, u.ptr, u.len), "user");
            CHECK(bytes_eq(p.client.ptr, p.client.len, c.ptr, c.len), "client");
            CHECK(bytes_eq(p.grant.ptr, p.grant.len, g.ptr, g.len), "grant");
            bytes_free(&u);
            bytes_free(&c);
            bytes_free(&g);
        }
        bytes_free(&random);
        bytes_free(&iv);
    }
    oxidc_fernet_key_free(fk);
    bytes_free(&key);
    bytes_free(&value);
}

static void run_record(const record *r) {
    static char scratch[256];
    static char name[256];
    static char expect[64];
    char *w[MAX_WORDS];
    if (field(r, "case", w, scratch, sizeof scratch) >= 2) {
        snprintf(name, sizeof name, "%s", w[1]);
        g_case = name;
    }
    if (field(r, "kind", w, scratch, sizeof scratch) < 2) return;
    if (strcmp(w[1], "thumbprint") == 0) {
        run_thumbprints(r);
        return;
    }
    if (w[1][0] == 'o') {
        static char kind[32];
        snprintf(kind, sizeof kind, "%s", w[1]);
        run_opaque(r, kind);
        return;
    }
    {
        int jws = strcmp(w[1], "jws") == 0;
        char *e[MAX_WORDS];
        if (field(r, "expect", e, scratch, sizeof scratch) < 2) return;
        snprintf(expect, sizeof expect, "%s", e[1]);
        run_jwt(r, expect, jws);
    }
}

int main(int argc, char **argv) {
    size_t len = 0, cases = 0;
    char *text, *p;
    record r;
    if (argc != 2) {
        fprintf(stderr, "usage: %s vectors.txt\n", argv[0]);
        return 2;
    }
    text = read_file(argv[1], &len);
    r.n = 0;
    for (p = text; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        if (strncmp(p, "case ", 5) == 0) r.n = 0;
        if (r.n < MAX_LINES) r.lines[r.n++] = p;
        if (strcmp(p, "end") == 0) {
            run_record(&r);
            cases++;
            r.n = 0;
        }
        p = nl ? nl + 1 : NULL;
    }
    free(text);
    g_case = "";
    CHECK(cases >= 99, "only %zu vectors", cases);
    printf("%zu vectors\n", cases);
    return finish("vectors");
}
