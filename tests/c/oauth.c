/* OAuth/OIDC messages, client authentication, PKCE and response serialisation through the C
 * API: every message vector (tests/vectors/messages, overrides applied) parsed, verified and
 * read back parameter by parameter; the client-authn/PKCE divergence vectors; RFC 7636
 * Appendix B; exact serialisations; and bad input for each new function.
 *
 * Usage: oauth <messages.txt made by gen_oauth_vectors.py> */
#include "records.h"

#define NOW 1700000000
#define HUGE_LEN ((size_t)-1)

static oxidc_str S(const char *s) {
    oxidc_str r;
    r.ptr = (const uint8_t *)s;
    r.len = strlen(s);
    return r;
}

static oxidc_str NONE_STR(void) {
    oxidc_str r;
    r.ptr = NULL;
    r.len = 0;
    return r;
}

#define TEXT(s) (const uint8_t *)(s), strlen(s)

static int str_eq(oxidc_str a, const uint8_t *b, size_t bn) { return bytes_eq(a.ptr, a.len, b, bn); }

static oxidc_message *g_msg = NULL;

/* One `p <name> <type> <value...>` line against the accepted message. */
static void check_param(char **w, size_t nw) {
    bytes name = unhex(w[1], strlen(w[1]));
    oxidc_param p;
    oxidc_result rc = oxidc_message_get(g_msg, name.ptr, name.len, &p);
    CHECK_RC(rc, OXIDC_OK);
    if (rc != OXIDC_OK) {
        bytes_free(&name);
        return;
    }
    CHECK(str_eq(p.name, name.ptr, name.len), "name");
    if (strcmp(w[2], "s") == 0) {
        bytes want = unhex(w[3], strlen(w[3]));
        uint8_t buf[4096];
        size_t n = 0;
        CHECK(p.kind == OXIDC_PARAM_STRING || p.kind == OXIDC_PARAM_SPACE_LIST, "%s kind %u",
              (char *)name.ptr, p.kind);
        CHECK(str_eq(p.text, want.ptr, want.len), "%s text", (char *)name.ptr);
        CHECK_RC(oxidc_message_get_str(g_msg, name.ptr, name.len, buf, sizeof buf, &n), OXIDC_OK);
        CHECK(bytes_eq(buf, n, want.ptr, want.len), "%s get_str", (char *)name.ptr);
        if (want.len > 0) {
            size_t keep = 777;
            CHECK_RC(oxidc_message_get_str(g_msg, name.ptr, name.len, buf, want.len - 1, &keep),
                     OXIDC_BUFFER_TOO_SMALL);
            CHECK(keep == 777, "out_len untouched");
        }
        bytes_free(&want);
    } else if (strcmp(w[2], "i") == 0) {
        int64_t v = 0;
        CHECK(p.kind == OXIDC_PARAM_INT, "%s kind %u", (char *)name.ptr, p.kind);
        CHECK_RC(oxidc_message_get_int(g_msg, name.ptr, name.len, &v), OXIDC_OK);
        CHECK(v == strtoll(w[3], NULL, 10), "%s int", (char *)name.ptr);
    } else if (strcmp(w[2], "b") == 0) {
        bool v = false;
        CHECK(p.kind == OXIDC_PARAM_BOOL, "%s kind %u", (char *)name.ptr, p.kind);
        CHECK_RC(oxidc_message_get_bool(g_msg, name.ptr, name.len, &v), OXIDC_OK);
        CHECK(v == (atoi(w[3]) != 0), "%s bool", (char *)name.ptr);
    } else if (strcmp(w[2], "n") == 0) {
        CHECK(p.kind == OXIDC_PARAM_NULL, "%s kind %u", (char *)name.ptr, p.kind);
    } else if (strcmp(w[2], "l") == 0) {
        size_t count = (size_t)strtoul(w[3], NULL, 10), i;
        CHECK(p.kind == OXIDC_PARAM_LIST, "%s kind %u", (char *)name.ptr, p.kind);
        CHECK(p.list_len == count && nw == 4 + count, "%s list_len", (char *)name.ptr);
        for (i = 0; i < count && i + 4 < nw; i++) {
            bytes want = unhex(w[4 + i], strlen(w[4 + i]));
            oxidc_str item;
            CHECK_RC(oxidc_message_list_item(g_msg, name.ptr, name.len, i, &item), OXIDC_OK);
            CHECK(str_eq(item, want.ptr, want.len), "%s item %zu", (char *)name.ptr, i);
            bytes_free(&want);
        }
        {
            oxidc_str item;
            CHECK_RC(oxidc_message_list_item(g_msg, name.ptr, name.len, count, &item),
                     OXIDC_NOT_FOUND);
        }
    } else if (strcmp(w[2], "j") == 0) {
        bytes want = unhex(w[3], strlen(w[3]));
        CHECK(p.kind == OXIDC_PARAM_JSON, "%s kind %u", (char *)name.ptr, p.kind);
        CHECK(str_eq(p.text, want.ptr, want.len), "%s json %.*s", (char *)name.ptr,
              (int)p.text.len, (const char *)p.text.ptr);
        bytes_free(&want);
    }
    bytes_free(&name);
}

static void run_message(const record *r) {
    static char scratch[1 << 20];
    char *w[REC_MAX_WORDS];
    int present = 0;
    bytes body = rec_hex(r, "body", &present);
    uint32_t cls = (uint32_t)rec_int(r, "class", 0);
    uint32_t fmt = (uint32_t)rec_int(r, "format", 0);
    oxidc_message_options o;
    oxidc_result rc;
    size_t i;
    memset(&o, 0, sizeof o);
    o.verify = rec_int(r, "verify", 1) != 0;
    rc = oxidc_message_parse(g_msg, cls, fmt, body.ptr, body.len, &o);
    rec_field(r, "expect", w, scratch, sizeof scratch);
    if (strcmp(w[1], "ok") == 0) {
        size_t count = 0;
        oxidc_rejection rej;
        CHECK_RC(rc, OXIDC_OK);
        CHECK_RC(oxidc_message_count(g_msg, &count), OXIDC_OK);
        CHECK(count == (size_t)rec_int(r, "count", -1), "count %zu", count);
        CHECK_RC(oxidc_message_rejection(g_msg, &rej), OXIDC_NOT_FOUND);
        for (i = 0; i < r->n; i++) {
            static char line[1 << 16];
            char *pw[REC_MAX_WORDS];
            size_t nw;
            if (strncmp(r->lines[i], "p ", 2) != 0) continue;
            snprintf(line, sizeof line, "%s", r->lines[i]);
            nw = split_words(line, pw, REC_MAX_WORDS);
            if (nw >= 3) check_param(pw, nw);
        }
        for (i = 0; i < count; i++) {
            oxidc_param p;
            CHECK_RC(oxidc_message_param_at(g_msg, i, &p), OXIDC_OK);
        }
        {
            oxidc_param p;
            CHECK_RC(oxidc_message_param_at(g_msg, count, &p), OXIDC_NOT_FOUND);
            CHECK_RC(oxidc_message_get(g_msg, TEXT("no-such-parameter"), &p), OXIDC_NOT_FOUND);
        }
    } else {
        oxidc_rejection rej;
        size_t count = 0;
        CHECK(strcmp(result_name(rc), w[1]) == 0, "got %s, want %s", result_name(rc), w[1]);
        CHECK_RC(oxidc_message_rejection(g_msg, &rej), OXIDC_OK);
        CHECK(rej.error == rc, "rejection error");
        CHECK_RC(oxidc_message_count(g_msg, &count), OXIDC_NO_MESSAGE);
        if (strcmp(w[2], "~") != 0) {
            bytes want = unhex(w[2], strlen(w[2]));
            CHECK(rej.param.ptr != NULL && str_eq(rej.param, want.ptr, want.len), "param %.*s",
                  (int)rej.param.len, rej.param.ptr ? (const char *)rej.param.ptr : "");
            bytes_free(&want);
        }
        {
            int has = 0;
            bytes want = rec_hex(r, "desc", &has);
            if (has) {
                CHECK(str_eq(rej.description, want.ptr, want.len), "description %.*s",
                      (int)rej.description.len, (const char *)rej.description.ptr);
            }
            bytes_free(&want);
        }
        CHECK(rej.description.len > 0, "a description");
    }
    bytes_free(&body);
}

static const char *method_name(long long m) {
    switch (m) {
    case 1: return "plain";
    case 2: return "S256";
    case 4: return "S384";
    default: return "S512";
    }
}

static void expect_rc(const record *r, oxidc_result rc) {
    static char scratch[1024];
    char *w[REC_MAX_WORDS];
    rec_field(r, "expect", w, scratch, sizeof scratch);
    if (strcmp(w[1], "ok") == 0) {
        CHECK_RC(rc, OXIDC_OK);
    } else {
        CHECK(strcmp(result_name(rc), w[1]) == 0, "got %s, want %s", result_name(rc), w[1]);
    }
}

static void run_client(const record *r, const char *kind) {
    int has = 0;
    uint8_t a[1024], b[1024];
    size_t an = 0, bn = 0;
    if (strcmp(kind, "basic") == 0) {
        bytes auth = rec_hex(r, "authorization", &has), reg = rec_hex(r, "registered", &has);
        bytes want = rec_hex(r, "client_id_out", &has);
        oxidc_result rc = oxidc_client_parse_basic(auth.ptr, auth.len, OXIDC_BASIC_RFC6749, a,
                                                   sizeof a, &an, b, sizeof b, &bn);
        if (rc == OXIDC_OK) rc = oxidc_client_secret_verify(b, bn, reg.ptr, reg.len);
        expect_rc(r, rc);
        if (has && rc == OXIDC_OK) CHECK(bytes_eq(a, an, want.ptr, want.len), "client_id");
        bytes_free(&auth);
        bytes_free(&reg);
        bytes_free(&want);
    } else if (strcmp(kind, "bearer") == 0) {
        bytes auth = rec_hex(r, "authorization", &has);
        expect_rc(r, oxidc_client_parse_bearer(auth.ptr, auth.len, a, sizeof a, &an));
        bytes_free(&auth);
    } else if (strcmp(kind, "pkce_verify") == 0) {
        bytes ch = rec_hex(r, "challenge", &has), v = rec_hex(r, "verifier", &has);
        expect_rc(r, oxidc_pkce_verify(v.ptr, v.len, ch.ptr, ch.len,
                                       (uint32_t)rec_int(r, "method", 0)));
        bytes_free(&ch);
        bytes_free(&v);
    } else if (strcmp(kind, "pkce_authz") == 0) {
        bytes ch = rec_hex(r, "challenge", &has);
        const char *m = method_name(rec_int(r, "method", 1));
        uint32_t out = 99;
        expect_rc(r, oxidc_pkce_check_authorization_request(ch.ptr, ch.len, TEXT(m), false, 0,
                                                            &out));
        bytes_free(&ch);
    } else if (strcmp(kind, "assertion") == 0) {
        bytes secret = rec_hex(r, "secret", &has), jwks = rec_hex(r, "jwks", &has);
        bytes claims = rec_hex(r, "claims", &has), aud = rec_hex(r, "audience", &has);
        bytes cid = rec_hex(r, "client_id", &has);
        int has_type = 0;
        bytes type = rec_hex(r, "assertion_type", &has_type);
        oxidc_signing_key *key = NULL;
        oxidc_keyset *keys = NULL;
        uint8_t jwt[2048];
        size_t jwt_len = 0;
        oxidc_assertion_policy pol;
        oxidc_str audiences[1];
        bool has_jti = false;
        audiences[0].ptr = aud.ptr;
        audiences[0].len = aud.len;
        pol.audiences = audiences;
        pol.audiences_len = 1;
        pol.leeway = 15;
        pol.max_lifetime = 600;
        pol.require_jti = false;
        CHECK_RC(oxidc_signing_key_from_hmac_secret(secret.ptr, secret.len, OXIDC_ALG_HS256, NULL,
                                                    0, &key),
                 OXIDC_OK);
        CHECK_RC(oxidc_keyset_from_jwks(jwks.ptr, jwks.len, &keys), OXIDC_OK);
        CHECK_RC(oxidc_mint_json(key, NULL, claims.ptr, claims.len, jwt, sizeof jwt, &jwt_len),
                 OXIDC_OK);
        expect_rc(r, oxidc_client_verify_assertion(
                         OXIDC_CLIENT_SECRET_JWT, jwt, jwt_len, has_type ? type.ptr : NULL,
                         type.len, cid.ptr, cid.len, keys, &pol, NOW, a, sizeof a, &an, &has_jti));
        oxidc_keyset_free(keys);
        oxidc_signing_key_free(key);
        bytes_free(&secret);
        bytes_free(&jwks);
        bytes_free(&claims);
        bytes_free(&aud);
        bytes_free(&cid);
        bytes_free(&type);
    } else if (strcmp(kind, "error_response") == 0) {
        int has_desc = 0;
        bytes e = rec_hex(r, "error", &has), d = rec_hex(r, "description", &has_desc);
        oxidc_error_response er;
        er.error.ptr = e.ptr;
        er.error.len = e.len;
        er.error_description.ptr = has_desc ? d.ptr : NULL;
        er.error_description.len = d.len;
        er.error_uri = NONE_STR();
        er.state = NONE_STR();
        expect_rc(r, oxidc_error_response_write_json(&er, a, sizeof a, &an));
        bytes_free(&e);
        bytes_free(&d);
    } else if (strcmp(kind, "token_request") == 0) {
        bytes body = rec_hex(r, "body", &has);
        expect_rc(r, oxidc_message_parse(g_msg, OXIDC_MSG_TOKEN_REQUEST, OXIDC_FORMAT_FORM,
                                         body.ptr, body.len, NULL));
        bytes_free(&body);
    }
}

/* ------------------------------------------------------------------ request objects */

static size_t g_request_objects = 0, g_tampered = 0;
static bytes g_ro_body = {NULL, 0}, g_ro_client = {NULL, 0}, g_ro_op = {NULL, 0},
             g_hint_body = {NULL, 0};

static void ro_options(const record *r, oxidc_authentication_request_options *o, bytes *issuer,
                       bytes *hint_client) {
    int has = 0;
    CHECK_RC(oxidc_authentication_request_options_default(o), OXIDC_OK);
    CHECK(o->request_object_leeway == 15 && o->issuer.ptr == NULL, "defaults");
    *issuer = rec_hex(r, "issuer", &has);
    o->issuer.ptr = issuer->ptr;
    o->issuer.len = issuer->len;
    /* The OP names itself as the audience of request objects (RFC 9101 §10.2). */
    o->request_object_audience = o->issuer;
    o->request_object_leeway = (uint32_t)rec_int(r, "leeway", 15);
    *hint_client = rec_hex(r, "hint_client_id", &has);
    if (has) {
        o->id_token_hint_client_id.ptr = hint_client->ptr;
        o->id_token_hint_client_id.len = hint_client->len;
    }
}

/* The rejection in g_msg names `param` (hex word, "~": none) and, when given, `oauth_error`. */
static void check_rejection(oxidc_result rc, const char *param_hex, const bytes *oauth_error) {
    oxidc_rejection rej;
    size_t count = 0;
    CHECK_RC(oxidc_message_rejection(g_msg, &rej), OXIDC_OK);
    CHECK(rej.error == rc, "rejection error");
    CHECK_RC(oxidc_message_count(g_msg, &count), OXIDC_NO_MESSAGE);
    if (strcmp(param_hex, "~") != 0) {
        bytes want = unhex(param_hex, strlen(param_hex));
        CHECK(rej.param.ptr != NULL && str_eq(rej.param, want.ptr, want.len), "param %.*s",
              (int)rej.param.len, rej.param.ptr ? (const char *)rej.param.ptr : "");
        bytes_free(&want);
    } else {
        CHECK(rej.param.ptr == NULL, "no param");
    }
    if (oauth_error != NULL) {
        CHECK(str_eq(rej.oauth_error, oauth_error->ptr, oauth_error->len), "oauth_error %.*s",
              (int)rej.oauth_error.len, rej.oauth_error.ptr ? (const char *)rej.oauth_error.ptr : "");
    }
    CHECK(rej.description.len > 0, "a description");
}

static void run_request_object(const record *r) {
    static char scratch[1 << 20];
    char *w[REC_MAX_WORDS];
    int has = 0;
    bytes body = rec_hex(r, "body", &has), cj = rec_hex(r, "client_jwks", &has),
          oj = rec_hex(r, "op_jwks", &has), issuer, hint_client;
    oxidc_keyset *client_keys = NULL, *op_keys = NULL;
    oxidc_authentication_request_options o;
    oxidc_token *tok = NULL;
    int64_t now = (int64_t)rec_int(r, "now", 0);
    int has_request = (int)rec_int(r, "has_request", 0);
    oxidc_result rc;
    size_t i;

    CHECK_RC(oxidc_keyset_from_jwks(cj.ptr, cj.len, &client_keys), OXIDC_OK);
    CHECK_RC(oxidc_keyset_from_jwks(oj.ptr, oj.len, &op_keys), OXIDC_OK);
    CHECK_RC(oxidc_token_new(&tok), OXIDC_OK);
    ro_options(r, &o, &issuer, &hint_client);
    rc = oxidc_message_parse_authentication_request(g_msg, OXIDC_FORMAT_FORM, body.ptr, body.len,
                                                    client_keys, op_keys, now, &o);
    rec_field(r, "expect", w, scratch, sizeof scratch);
    if (strcmp(w[1], "ok") == 0) {
        bytes sub = rec_hex(r, "hint_sub", &has);
        uint8_t buf[256];
        size_t n = 0, count = 0;
        oxidc_rejection rej;
        CHECK_RC(rc, OXIDC_OK);
        CHECK_RC(oxidc_message_rejection(g_msg, &rej), OXIDC_NOT_FOUND);
        CHECK_RC(oxidc_message_count(g_msg, &count), OXIDC_OK);
        if (rec_int(r, "count", -1) >= 0) {
            /* The effective parameters are exactly idpyoidc's merged request. */
            CHECK(count == (size_t)rec_int(r, "count", -1), "count %zu", count);
            for (i = 0; i < r->n; i++) {
                static char line[1 << 16];
                char *pw[REC_MAX_WORDS];
                size_t nw;
                if (strncmp(r->lines[i], "p ", 2) != 0) continue;
                snprintf(line, sizeof line, "%s", r->lines[i]);
                nw = split_words(line, pw, REC_MAX_WORDS);
                if (nw >= 3) check_param(pw, nw);
            }
        }
        /* The verified request object: signed by the client, naming it. */
        rc = oxidc_message_verified_request_object(g_msg, tok);
        CHECK_RC(rc, has_request ? OXIDC_OK : OXIDC_NOT_FOUND);
        if (has_request && rc == OXIDC_OK) {
            CHECK_RC(oxidc_token_iss(tok, buf, sizeof buf, &n), OXIDC_OK);
            CHECK(bytes_eq(buf, n, (const uint8_t *)"client-1", 8), "object iss");
            CHECK_RC(oxidc_token_claim_string(tok, TEXT("client_id"), buf, sizeof buf, &n),
                     OXIDC_OK);
            CHECK(bytes_eq(buf, n, (const uint8_t *)"client-1", 8), "object client_id");
        }
        /* The verified id_token_hint names the user. */
        rc = oxidc_message_verified_id_token_hint(g_msg, tok);
        CHECK_RC(rc, has ? OXIDC_OK : OXIDC_NOT_FOUND);
        if (has && rc == OXIDC_OK) {
            CHECK_RC(oxidc_token_sub(tok, buf, sizeof buf, &n), OXIDC_OK);
            CHECK(bytes_eq(buf, n, sub.ptr, sub.len), "hint sub");
            CHECK_RC(oxidc_token_iss(tok, buf, sizeof buf, &n), OXIDC_OK);
            CHECK(bytes_eq(buf, n, issuer.ptr, issuer.len), "hint iss");
        }
        /* After every positive case: one character of each signature changed. */
        for (i = 0; i < r->n; i++) {
            static char line[1 << 17];
            char *tw[REC_MAX_WORDS];
            bytes bad;
            oxidc_result brc;
            if (strncmp(r->lines[i], "tamper ", 7) != 0) continue;
            snprintf(line, sizeof line, "%s", r->lines[i]);
            if (split_words(line, tw, REC_MAX_WORDS) != 3) continue;
            bad = unhex(tw[2], strlen(tw[2]));
            brc = oxidc_message_parse_authentication_request(g_msg, OXIDC_FORMAT_FORM, bad.ptr,
                                                             bad.len, client_keys, op_keys, now,
                                                             &o);
            CHECK(brc == OXIDC_BAD_SIGNATURE || brc == OXIDC_INVALID_BASE64, "tampered: %s",
                  result_name(brc));
            check_rejection(brc, tw[1], NULL);
            g_tampered++;
            bytes_free(&bad);
        }
        if (strstr(g_case, "001-ro-es256-ok") != NULL) {
            bytes_free(&g_ro_body);
            g_ro_body = body;
            body.ptr = NULL;
            bytes_free(&g_ro_client);
            g_ro_client = cj;
            cj.ptr = NULL;
        }
        if (strstr(g_case, "028-hint-ok") != NULL) {
            bytes_free(&g_hint_body);
            g_hint_body = body;
            body.ptr = NULL;
            bytes_free(&g_ro_op);
            g_ro_op = oj;
            oj.ptr = NULL;
        }
        bytes_free(&sub);
    } else {
        int has_code = 0;
        bytes code = rec_hex(r, "oauth_error", &has_code);
        CHECK(strcmp(result_name(rc), w[1]) == 0, "got %s, want %s", result_name(rc), w[1]);
        check_rejection(rc, w[2], has_code ? &code : NULL);
        CHECK_RC(oxidc_message_verified_request_object(g_msg, tok), OXIDC_NO_MESSAGE);
        CHECK_RC(oxidc_message_verified_id_token_hint(g_msg, tok), OXIDC_NO_MESSAGE);
        bytes_free(&code);
    }
    oxidc_token_free(tok);
    oxidc_keyset_free(client_keys);
    oxidc_keyset_free(op_keys);
    bytes_free(&body);
    bytes_free(&cj);
    bytes_free(&oj);
    bytes_free(&issuer);
    bytes_free(&hint_client);
}

#define OP_ISSUER "https://op.example.org"

/* Options as the vectors use them. */
static oxidc_authentication_request_options op_options(void) {
    oxidc_authentication_request_options o;
    oxidc_authentication_request_options_default(&o);
    o.issuer = S(OP_ISSUER);
    o.request_object_audience = S(OP_ISSUER);
    return o;
}

/* NULL, zero length, one byte short, non-UTF-8, NULL key sets, options, accessors. */
static void request_object_bad_input(void) {
    oxidc_authentication_request_options o = op_options();
    oxidc_keyset *ck = NULL, *ok = NULL;
    oxidc_token *tok = NULL;
    oxidc_message *plain = NULL;
    oxidc_rejection rej;
    uint8_t buf[64];
    size_t n = 0;
    const int64_t now = 1795420800;
    const bytes request_object = {(uint8_t *)"invalid_request_object", 22};
    const bytes invalid_request = {(uint8_t *)"invalid_request", 15};

    g_case = "request objects: bad input";
    CHECK(g_ro_body.ptr != NULL && g_hint_body.ptr != NULL, "positive vectors seen");
    if (g_ro_body.ptr == NULL || g_hint_body.ptr == NULL) return;
    CHECK_RC(oxidc_keyset_from_jwks(g_ro_client.ptr, g_ro_client.len, &ck), OXIDC_OK);
    CHECK_RC(oxidc_keyset_from_jwks(g_ro_op.ptr, g_ro_op.len, &ok), OXIDC_OK);
    CHECK_RC(oxidc_token_new(&tok), OXIDC_OK);

    CHECK_RC(oxidc_authentication_request_options_default(NULL), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_parse_authentication_request(NULL, 0, g_ro_body.ptr, g_ro_body.len,
                                                        ck, ok, now, &o),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, NULL, 0, ck, ok, now, &o),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, g_ro_body.ptr, g_ro_body.len,
                                                        ck, ok, now, NULL),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, g_ro_body.ptr, HUGE_LEN, ck,
                                                        ok, now, &o),
             OXIDC_INPUT_TOO_LARGE);
    {
        oxidc_authentication_request_options x = o;
        x.issuer = NONE_STR();
        CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, g_ro_body.ptr,
                                                            g_ro_body.len, ck, ok, now, &x),
                 OXIDC_NULL_PARAMETER);
        x = o;
        x.issuer.ptr = (const uint8_t *)"\xff";
        x.issuer.len = 1;
        CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, g_ro_body.ptr,
                                                            g_ro_body.len, ck, ok, now, &x),
                 OXIDC_INVALID_UTF8_ARGUMENT);
        x = o;
        x.expected_nonce.ptr = (const uint8_t *)"\xc3";
        x.expected_nonce.len = 1;
        CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, g_ro_body.ptr,
                                                            g_ro_body.len, ck, ok, now, &x),
                 OXIDC_INVALID_UTF8_ARGUMENT);
        x = o;
        x.request_object_required = 1u << 7;
        CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, g_ro_body.ptr,
                                                            g_ro_body.len, ck, ok, now, &x),
                 OXIDC_INVALID_ARGUMENT);
    }

    /* The holder keeps a good parse through argument errors and an unknown format. */
    CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, g_ro_body.ptr, g_ro_body.len,
                                                        ck, ok, now, &o),
             OXIDC_OK);
    CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 2, g_ro_body.ptr, g_ro_body.len,
                                                        ck, ok, now, &o),
             OXIDC_INVALID_ARGUMENT);
    CHECK_RC(oxidc_message_verified_request_object(g_msg, tok), OXIDC_OK);
    CHECK_RC(oxidc_message_verified_request_object(NULL, tok), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_verified_request_object(g_msg, NULL), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_verified_id_token_hint(NULL, tok), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_verified_id_token_hint(g_msg, NULL), OXIDC_NULL_PARAMETER);
    /* No hint here: NOT_FOUND, and the token keeps the request object. */
    CHECK_RC(oxidc_message_verified_id_token_hint(g_msg, tok), OXIDC_NOT_FOUND);
    CHECK_RC(oxidc_token_iss(tok, buf, sizeof buf, &n), OXIDC_OK);
    CHECK(bytes_eq(buf, n, (const uint8_t *)"client-1", 8), "token untouched");

    /* Zero length: an empty request lacks its required parameters. */
    CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, g_ro_body.ptr, 0, ck, ok, now,
                                                        &o),
             OXIDC_MISSING_PARAMETER);
    /* One byte short: the object's signature loses a character. */
    {
        oxidc_result rc = oxidc_message_parse_authentication_request(
            g_msg, 0, g_ro_body.ptr, g_ro_body.len - 1, ck, ok, now, &o);
        CHECK(rc != OXIDC_OK && oxidc_result_is_parse(rc) + oxidc_result_is_jose(rc) == 1,
              "one byte short: %s", result_name(rc));
        check_rejection(rc, "72657175657374", &request_object);
    }
    /* Non-UTF-8 body. */
    CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, TEXT("scope=%ff"), ck, ok, now,
                                                        &o),
             OXIDC_INVALID_UTF8);
    check_rejection(OXIDC_INVALID_UTF8, "~", NULL);
    /* NULL key sets are empty: the object or hint cannot verify. */
    CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, g_ro_body.ptr, g_ro_body.len,
                                                        NULL, ok, now, &o),
             OXIDC_UNKNOWN_KEY);
    check_rejection(OXIDC_UNKNOWN_KEY, "72657175657374", &request_object);
    CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, g_hint_body.ptr,
                                                        g_hint_body.len, ck, NULL, now, &o),
             OXIDC_UNKNOWN_KEY);
    check_rejection(OXIDC_UNKNOWN_KEY, "69645f746f6b656e5f68696e74", &invalid_request);
    /* Without keys and without request/hint the request is verified as before. */
    CHECK_RC(oxidc_message_parse_authentication_request(
                 g_msg, 0, TEXT("response_type=code&client_id=c&scope=openid&redirect_uri=x"),
                 NULL, NULL, now, &o),
             OXIDC_OK);
    CHECK_RC(oxidc_message_verified_request_object(g_msg, tok), OXIDC_NOT_FOUND);

    /* Policy: exp and nbf required, the object has no nbf. */
    {
        oxidc_authentication_request_options x = o;
        x.request_object_required = OXIDC_REQUIRE_EXP | OXIDC_REQUIRE_NBF;
        CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, g_ro_body.ptr,
                                                            g_ro_body.len, ck, ok, now, &x),
                 OXIDC_MISSING_CLAIM);
        check_rejection(OXIDC_MISSING_CLAIM, "72657175657374", &request_object);
        /* Another audience configured; none configured: aud not looked at. */
        x = o;
        x.request_object_audience = S("https://other.example");
        CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, g_ro_body.ptr,
                                                            g_ro_body.len, ck, ok, now, &x),
                 OXIDC_AUDIENCE_MISMATCH);
        x.request_object_audience = NONE_STR();
        CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, g_ro_body.ptr,
                                                            g_ro_body.len, ck, ok, now, &x),
                 OXIDC_OK);
        /* The nonce is compared only for response types with id_token (idpyoidc): this
         * object asks for `code`. */
        x.expected_nonce = S("other");
        CHECK_RC(oxidc_message_parse_authentication_request(g_msg, 0, g_ro_body.ptr,
                                                            g_ro_body.len, ck, ok, now, &x),
                 OXIDC_OK);
    }

    /* A plain parse of the same body keeps the outer request and has no verified tokens;
     * the rejection of a `request` parameter's own typing is no request-object failure. */
    CHECK_RC(oxidc_message_new(&plain), OXIDC_OK);
    CHECK_RC(oxidc_message_parse(plain, OXIDC_MSG_OIDC_AUTHORIZATION_REQUEST, 0, g_ro_body.ptr,
                                 g_ro_body.len, NULL),
             OXIDC_OK);
    CHECK_RC(oxidc_message_verified_request_object(plain, tok), OXIDC_NOT_FOUND);
    CHECK_RC(oxidc_message_verified_id_token_hint(plain, tok), OXIDC_NOT_FOUND);
    CHECK_RC(oxidc_message_parse(plain, OXIDC_MSG_OIDC_AUTHORIZATION_REQUEST, 0,
                                 TEXT("response_type=code&client_id=c&scope=openid&"
                                      "redirect_uri=x&request=a&request=b"),
                                 NULL),
             OXIDC_DUPLICATE_PARAMETER);
    CHECK_RC(oxidc_message_rejection(plain, &rej), OXIDC_OK);
    CHECK(str_eq(rej.oauth_error, invalid_request.ptr, invalid_request.len), "own typing %.*s",
          (int)rej.oauth_error.len, rej.oauth_error.ptr ? (const char *)rej.oauth_error.ptr : "");
    oxidc_message_free(plain);

    oxidc_token_free(tok);
    oxidc_keyset_free(ck);
    oxidc_keyset_free(ok);
    bytes_free(&g_ro_body);
    bytes_free(&g_ro_client);
    bytes_free(&g_ro_op);
    bytes_free(&g_hint_body);
}

static size_t g_messages = 0, g_clients = 0;

static void run_record(const record *r) {
    static char scratch[256];
    char *w[REC_MAX_WORDS];
    rec_field(r, "kind", w, scratch, sizeof scratch);
    if (strcmp(w[1], "message") == 0) {
        run_message(r);
        g_messages++;
    } else if (strcmp(w[1], "request_object") == 0) {
        run_request_object(r);
        g_request_objects++;
    } else {
        run_client(r, w[1]);
        g_clients++;
    }
}

/* Exact outputs (Python json.dumps separators, idpyoidc's member order). */
static void serialisation(void) {
    uint8_t out[2048];
    size_t n = 0, keep;
    oxidc_str scope[2];
    oxidc_claim extra[2];
    oxidc_token_response tr;
    oxidc_error_response er;
    oxidc_introspection_response ir;
    oxidc_pair pairs[3];
    const char *want;

    g_case = "token response";
    scope[0] = S("openid");
    scope[1] = S("profile");
    memset(extra, 0, sizeof extra);
    extra[0].name = S("x");
    extra[0].kind = OXIDC_CLAIM_INT;
    extra[0].integer = 7;
    extra[1].name = S("authorization_details");
    extra[1].kind = OXIDC_CLAIM_JSON;
    extra[1].string = S("[{\"type\":\"a\"}]");
    memset(&tr, 0, sizeof tr);
    tr.token_type = S("Bearer");
    tr.scope = scope;
    tr.scope_len = 2;
    tr.access_token = S("AT");
    tr.has_expires_in = true;
    tr.expires_in = 3600;
    tr.refresh_token = S("RT");
    tr.id_token = NONE_STR();
    tr.extra = extra;
    tr.extra_len = 2;
    want = "{\"token_type\": \"Bearer\", \"scope\": \"openid profile\", \"access_token\": \"AT\", "
           "\"expires_in\": 3600, \"refresh_token\": \"RT\", \"x\": 7, "
           "\"authorization_details\": [{\"type\":\"a\"}]}";
    CHECK_RC(oxidc_token_response_write_json(&tr, out, sizeof out, &n), OXIDC_OK);
    CHECK(bytes_eq(out, n, (const uint8_t *)want, strlen(want)), "%.*s", (int)n, (char *)out);
    keep = 777;
    CHECK_RC(oxidc_token_response_write_json(&tr, out, strlen(want) - 1, &keep),
             OXIDC_BUFFER_TOO_SMALL);
    CHECK(keep == 777, "out_len untouched");
    extra[1].string = S("[{\"type\":");
    CHECK_RC(oxidc_token_response_write_json(&tr, out, sizeof out, &n), OXIDC_INVALID_JSON);
    extra[1].kind = OXIDC_CLAIM_STRING_ARRAY;
    CHECK_RC(oxidc_token_response_write_json(&tr, out, sizeof out, &n), OXIDC_INVALID_ARGUMENT);

    g_case = "error response";
    er.error = S("invalid_grant");
    er.error_description = S("Code inactive");
    er.error_uri = NONE_STR();
    er.state = S("xyz");
    want = "{\"error\": \"invalid_grant\", \"error_description\": \"Code inactive\", \"state\": "
           "\"xyz\"}";
    CHECK_RC(oxidc_error_response_write_json(&er, out, sizeof out, &n), OXIDC_OK);
    CHECK(bytes_eq(out, n, (const uint8_t *)want, strlen(want)), "%.*s", (int)n, (char *)out);
    want = "https://rp.example/cb?a=1&error=invalid_grant&error_description=Code+inactive&"
           "state=xyz";
    CHECK_RC(oxidc_error_response_write_redirect(&er, TEXT("https://rp.example/cb?a=1"),
                                                 OXIDC_RESPONSE_MODE_QUERY, out, sizeof out, &n),
             OXIDC_OK);
    CHECK(bytes_eq(out, n, (const uint8_t *)want, strlen(want)), "%.*s", (int)n, (char *)out);
    CHECK_RC(oxidc_error_response_write_redirect(&er, TEXT("https://rp.example/cb"), 7, out,
                                                 sizeof out, &n),
             OXIDC_INVALID_ARGUMENT);
    er.error = S("bad\"code");
    CHECK_RC(oxidc_error_response_write_json(&er, out, sizeof out, &n), OXIDC_INVALID_ERROR_CODE);
    {
        oxidc_str e, d;
        CHECK_RC(oxidc_error_response_for_result(OXIDC_PKCE_MISMATCH, &e, &d), OXIDC_OK);
        CHECK(str_eq(e, TEXT("invalid_grant")) && str_eq(d, TEXT("PKCE check failed")), "pkce");
        CHECK_RC(oxidc_error_response_for_result(OXIDC_NULL_PARAMETER, &e, &d),
                 OXIDC_INVALID_ARGUMENT);
    }

    g_case = "introspection";
    memset(&ir, 0, sizeof ir);
    ir.active = true;
    ir.scope = scope;
    ir.scope_len = 1;
    ir.client_id = S("c1");
    ir.has_exp = true;
    ir.exp = NOW + 60;
    ir.sub = S("alice");
    want = "{\"active\": true, \"scope\": \"openid\", \"client_id\": \"c1\", \"exp\": 1700000060, "
           "\"sub\": \"alice\"}";
    CHECK_RC(oxidc_introspection_response_write_json(&ir, out, sizeof out, &n), OXIDC_OK);
    CHECK(bytes_eq(out, n, (const uint8_t *)want, strlen(want)), "%.*s", (int)n, (char *)out);
    ir.active = false;
    CHECK_RC(oxidc_introspection_response_write_json(&ir, out, sizeof out, &n), OXIDC_OK);
    CHECK(bytes_eq(out, n, TEXT("{\"active\": false}")), "%.*s", (int)n, (char *)out);

    g_case = "redirect";
    pairs[0].name = S("code");
    pairs[0].value = S("a b&c");
    pairs[1].name = S("state");
    pairs[1].value = S("");
    pairs[2].name = S("iss");
    pairs[2].value = S("https://op");
    want = "https://rp/cb#code=a+b%26c&iss=https%3A%2F%2Fop";
    CHECK_RC(oxidc_write_redirect(TEXT("https://rp/cb"), OXIDC_RESPONSE_MODE_FRAGMENT, pairs, 3,
                                  out, sizeof out, &n),
             OXIDC_OK);
    CHECK(bytes_eq(out, n, (const uint8_t *)want, strlen(want)), "%.*s", (int)n, (char *)out);
}

static void pkce_and_client(void) {
    /* RFC 7636 Appendix B. */
    const char *verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const char *challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    uint8_t out[256], out2[256];
    size_t n = 0, n2 = 0;
    uint32_t m = 99;
    bool has_jti = false;

    g_case = "RFC 7636 Appendix B";
    CHECK_RC(oxidc_pkce_compute_challenge(TEXT(verifier), OXIDC_PKCE_S256, out, sizeof out, &n),
             OXIDC_OK);
    CHECK(bytes_eq(out, n, TEXT(challenge)), "S256 challenge");
    CHECK_RC(oxidc_pkce_verify(TEXT(verifier), TEXT(challenge), OXIDC_PKCE_S256), OXIDC_OK);
    CHECK_RC(oxidc_pkce_verify(TEXT("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK"), TEXT(challenge),
                               OXIDC_PKCE_S256),
             OXIDC_PKCE_MISMATCH);
    CHECK_RC(oxidc_pkce_verify(NULL, 0, TEXT(challenge), OXIDC_PKCE_S256),
             OXIDC_PKCE_MISSING_VERIFIER);
    CHECK_RC(oxidc_pkce_verify(TEXT(verifier), TEXT(verifier), OXIDC_PKCE_PLAIN), OXIDC_OK);
    CHECK_RC(oxidc_pkce_verify(TEXT(verifier), TEXT(challenge), 3), OXIDC_INVALID_ARGUMENT);
    CHECK_RC(oxidc_pkce_compute_challenge(TEXT(verifier), OXIDC_PKCE_S512, out, sizeof out, &n),
             OXIDC_OK);
    CHECK(n == 86, "S512 length %zu", n);
    CHECK_RC(oxidc_pkce_compute_challenge(TEXT(verifier), OXIDC_PKCE_S256, out, 42, &n2),
             OXIDC_BUFFER_TOO_SMALL);
    CHECK_RC(oxidc_pkce_check_authorization_request(TEXT(challenge), TEXT("S256"), true, 0, &m),
             OXIDC_OK);
    CHECK(m == OXIDC_PKCE_S256, "method %u", m);
    CHECK_RC(oxidc_pkce_check_authorization_request(TEXT(challenge), NULL, 0, false, 0, &m),
             OXIDC_OK);
    CHECK(m == OXIDC_PKCE_PLAIN, "default plain");
    CHECK_RC(oxidc_pkce_check_authorization_request(NULL, 0, NULL, 0, false, 0, &m), OXIDC_OK);
    CHECK(m == 0, "nothing to store");
    CHECK_RC(oxidc_pkce_check_authorization_request(NULL, 0, NULL, 0, true, 0, &m),
             OXIDC_PKCE_MISSING_CHALLENGE);
    CHECK_RC(oxidc_pkce_check_authorization_request(TEXT(challenge), TEXT("plain"), false,
                                                    OXIDC_PKCE_S256, &m),
             OXIDC_UNSUPPORTED_CHALLENGE_METHOD);

    g_case = "client authentication";
    /* "client_1:hemligt hemligt" with RFC 6749 form-encoding (space as +) */
    CHECK_RC(oxidc_client_parse_basic(TEXT("Basic Y2xpZW50XzE6aGVtbGlndCtoZW1saWd0"),
                                      OXIDC_BASIC_RFC6749, out, sizeof out, &n, out2, sizeof out2,
                                      &n2),
             OXIDC_OK);
    CHECK(bytes_eq(out, n, TEXT("client_1")) && bytes_eq(out2, n2, TEXT("hemligt hemligt")),
          "rfc6749 decoding");
    CHECK_RC(oxidc_client_parse_basic(TEXT("Basic Y2xpZW50XzE6aGVtbGlndCtoZW1saWd0"),
                                      OXIDC_BASIC_RAW, out, sizeof out, &n, out2, sizeof out2,
                                      &n2),
             OXIDC_OK);
    CHECK(bytes_eq(out2, n2, TEXT("hemligt+hemligt")), "raw decoding");
    n = 777;
    CHECK_RC(oxidc_client_parse_basic(TEXT("Basic Y2xpZW50XzE6aGVtbGlndCtoZW1saWd0"),
                                      OXIDC_BASIC_RAW, out, sizeof out, &n, out2, 14, &n2),
             OXIDC_BUFFER_TOO_SMALL);
    CHECK(n == 777, "neither written");
    CHECK_RC(oxidc_client_parse_basic(TEXT("Bearer abc"), OXIDC_BASIC_RAW, out, sizeof out, &n,
                                      out2, sizeof out2, &n2),
             OXIDC_UNSUPPORTED_AUTH_SCHEME);
    CHECK_RC(oxidc_client_parse_basic(TEXT("Basic abc"), 2, out, sizeof out, &n, out2,
                                      sizeof out2, &n2),
             OXIDC_INVALID_ARGUMENT);
    CHECK_RC(oxidc_client_parse_bearer(TEXT("Bearer mF_9.B5f-4.1JqM"), out, sizeof out, &n),
             OXIDC_OK);
    CHECK(bytes_eq(out, n, TEXT("mF_9.B5f-4.1JqM")), "bearer");
    CHECK_RC(oxidc_client_secret_verify(TEXT("s3cret"), TEXT("s3cret")), OXIDC_OK);
    CHECK_RC(oxidc_client_secret_verify(TEXT("s3cret"), TEXT("s3creT")),
             OXIDC_CLIENT_SECRET_MISMATCH);
    CHECK_RC(oxidc_client_check_secret_expiry(0, NOW), OXIDC_OK);
    CHECK_RC(oxidc_client_check_secret_expiry(NOW - 1, NOW), OXIDC_CLIENT_SECRET_EXPIRED);

    /* client_secret_post from a parsed token request, and the dispatched grant type. */
    {
        const char *body = "grant_type=refresh_token&refresh_token=rt&client_id=c1&"
                           "client_secret=s%21";
        oxidc_message_options o;
        uint32_t gt = 0;
        memset(&o, 0, sizeof o);
        o.grant_types = OXIDC_GRANT_REFRESH_TOKEN;
        CHECK_RC(oxidc_message_parse(g_msg, OXIDC_MSG_TOKEN_REQUEST, OXIDC_FORMAT_FORM, TEXT(body),
                                     &o),
                 OXIDC_OK);
        CHECK_RC(oxidc_message_grant_type(g_msg, &gt), OXIDC_OK);
        CHECK(gt == OXIDC_GRANT_REFRESH_TOKEN, "grant type %u", gt);
        CHECK_RC(oxidc_client_post_credentials(g_msg, out, sizeof out, &n, out2, sizeof out2,
                                               &n2),
                 OXIDC_OK);
        CHECK(bytes_eq(out, n, TEXT("c1")) && bytes_eq(out2, n2, TEXT("s!")), "post");
        o.grant_types = OXIDC_GRANT_AUTHORIZATION_CODE;
        CHECK_RC(oxidc_message_parse(g_msg, OXIDC_MSG_TOKEN_REQUEST, OXIDC_FORMAT_FORM, TEXT(body),
                                     &o),
                 OXIDC_UNSUPPORTED_GRANT_TYPE);
        {
            oxidc_rejection rej;
            CHECK_RC(oxidc_message_rejection(g_msg, &rej), OXIDC_OK);
            CHECK(str_eq(rej.oauth_error, TEXT("invalid_request")), "oauth error");
            CHECK(str_eq(rej.description, TEXT("Unsupported grant_type")), "description");
        }
        CHECK_RC(oxidc_client_post_credentials(g_msg, out, sizeof out, &n, out2, sizeof out2,
                                               &n2),
                 OXIDC_NO_MESSAGE);
    }
    /* An undeclared parameter given twice reads as a duplicate (RFC 6749 §3.1). */
    {
        const char *body = "grant_type=authorization_code&code=c&redirect_uri=https%3A%2F%2Frp&"
                           "code_verifier=a&code_verifier=b";
        oxidc_param p;
        CHECK_RC(oxidc_message_parse(g_msg, OXIDC_MSG_OAUTH2_ACCESS_TOKEN_REQUEST,
                                     OXIDC_FORMAT_FORM, TEXT(body), NULL),
                 OXIDC_OK);
        CHECK_RC(oxidc_message_get(g_msg, TEXT("code_verifier"), &p), OXIDC_OK);
        CHECK(p.repeated && !p.declared && p.list_len == 2, "repeated");
        CHECK_RC(oxidc_message_get_str(g_msg, TEXT("code_verifier"), out, sizeof out, &n),
                 OXIDC_DUPLICATE_PARAMETER);
        CHECK_RC(oxidc_message_get_int(g_msg, TEXT("code"), (int64_t *)&n), OXIDC_WRONG_PARAMETER_TYPE);
    }
    /* An OIDC authorization request with the nonce expected. */
    {
        const char *body = "response_type=id_token&client_id=c&scope=openid&"
                           "redirect_uri=https%3A%2F%2Frp&nonce=n1";
        oxidc_message_options o;
        memset(&o, 0, sizeof o);
        o.verify = true;
        o.expected_nonce = S("n2");
        CHECK_RC(oxidc_message_parse(g_msg, OXIDC_MSG_OIDC_AUTHORIZATION_REQUEST,
                                     OXIDC_FORMAT_FORM, TEXT(body), &o),
                 OXIDC_NONCE_MISMATCH);
        o.expected_nonce = S("n1");
        CHECK_RC(oxidc_message_parse(g_msg, OXIDC_MSG_OIDC_AUTHORIZATION_REQUEST,
                                     OXIDC_FORMAT_FORM, TEXT(body), &o),
                 OXIDC_OK);
    }
    /* A good client_secret_jwt assertion gives its jti for the replay check. */
    {
        const char *secret = "a-client-secret-of-32-characters";
        const char *jwks = "{\"keys\":[{\"kty\":\"oct\",\"k\":"
                           "\"YS1jbGllbnQtc2VjcmV0LW9mLTMyLWNoYXJhY3RlcnM\"}]}";
        char claims[512];
        oxidc_signing_key *key = NULL;
        oxidc_keyset *keys = NULL;
        uint8_t jwt[1024];
        size_t jwt_len = 0;
        oxidc_assertion_policy pol;
        oxidc_str aud = S("https://op/token");
        snprintf(claims, sizeof claims,
                 "{\"iss\":\"c1\",\"sub\":\"c1\",\"aud\":\"https://op/token\",\"iat\":%d,"
                 "\"exp\":%d,\"jti\":\"j-42\"}",
                 NOW, NOW + 60);
        pol.audiences = &aud;
        pol.audiences_len = 1;
        pol.leeway = 15;
        pol.max_lifetime = 600;
        pol.require_jti = true;
        CHECK_RC(oxidc_signing_key_from_hmac_secret(TEXT(secret), OXIDC_ALG_HS256, NULL, 0, &key),
                 OXIDC_OK);
        CHECK_RC(oxidc_keyset_from_jwks(TEXT(jwks), &keys), OXIDC_OK);
        CHECK_RC(oxidc_mint_json(key, NULL, TEXT(claims), jwt, sizeof jwt, &jwt_len), OXIDC_OK);
        CHECK_RC(oxidc_client_assertion_issuer(jwt, jwt_len, out, sizeof out, &n), OXIDC_OK);
        CHECK(bytes_eq(out, n, TEXT("c1")), "issuer");
        CHECK_RC(oxidc_client_verify_assertion(
                     OXIDC_CLIENT_SECRET_JWT, jwt, jwt_len,
                     TEXT("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), TEXT("c1"),
                     keys, &pol, NOW, out, sizeof out, &n, &has_jti),
                 OXIDC_OK);
        CHECK(has_jti && bytes_eq(out, n, TEXT("j-42")), "jti");
        CHECK_RC(oxidc_client_verify_assertion(
                     OXIDC_PRIVATE_KEY_JWT, jwt, jwt_len,
                     TEXT("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), TEXT("c1"),
                     keys, &pol, NOW, out, sizeof out, &n, &has_jti),
                 OXIDC_ALGORITHM_MISMATCH);
        CHECK_RC(oxidc_client_verify_assertion(
                     OXIDC_CLIENT_SECRET_JWT, jwt, jwt_len,
                     TEXT("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), TEXT("c2"),
                     keys, &pol, NOW, out, sizeof out, &n, &has_jti),
                 OXIDC_ASSERTION_SUBJECT_MISMATCH);
        {
            /* flip one signature character (staying inside the base64url alphabet) */
            size_t dot = jwt_len;
            while (dot > 0 && jwt[dot - 1] != '.') dot--;
            jwt[dot + 3] = jwt[dot + 3] == 'A' ? 'B' : 'A';
        }
        CHECK_RC(oxidc_client_verify_assertion(
                     OXIDC_CLIENT_SECRET_JWT, jwt, jwt_len,
                     TEXT("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), TEXT("c1"),
                     keys, &pol, NOW, out, sizeof out, &n, &has_jti),
                 OXIDC_BAD_SIGNATURE);
        oxidc_keyset_free(keys);
        oxidc_signing_key_free(key);
    }
}

/* NULLs, zero lengths, huge lengths, non-UTF-8, bad enum values: codes, never crashes. */
static void bad_input(void) {
    uint8_t out[256], out2[256];
    size_t n = 0, n2 = 0;
    uint32_t m = 0;
    bool b = false;
    int64_t i = 0;
    oxidc_param p;
    oxidc_str s;
    oxidc_rejection rej;
    oxidc_message *msg2 = NULL;
    oxidc_decision d;
    oxidc_token_policy pol;
    oxidc_code_redemption cr;

    g_case = "bad input";
    CHECK_RC(oxidc_message_new(NULL), OXIDC_NULL_PARAMETER);
    oxidc_message_free(NULL);
    CHECK_RC(oxidc_message_parse(NULL, 1, 0, TEXT("a=b"), NULL), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_parse(g_msg, 1, 0, NULL, 0, NULL), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_parse(g_msg, 1, 0, (const uint8_t *)"a=b", HUGE_LEN, NULL),
             OXIDC_INPUT_TOO_LARGE);
    CHECK_RC(oxidc_message_parse(g_msg, 99, 0, TEXT("a=b"), NULL), OXIDC_INVALID_ARGUMENT);
    CHECK_RC(oxidc_message_parse(g_msg, 1, 2, TEXT("a=b"), NULL), OXIDC_INVALID_ARGUMENT);
    CHECK_RC(oxidc_message_parse(g_msg, 1, 0, TEXT("a=%ff"), NULL), OXIDC_INVALID_UTF8);
    CHECK_RC(oxidc_message_parse(g_msg, 1, 0, (const uint8_t *)"", 0, NULL),
             OXIDC_MISSING_PARAMETER);
    CHECK_RC(oxidc_message_parse(g_msg, 1, 1, TEXT("[1]"), NULL), OXIDC_NOT_AN_OBJECT);
    CHECK_RC(oxidc_message_rejection(NULL, &rej), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_rejection(g_msg, NULL), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_new(&msg2), OXIDC_OK);
    CHECK_RC(oxidc_message_count(msg2, &n), OXIDC_NO_MESSAGE);
    CHECK_RC(oxidc_message_rejection(msg2, &rej), OXIDC_NOT_FOUND);
    CHECK_RC(oxidc_message_parse(msg2, OXIDC_MSG_OAUTH2_TOKEN_REVOCATION_REQUEST, 0,
                                 TEXT("token=t&token=u"), NULL),
             OXIDC_DUPLICATE_PARAMETER);
    oxidc_message_free(msg2);
    CHECK_RC(oxidc_message_parse(g_msg, OXIDC_MSG_OAUTH2_TOKEN_REVOCATION_REQUEST, 0,
                                 TEXT("token=t"), NULL),
             OXIDC_OK);
    CHECK_RC(oxidc_message_get(g_msg, NULL, 0, &p), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_get(g_msg, (const uint8_t *)"\xff", 1, &p),
             OXIDC_INVALID_UTF8_ARGUMENT);
    CHECK_RC(oxidc_message_get(g_msg, TEXT("token"), NULL), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_get_str(g_msg, TEXT("token"), NULL, 10, &n), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_get_str(g_msg, TEXT("token"), out, 0, &n), OXIDC_BUFFER_TOO_SMALL);
    CHECK_RC(oxidc_message_get_int(g_msg, TEXT("token"), &i), OXIDC_WRONG_PARAMETER_TYPE);
    CHECK_RC(oxidc_message_get_bool(g_msg, TEXT("token"), &b), OXIDC_WRONG_PARAMETER_TYPE);
    CHECK_RC(oxidc_message_list_item(g_msg, TEXT("token"), 0, &s), OXIDC_WRONG_PARAMETER_TYPE);
    CHECK_RC(oxidc_message_param_at(NULL, 0, &p), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_grant_type(g_msg, &m), OXIDC_NOT_FOUND);
    CHECK_RC(oxidc_client_parse_basic(NULL, 0, 0, out, sizeof out, &n, out2, sizeof out2, &n2),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_client_parse_basic(TEXT("Basic YTpi"), 0, out, sizeof out, &n, NULL, 9, &n2),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_client_parse_basic((const uint8_t *)"", 0, 0, out, sizeof out, &n, out2,
                                      sizeof out2, &n2),
             OXIDC_UNSUPPORTED_AUTH_SCHEME);
    CHECK_RC(oxidc_client_parse_basic(TEXT("Basic /w=="), 0, out, sizeof out, &n, out2,
                                      sizeof out2, &n2),
             OXIDC_MALFORMED_BASIC_CREDENTIALS);
    CHECK_RC(oxidc_client_parse_bearer((const uint8_t *)"x", HUGE_LEN, out, sizeof out, &n),
             OXIDC_INPUT_TOO_LARGE);
    CHECK_RC(oxidc_client_parse_bearer(TEXT("Bearer "), out, sizeof out, &n),
             OXIDC_UNSUPPORTED_AUTH_SCHEME);
    CHECK_RC(oxidc_client_secret_verify((const uint8_t *)"\xff", 1, TEXT("x")),
             OXIDC_CLIENT_SECRET_MISMATCH);
    CHECK_RC(oxidc_client_secret_verify(TEXT("x"), NULL, 0), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_client_assertion_issuer(TEXT("not.a.jwt"), out, sizeof out, &n),
             OXIDC_INVALID_BASE64);
    CHECK_RC(oxidc_client_verify_assertion(1, TEXT("a.b.c"), NULL, 0, TEXT("c"), NULL, NULL, NOW,
                                           out, sizeof out, &n, &b),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_pkce_compute_challenge((const uint8_t *)"\xff", 1, 2, out, sizeof out, &n),
             OXIDC_INVALID_UTF8_ARGUMENT);
    CHECK_RC(oxidc_pkce_compute_challenge(TEXT("abc"), 0, out, sizeof out, &n),
             OXIDC_INVALID_ARGUMENT);
    CHECK_RC(oxidc_pkce_verify((const uint8_t *)"\xff", 1, TEXT("abc"), 1),
             OXIDC_PKCE_VERIFIER_INVALID);
    CHECK_RC(oxidc_pkce_verify(TEXT("abc"), NULL, 0, 1), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_pkce_check_authorization_request(NULL, 0, NULL, 0, false, 16, &m),
             OXIDC_INVALID_ARGUMENT);
    CHECK_RC(oxidc_pkce_check_authorization_request(NULL, 0, NULL, 0, false, 0, NULL),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_token_response_write_json(NULL, out, sizeof out, &n), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_error_response_write_json(NULL, out, sizeof out, &n), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_introspection_response_write_json(NULL, out, sizeof out, &n),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_write_redirect(TEXT("https://rp"), 0, NULL, 1, out, sizeof out, &n),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_write_redirect(TEXT("https://rp"), 0, NULL, 0, out, sizeof out, &n), OXIDC_OK);
    CHECK_RC(oxidc_error_response_for_result(OXIDC_OK, &s, &s), OXIDC_INVALID_ARGUMENT);

    /* grant functions */
    CHECK_RC(oxidc_token_policy_default(2, &pol), OXIDC_INVALID_ARGUMENT);
    CHECK_RC(oxidc_token_policy_default(OXIDC_PROFILE_OIDC, &pol), OXIDC_OK);
    memset(&cr, 0, sizeof cr);
    cr.code = S("c");
    CHECK_RC(oxidc_grant_redeem_code(TEXT("{"), NULL, 0, &cr, &pol, NOW, out, sizeof out, &n, &d),
             OXIDC_INVALID_JSON);
    CHECK_RC(oxidc_grant_redeem_code(TEXT("[]"), NULL, 0, &cr, &pol, NOW, out, sizeof out, &n, &d),
             OXIDC_MALFORMED_GRANT);
    CHECK_RC(oxidc_grant_redeem_code(NULL, 0, NULL, 0, &cr, &pol, NOW, out, sizeof out, &n, &d),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_grant_redeem_code(TEXT("{}"), NULL, 0, NULL, &pol, NOW, out, sizeof out, &n, &d),
             OXIDC_NULL_PARAMETER);
    pol.issue_refresh = 7;
    CHECK_RC(oxidc_grant_redeem_code(TEXT("{}"), NULL, 0, &cr, &pol, NOW, out, sizeof out, &n, &d),
             OXIDC_INVALID_ARGUMENT);
    pol.issue_refresh = -1;
    cr.code = NONE_STR();
    CHECK_RC(oxidc_grant_redeem_code(TEXT("{}"), NULL, 0, &cr, &pol, NOW, out, sizeof out, &n, &d),
             OXIDC_NULL_PARAMETER);
    cr.code = S("c");
    CHECK_RC(oxidc_grant_redeem_code(TEXT("{}"), TEXT("no;;such;;key"), &cr, &pol, NOW, out,
                                     sizeof out, &n, &d),
             OXIDC_MALFORMED_GRANT);
    CHECK_RC(oxidc_grant_redeem_code(TEXT("{}"), NULL, 0, &cr, &pol, NOW, out, sizeof out, &n, &d),
             OXIDC_OK);
    CHECK(!d.issued && d.error == OXIDC_UNKNOWN_CODE && !d.has_token, "unknown code");
    CHECK(str_eq(d.error_description, TEXT("Unknown code")), "description");
    n2 = 777;
    CHECK_RC(oxidc_grant_redeem_code(TEXT("{}"), NULL, 0, &cr, &pol, NOW, out, 10, &n2, &d),
             OXIDC_BUFFER_TOO_SMALL);
    CHECK(n2 == 777, "nothing written");
    {
        oxidc_result rc = oxidc_grant_check_mint(TEXT("{}"), NULL, 0, 0, 2, NOW);
        CHECK(rc != OXIDC_OK && rc != OXIDC_PANIC, "no parent: %s", result_name(rc));
    }
    CHECK_RC(oxidc_grant_check_mint(TEXT("{}"), NULL, 0, 0, 9, NOW), OXIDC_INVALID_ARGUMENT);
    CHECK_RC(oxidc_grant_find_token(TEXT("{}"), NULL, 0, TEXT("v"), &n), OXIDC_NOT_FOUND);
    {
        oxidc_str e, desc;
        CHECK_RC(oxidc_grant_refusal(OXIDC_MINTING_NOT_SUPPORTED, OXIDC_PROFILE_OIDC,
                                     OXIDC_TOKEN_CLASS_REFRESH_TOKEN, &e, &desc),
                 OXIDC_OK);
        CHECK(str_eq(desc, TEXT("Minting of refresh_token not supported")), "refusal");
        CHECK_RC(oxidc_grant_refusal(OXIDC_PANIC, 0, 0, &e, &desc), OXIDC_INVALID_ARGUMENT);
        CHECK_RC(oxidc_grant_refusal(OXIDC_CODE_INACTIVE, 5, 0, &e, &desc),
                 OXIDC_INVALID_ARGUMENT);
    }
}

int main(int argc, char **argv) {
    size_t cases;
    if (argc != 2) {
        fprintf(stderr, "usage: %s messages.txt\n", argv[0]);
        return 2;
    }
    if (oxidc_message_new(&g_msg) != OXIDC_OK) return 2;
    cases = for_each_record(argv[1], run_record);
    g_case = "";
    CHECK(g_messages >= 67, "only %zu message vectors", g_messages);
    CHECK(g_clients >= 12, "only %zu client-authn vectors", g_clients);
    CHECK(g_request_objects >= 38, "%zu request-object vectors", g_request_objects);
    CHECK(g_tampered >= 6, "only %zu tampered signatures", g_tampered);
    request_object_bad_input();
    serialisation();
    pkce_and_client();
    bad_input();
    oxidc_message_free(g_msg);
    printf("%zu vectors (%zu messages, %zu client authn/PKCE, %zu request objects, %zu "
           "tampered)\n",
           cases, g_messages, g_clients, g_request_objects, g_tampered);
    return finish("oauth");
}
