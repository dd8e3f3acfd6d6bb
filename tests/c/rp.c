/* Relying-party checks and the client-authentication dispatcher through the C API:
 *   - every ID-token record of messages.txt (the client_authn id_token vectors and the
 *     id_token_table of tests/conformance) through oxidc_id_token_verify, the claims check
 *     alone (oxidc_id_token_check_claims), the hash checks, and an oidc.AuthorizationResponse
 *     carrying the token (oxidc_message_verify_id_token);
 *   - every message vector again: the redirect_uri check on the accepted code-grant token
 *     requests (equal, one byte short, one byte more, absent), the class and holder-state
 *     rules of both message functions;
 *   - the redirect_uri divergence vector;
 *   - every HTTP Basic vector through oxidc_client_authenticate, then a table of the
 *     dispatcher's rules (method order, skipping, allow-list, expiry, unknown clients,
 *     bearer and assertion callbacks, host failures);
 *   - oxidc_pkce_verifier_from_random and oxidc_write_form;
 *   - bad input for every function above (NULL, zero length, one byte short, non-UTF-8).
 *
 * Usage: rp <messages.txt made by gen_oauth_vectors.py> */
#include "records.h"

#define NOW 1700000000
#define HUGE_LEN ((size_t)-1)
#define TEXT(s) (const uint8_t *)(s), strlen(s)

static oxidc_str S(const char *s) {
    oxidc_str r;
    r.ptr = (const uint8_t *)s;
    r.len = strlen(s);
    return r;
}

static oxidc_str BYTES_STR(const bytes *b, int present) {
    oxidc_str r;
    r.ptr = present ? b->ptr : NULL;
    r.len = present ? b->len : 0;
    return r;
}

static int str_eq(oxidc_str a, const char *b) { return bytes_eq(a.ptr, a.len, (const uint8_t *)b, strlen(b)); }

static oxidc_message *g_msg = NULL;
static oxidc_token *g_token = NULL;
static size_t g_id_tokens = 0, g_messages = 0, g_code_requests = 0, g_basic = 0;

static void expect_named(const record *r, const char *field, oxidc_result rc) {
    static char scratch[1024];
    char *w[REC_MAX_WORDS];
    rec_field(r, field, w, scratch, sizeof scratch);
    if (strcmp(w[1], "ok") == 0) {
        CHECK_RC(rc, OXIDC_OK);
    } else {
        CHECK(strcmp(result_name(rc), w[1]) == 0, "%s: got %s, want %s", field, result_name(rc),
              w[1]);
    }
}

/* --- ID tokens --------------------------------------------------------------------- */

typedef struct {
    bytes v;
    int has;
} opt_bytes;

static opt_bytes field(const record *r, const char *name) {
    opt_bytes o;
    o.v = rec_hex(r, name, &o.has);
    return o;
}

static void run_id_token(const record *r) {
    static char scratch[4096];
    char *w[REC_MAX_WORDS];
    opt_bytes token = field(r, "token"), jwks = field(r, "jwks");
    opt_bytes e_iss = field(r, "e_issuer"), e_client = field(r, "e_client_id");
    opt_bytes e_nonce = field(r, "e_nonce");
    opt_bytes c_iss = field(r, "c_iss"), c_sub = field(r, "c_sub"), c_azp = field(r, "c_azp");
    opt_bytes c_nonce = field(r, "c_nonce"), c_at = field(r, "c_at_hash");
    opt_bytes c_c = field(r, "c_c_hash"), at = field(r, "access_token"), code = field(r, "code");
    opt_bytes response = field(r, "response");
    oxidc_id_token_expectations e;
    oxidc_id_token_received_claims c;
    oxidc_keyset *keys = NULL;
    oxidc_str aud[8];
    size_t i, n_aud;
    int64_t now = rec_int(r, "now", NOW);
    oxidc_result rc;

    CHECK_RC(oxidc_id_token_expectations_default(&e), OXIDC_OK);
    CHECK(e.nonce_storage_time == OXIDC_NONCE_STORAGE_TIME && e.leeway == 0 && !e.has_max_age &&
              e.issuer.ptr == NULL,
          "defaults");
    e.issuer = BYTES_STR(&e_iss.v, e_iss.has);
    e.client_id = BYTES_STR(&e_client.v, e_client.has);
    e.nonce = BYTES_STR(&e_nonce.v, e_nonce.has);
    rec_field(r, "e_max_age", w, scratch, sizeof scratch);
    e.has_max_age = strcmp(w[1], "~") != 0;
    e.max_age = e.has_max_age ? strtoll(w[1], NULL, 10) : 0;
    e.leeway = (uint32_t)rec_int(r, "e_leeway", 0);

    CHECK_RC(oxidc_keyset_from_jwks(jwks.v.ptr, jwks.v.len, &keys), OXIDC_OK);
    CHECK_RC(oxidc_token_clear(g_token), OXIDC_OK);
    rc = oxidc_id_token_verify(keys, token.v.ptr, token.v.len, &e, at.has ? at.v.ptr : NULL,
                               at.v.len, code.has ? code.v.ptr : NULL, code.v.len, now, g_token);
    expect_named(r, "expect", rc);
    {
        uint8_t sub[64];
        size_t n = 0;
        oxidc_result want = rc == OXIDC_OK ? OXIDC_OK : OXIDC_NO_TOKEN;
        /* success stores the token; failure leaves the (cleared) holder empty */
        CHECK_RC(oxidc_token_sub(g_token, sub, sizeof sub, &n), want);
        if (rc == OXIDC_OK && c_sub.has) CHECK(bytes_eq(sub, n, c_sub.v.ptr, c_sub.v.len), "sub");
    }

    /* The claims check alone, on the same claims. */
    memset(&c, 0, sizeof c);
    c.iss = BYTES_STR(&c_iss.v, c_iss.has);
    c.sub = BYTES_STR(&c_sub.v, c_sub.has);
    c.azp = BYTES_STR(&c_azp.v, c_azp.has);
    c.nonce = BYTES_STR(&c_nonce.v, c_nonce.has);
    rec_field(r, "c_exp", w, scratch, sizeof scratch);
    c.has_exp = strcmp(w[1], "~") != 0;
    c.exp = c.has_exp ? strtoll(w[1], NULL, 10) : 0;
    rec_field(r, "c_iat", w, scratch, sizeof scratch);
    c.has_iat = strcmp(w[1], "~") != 0;
    c.iat = c.has_iat ? strtoll(w[1], NULL, 10) : 0;
    rec_field(r, "c_auth_time", w, scratch, sizeof scratch);
    c.has_auth_time = strcmp(w[1], "~") != 0;
    c.auth_time = c.has_auth_time ? strtoll(w[1], NULL, 10) : 0;
    n_aud = rec_field(r, "c_aud", w, scratch, sizeof scratch);
    c.has_aud = strcmp(w[1], "~") != 0;
    {
        bytes auds[8];
        size_t k = 0;
        if (c.has_aud) {
            k = (size_t)strtoll(w[1], NULL, 10);
            for (i = 0; i < k && i < 8 && i + 2 < n_aud + 1; i++) {
                auds[i] = unhex(w[2 + i], strlen(w[2 + i]));
                aud[i].ptr = auds[i].ptr;
                aud[i].len = auds[i].len;
            }
        }
        c.aud = k ? aud : NULL;
        c.aud_len = k;
        expect_named(r, "claims_expect", oxidc_id_token_check_claims(&c, &e, now));
        if (c.has_auth_time) {
            /* check_auth_time agrees with the max_age part of the claims check */
            oxidc_result a = oxidc_id_token_check_auth_time(
                &c.auth_time, e.has_max_age ? &e.max_age : NULL, now, e.leeway);
            if (a != OXIDC_OK) CHECK_RC(a, OXIDC_AUTHENTICATION_TOO_OLD);
        }
        for (i = 0; i < k; i++) bytes_free(&auds[i]);
    }

    /* The hash checks on their own, and through an authentication response. */
    if (at.has) {
        rc = oxidc_id_token_check_at_hash(OXIDC_ALG_HS256, at.v.ptr, at.v.len,
                                          c_at.has ? c_at.v.ptr : NULL, c_at.v.len);
        if (c_at.has && rc != OXIDC_OK) CHECK_RC(rc, OXIDC_AT_HASH_MISMATCH);
        if (!c_at.has) CHECK_RC(rc, OXIDC_MISSING_CLAIM);
    }
    if (code.has) {
        rc = oxidc_id_token_check_c_hash(OXIDC_ALG_HS256, code.v.ptr, code.v.len,
                                         c_c.has ? c_c.v.ptr : NULL, c_c.v.len);
        if (c_c.has && rc != OXIDC_OK) CHECK_RC(rc, OXIDC_C_HASH_MISMATCH);
        if (!c_c.has) CHECK_RC(rc, OXIDC_MISSING_CLAIM);
    }
    if (response.has) {
        bool has = false;
        CHECK_RC(oxidc_message_parse(g_msg, OXIDC_MSG_OIDC_AUTHORIZATION_RESPONSE,
                                     OXIDC_FORMAT_FORM, response.v.ptr, response.v.len, NULL),
                 OXIDC_OK);
        rc = oxidc_message_verify_id_token(g_msg, keys, &e, now, g_token, &has);
        expect_named(r, "expect", rc);
        CHECK(has == (rc == OXIDC_OK), "has_id_token");
    }
    oxidc_keyset_free(keys);
    g_id_tokens++;
    {
        opt_bytes *all[] = {&token, &jwks, &e_iss, &e_client, &e_nonce, &c_iss, &c_sub, &c_azp,
                            &c_nonce, &c_at, &c_c, &at, &code, &response};
        for (i = 0; i < sizeof all / sizeof all[0]; i++) bytes_free(&all[i]->v);
    }
}

/* --- messages: redirect_uri and the id_token of responses ----------------------------- */

static void message_extras(const record *r) {
    int present = 0;
    bytes body = rec_hex(r, "body", &present);
    uint32_t cls = (uint32_t)rec_int(r, "class", 0);
    uint32_t fmt = (uint32_t)rec_int(r, "format", 0);
    oxidc_message_options o;
    oxidc_id_token_expectations e;
    oxidc_keyset *empty = NULL;
    oxidc_result rc;
    bool has = true;
    memset(&o, 0, sizeof o);
    o.verify = rec_int(r, "verify", 1) != 0;
    oxidc_id_token_expectations_default(&e);
    CHECK_RC(oxidc_keyset_from_jwks(TEXT("{\"keys\":[]}"), &empty), OXIDC_OK);
    rc = oxidc_message_parse(g_msg, cls, fmt, body.ptr, body.len, &o);
    g_messages++;
    if (rc != OXIDC_OK) {
        CHECK_RC(oxidc_message_check_redirect_uri(g_msg, TEXT("https://rp/cb")), OXIDC_NO_MESSAGE);
        CHECK_RC(oxidc_message_verify_id_token(g_msg, empty, &e, NOW, g_token, &has),
                 OXIDC_NO_MESSAGE);
        CHECK(has, "nothing written");
    } else if (cls == OXIDC_MSG_OAUTH2_ACCESS_TOKEN_REQUEST ||
               cls == OXIDC_MSG_OIDC_ACCESS_TOKEN_REQUEST) {
        uint8_t uri[4096];
        size_t n = 0;
        CHECK_RC(oxidc_message_check_redirect_uri(g_msg, NULL, 0), OXIDC_OK);
        if (oxidc_message_get_str(g_msg, TEXT("redirect_uri"), uri, sizeof uri - 1, &n) ==
            OXIDC_OK) {
            CHECK_RC(oxidc_message_check_redirect_uri(g_msg, uri, n), OXIDC_OK);
            if (n > 0) {
                CHECK_RC(oxidc_message_check_redirect_uri(g_msg, uri, n - 1),
                         OXIDC_REDIRECT_URI_MISMATCH);
            }
            uri[n] = '/';
            CHECK_RC(oxidc_message_check_redirect_uri(g_msg, uri, n + 1),
                     OXIDC_REDIRECT_URI_MISMATCH);
        } else {
            CHECK_RC(oxidc_message_check_redirect_uri(g_msg, TEXT("https://rp/cb")),
                     OXIDC_REDIRECT_URI_MISSING);
        }
        CHECK_RC(oxidc_message_verify_id_token(g_msg, empty, &e, NOW, g_token, &has),
                 OXIDC_INVALID_ARGUMENT);
        g_code_requests++;
    } else if (cls == OXIDC_MSG_OIDC_ACCESS_TOKEN_RESPONSE ||
               cls == OXIDC_MSG_OIDC_AUTHORIZATION_RESPONSE) {
        oxidc_param p;
        int carries = oxidc_message_get(g_msg, TEXT("id_token"), &p) == OXIDC_OK;
        rc = oxidc_message_verify_id_token(g_msg, empty, &e, NOW, g_token, &has);
        if (carries) {
            /* no key can verify it */
            CHECK(rc != OXIDC_OK && rc != OXIDC_PANIC, "%s", result_name(rc));
            CHECK(has, "nothing written");
        } else {
            CHECK_RC(rc, OXIDC_OK);
            CHECK(!has, "no id_token");
        }
        CHECK_RC(oxidc_message_check_redirect_uri(g_msg, TEXT("x")), OXIDC_INVALID_ARGUMENT);
    } else {
        CHECK_RC(oxidc_message_check_redirect_uri(g_msg, TEXT("x")), OXIDC_INVALID_ARGUMENT);
        CHECK_RC(oxidc_message_verify_id_token(g_msg, empty, &e, NOW, g_token, &has),
                 OXIDC_INVALID_ARGUMENT);
    }
    oxidc_keyset_free(empty);
    bytes_free(&body);
}

static void run_redirect_uri(const record *r) {
    int has = 0;
    bytes body = rec_hex(r, "body", &has), authorized = rec_hex(r, "authorized", &has);
    oxidc_message_options o;
    memset(&o, 0, sizeof o);
    o.verify = false; /* as the Rust test: typed, not verified (redirect_uri is required) */
    CHECK_RC(oxidc_message_parse(g_msg, OXIDC_MSG_OAUTH2_ACCESS_TOKEN_REQUEST, OXIDC_FORMAT_FORM,
                                 body.ptr, body.len, &o),
             OXIDC_OK);
    expect_named(r, "expect", oxidc_message_check_redirect_uri(g_msg, authorized.ptr,
                                                               authorized.len));
    bytes_free(&body);
    bytes_free(&authorized);
}

/* --- the dispatcher ------------------------------------------------------------------ */

typedef struct {
    const char *id, *secret;
    int64_t expires_at;
    uint32_t denied_method; /* 0: every method allowed */
} client;

typedef struct {
    const client *clients;
    size_t n;
    const char *token, *token_client; /* the one bearer token it knows */
    oxidc_result assertion_rc;        /* what verify_client_assertion answers */
    const char *assertion_client;
    int calls;
} registry_ctx;

static const client *find_client(registry_ctx *r, oxidc_str id) {
    size_t i;
    for (i = 0; i < r->n; i++) {
        if (str_eq(id, r->clients[i].id)) return &r->clients[i];
    }
    return NULL;
}

static bool cb_is_registered(void *ctx, oxidc_str id) {
    ((registry_ctx *)ctx)->calls++;
    return find_client((registry_ctx *)ctx, id) != NULL;
}

static bool cb_client_secret(void *ctx, oxidc_str id, oxidc_str *secret) {
    const client *c = find_client((registry_ctx *)ctx, id);
    ((registry_ctx *)ctx)->calls++;
    if (!c || !c->secret) return false;
    *secret = S(c->secret);
    return true;
}

static int64_t cb_expires(void *ctx, oxidc_str id) {
    const client *c = find_client((registry_ctx *)ctx, id);
    return c ? c->expires_at : 0;
}

static bool cb_allows(void *ctx, oxidc_str id, uint32_t method) {
    const client *c = find_client((registry_ctx *)ctx, id);
    return !c || c->denied_method != method;
}

static oxidc_result cb_assertion(void *ctx, uint32_t method, oxidc_str assertion,
                                 oxidc_str type, int64_t now, oxidc_str *client_id) {
    registry_ctx *r = (registry_ctx *)ctx;
    CHECK(method == OXIDC_AUTH_CLIENT_SECRET_JWT || method == OXIDC_AUTH_PRIVATE_KEY_JWT,
          "method %u", method);
    CHECK(assertion.len > 0 && now == NOW, "assertion arguments");
    (void)type;
    if (r->assertion_rc == OXIDC_OK) *client_id = S(r->assertion_client);
    return r->assertion_rc;
}

static oxidc_result cb_token(void *ctx, oxidc_str token, oxidc_str *client_id) {
    registry_ctx *r = (registry_ctx *)ctx;
    if (r->token && str_eq(token, r->token)) {
        *client_id = S(r->token_client);
        return OXIDC_OK;
    }
    return OXIDC_UNKNOWN_TOKEN;
}

static oxidc_client_registry make_registry(registry_ctx *ctx) {
    oxidc_client_registry reg;
    reg.ctx = ctx;
    reg.is_registered = cb_is_registered;
    reg.client_secret = cb_client_secret;
    reg.secret_expires_at = cb_expires;
    reg.allows = cb_allows;
    reg.verify_client_assertion = cb_assertion;
    reg.client_for_token = cb_token;
    return reg;
}

/* Parses `body` as a token request (typed only) and authenticates it. */
static oxidc_result authn(const char *body, const char *header, const uint32_t *methods,
                          size_t n, oxidc_client_registry *reg, oxidc_client_authn *out,
                          uint8_t *buf, size_t cap) {
    oxidc_message_options o;
    size_t len = 0;
    memset(&o, 0, sizeof o);
    if (oxidc_message_parse(g_msg, OXIDC_MSG_OAUTH2_REFRESH_ACCESS_TOKEN_REQUEST,
                            OXIDC_FORMAT_FORM, TEXT(body), &o) != OXIDC_OK) {
        return OXIDC_PANIC; /* not under test */
    }
    return oxidc_client_authenticate(g_msg, reg, methods, n, header ? (const uint8_t *)header : NULL,
                                     header ? strlen(header) : 0, OXIDC_BASIC_RFC6749, NOW, buf,
                                     cap, &len, out);
}

static void run_basic(const record *r) {
    int has = 0, has_id = 0;
    bytes auth = rec_hex(r, "authorization", &has), reg_secret = rec_hex(r, "registered", &has);
    bytes want = rec_hex(r, "client_id_out", &has_id);
    uint8_t id[1024], sec[1024], out[1024];
    size_t idn = 0, secn = 0, n = 0;
    uint32_t m = OXIDC_AUTH_CLIENT_SECRET_BASIC;
    client cl;
    registry_ctx ctx;
    oxidc_client_registry reg;
    oxidc_client_authn a;
    oxidc_result rc;
    char secret[1024];
    /* Register whatever id the header names (if it parses) with the vector's secret. */
    memset(&ctx, 0, sizeof ctx);
    if (oxidc_client_parse_basic(auth.ptr, auth.len, OXIDC_BASIC_RFC6749, id, sizeof id - 1,
                                 &idn, sec, sizeof sec, &secn) == OXIDC_OK) {
        id[idn] = '\0';
    } else {
        id[0] = '\0';
    }
    snprintf(secret, sizeof secret, "%.*s", (int)reg_secret.len, (const char *)reg_secret.ptr);
    cl.id = (const char *)id;
    cl.secret = secret;
    cl.expires_at = 0;
    cl.denied_method = 0;
    ctx.clients = &cl;
    ctx.n = 1;
    reg = make_registry(&ctx);
    CHECK_RC(oxidc_message_parse(g_msg, OXIDC_MSG_OAUTH2_REFRESH_ACCESS_TOKEN_REQUEST,
                                 OXIDC_FORMAT_FORM, TEXT("refresh_token=r"), NULL),
             OXIDC_OK);
    rc = oxidc_client_authenticate(g_msg, &reg, &m, 1, auth.ptr, auth.len, OXIDC_BASIC_RFC6749,
                                   NOW, out, sizeof out, &n, &a);
    {
        /* the dispatcher reports a malformed header as the method's failure */
        static char scratch[1024];
        char *w[REC_MAX_WORDS];
        rec_field(r, "expect", w, scratch, sizeof scratch);
        if (strcmp(w[1], "ok") == 0) {
            CHECK_RC(rc, OXIDC_OK);
            CHECK(a.method == OXIDC_AUTH_CLIENT_SECRET_BASIC && a.authenticated, "method");
            if (has_id) CHECK(bytes_eq(a.client_id.ptr, a.client_id.len, want.ptr, want.len), "id");
            CHECK(a.token.ptr == NULL && n == a.client_id.len, "no token, %zu bytes", n);
        } else {
            CHECK(strcmp(result_name(rc), w[1]) == 0 ||
                      (strcmp(w[1], "unsupported_auth_scheme") == 0 &&
                       rc == OXIDC_CLIENT_AUTHENTICATION_MISSING),
                  "got %s, want %s", result_name(rc), w[1]);
        }
    }
    g_basic++;
    bytes_free(&auth);
    bytes_free(&reg_secret);
    bytes_free(&want);
}

static void dispatcher_table(void) {
    static const client clients[] = {
        {"c1", "s3cret", 0, 0},
        {"c2", "other", NOW - 1, 0},            /* secret expired */
        {"c3", "s3cret", 0, 4},                 /* client_secret_post not allowed */
        {"pub", NULL, 0, 0},                    /* public client */
    };
    const uint32_t token_ep[] = {OXIDC_AUTH_CLIENT_SECRET_POST, OXIDC_AUTH_CLIENT_SECRET_BASIC,
                                 OXIDC_AUTH_CLIENT_SECRET_JWT, OXIDC_AUTH_PRIVATE_KEY_JWT};
    const uint32_t with_none[] = {OXIDC_AUTH_CLIENT_SECRET_BASIC, OXIDC_AUTH_NONE};
    const uint32_t bearer[] = {OXIDC_AUTH_BEARER_HEADER, OXIDC_AUTH_BEARER_BODY};
    const uint32_t public_only[] = {OXIDC_AUTH_PUBLIC};
    registry_ctx ctx;
    oxidc_client_registry reg;
    oxidc_client_authn a, before;
    uint8_t buf[256];
    size_t n = 777;
    g_case = "dispatcher";
    memset(&ctx, 0, sizeof ctx);
    ctx.clients = clients;
    ctx.n = sizeof clients / sizeof clients[0];
    ctx.token = "tok123";
    ctx.token_client = "c1";
    ctx.assertion_rc = OXIDC_OK;
    ctx.assertion_client = "c1";
    reg = make_registry(&ctx);

    /* client_secret_post */
    CHECK_RC(authn("refresh_token=r&client_id=c1&client_secret=s3cret", NULL, token_ep, 4, &reg,
                   &a, buf, sizeof buf),
             OXIDC_OK);
    CHECK(a.method == OXIDC_AUTH_CLIENT_SECRET_POST && a.authenticated, "post");
    CHECK(str_eq(a.client_id, "c1") && a.client_id.ptr == buf && a.token.ptr == NULL, "post id");
    CHECK_RC(authn("refresh_token=r&client_id=c1&client_secret=wrong", NULL, token_ep, 4, &reg,
                   &a, buf, sizeof buf),
             OXIDC_CLIENT_SECRET_MISMATCH);
    /* Basic: "c1:s3cret" */
    CHECK_RC(authn("refresh_token=r", "Basic YzE6czNjcmV0", token_ep, 4, &reg, &a, buf, sizeof buf),
             OXIDC_OK);
    CHECK(a.method == OXIDC_AUTH_CLIENT_SECRET_BASIC && str_eq(a.client_id, "c1"), "basic");
    /* A failing method is skipped; the next one that succeeds wins. */
    CHECK_RC(authn("refresh_token=r&client_id=c1&client_secret=wrong", "Basic YzE6czNjcmV0",
                   token_ep, 4, &reg, &a, buf, sizeof buf),
             OXIDC_OK);
    CHECK(a.method == OXIDC_AUTH_CLIENT_SECRET_BASIC, "second method");
    /* Expired secret ends the search. */
    CHECK_RC(authn("refresh_token=r&client_id=c2&client_secret=other", "Basic YzE6czNjcmV0",
                   token_ep, 4, &reg, &a, buf, sizeof buf),
             OXIDC_CLIENT_SECRET_EXPIRED);
    /* Method not allowed for the client: the failure is kept, later methods tried. */
    CHECK_RC(authn("refresh_token=r&client_id=c3&client_secret=s3cret", NULL, token_ep, 4, &reg,
                   &a, buf, sizeof buf),
             OXIDC_CLIENT_AUTH_METHOD_NOT_ALLOWED);
    /* Nothing applies. */
    CHECK_RC(authn("refresh_token=r", NULL, token_ep, 4, &reg, &a, buf, sizeof buf),
             OXIDC_CLIENT_AUTHENTICATION_MISSING);
    CHECK_RC(authn("refresh_token=r", NULL, NULL, 0, &reg, &a, buf, sizeof buf),
             OXIDC_CLIENT_AUTHENTICATION_MISSING);
    /* Assertions go to the callback. */
    CHECK_RC(authn("refresh_token=r&client_assertion=a.b.c", NULL, token_ep, 4, &reg, &a, buf,
                   sizeof buf),
             OXIDC_OK);
    CHECK(a.method == OXIDC_AUTH_CLIENT_SECRET_JWT && str_eq(a.client_id, "c1"), "assertion");
    ctx.assertion_rc = OXIDC_BAD_SIGNATURE;
    CHECK_RC(authn("refresh_token=r&client_assertion=a.b.c", NULL, token_ep, 4, &reg, &a, buf,
                   sizeof buf),
             OXIDC_BAD_SIGNATURE);
    /* A callback answering outside the core's codes: that code, not a verdict. */
    ctx.assertion_rc = OXIDC_BUFFER_TOO_SMALL;
    CHECK_RC(authn("refresh_token=r&client_assertion=a.b.c", NULL, token_ep, 4, &reg, &a, buf,
                   sizeof buf),
             OXIDC_BUFFER_TOO_SMALL);
    ctx.assertion_rc = OXIDC_OK;
    ctx.assertion_client = "\xff";
    CHECK_RC(authn("refresh_token=r&client_assertion=a.b.c", NULL, token_ep, 4, &reg, &a, buf,
                   sizeof buf),
             OXIDC_INVALID_UTF8);
    ctx.assertion_client = "c1";
    /* none / public */
    CHECK_RC(authn("refresh_token=r&client_id=pub", NULL, with_none, 2, &reg, &a, buf, sizeof buf),
             OXIDC_OK);
    CHECK(a.method == OXIDC_AUTH_NONE && !a.authenticated && str_eq(a.client_id, "pub"), "none");
    CHECK_RC(authn("refresh_token=r", NULL, with_none, 2, &reg, &a, buf, sizeof buf), OXIDC_OK);
    CHECK(a.method == OXIDC_AUTH_NONE && a.client_id.ptr == NULL, "none without client_id");
    CHECK_RC(authn("refresh_token=r&client_id=nobody", NULL, with_none, 2, &reg, &a, buf,
                   sizeof buf),
             OXIDC_UNKNOWN_CLIENT);
    CHECK_RC(authn("refresh_token=r", NULL, public_only, 1, &reg, &a, buf, sizeof buf),
             OXIDC_CLIENT_AUTHENTICATION_MISSING);
    /* bearer */
    CHECK_RC(authn("refresh_token=r", "Bearer tok123", bearer, 2, &reg, &a, buf, sizeof buf),
             OXIDC_OK);
    CHECK(a.method == OXIDC_AUTH_BEARER_HEADER && str_eq(a.token, "tok123") &&
              str_eq(a.client_id, "c1") && a.token.ptr == buf + 2,
          "bearer header");
    CHECK_RC(authn("refresh_token=r", "Bearer nope", bearer, 2, &reg, &a, buf, sizeof buf),
             OXIDC_UNKNOWN_TOKEN);
    CHECK_RC(authn("refresh_token=r&access_token=nope", NULL, bearer, 2, &reg, &a, buf, sizeof buf),
             OXIDC_OK);
    CHECK(a.method == OXIDC_AUTH_BEARER_BODY && a.client_id.ptr == NULL && str_eq(a.token, "nope"),
          "bearer body, unknown token");

    /* Outputs: exact fit, one byte short (nothing written), unknown method, NULLs. */
    CHECK_RC(authn("refresh_token=r", "Bearer tok123", bearer, 2, &reg, &a, buf, 8), OXIDC_OK);
    memset(&before, 0xab, sizeof before);
    a = before;
    CHECK_RC(authn("refresh_token=r", "Bearer tok123", bearer, 2, &reg, &a, buf, 7),
             OXIDC_BUFFER_TOO_SMALL);
    CHECK(memcmp(&a, &before, sizeof a) == 0, "nothing written");
    {
        const uint32_t bad[] = {OXIDC_AUTH_CLIENT_SECRET_POST, 99};
        CHECK_RC(authn("refresh_token=r", NULL, bad, 2, &reg, &a, buf, sizeof buf),
                 OXIDC_INVALID_ARGUMENT);
        CHECK_RC(authn("refresh_token=r", NULL, NULL, 1, &reg, &a, buf, sizeof buf),
                 OXIDC_NULL_PARAMETER);
    }
    CHECK_RC(oxidc_client_authenticate(g_msg, &reg, token_ep, 4, NULL, 0, 2, NOW, buf, sizeof buf,
                                       &n, &a),
             OXIDC_INVALID_ARGUMENT);
    CHECK_RC(oxidc_client_authenticate(NULL, &reg, token_ep, 4, NULL, 0, 0, NOW, buf, sizeof buf,
                                       &n, &a),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_client_authenticate(g_msg, NULL, token_ep, 4, NULL, 0, 0, NOW, buf, sizeof buf,
                                       &n, &a),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_client_authenticate(g_msg, &reg, token_ep, 4, NULL, 0, 0, NOW, NULL, 0, &n, &a),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_client_authenticate(g_msg, &reg, token_ep, 4, NULL, 0, 0, NOW, buf, sizeof buf,
                                       NULL, &a),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_client_authenticate(g_msg, &reg, token_ep, 4, NULL, 0, 0, NOW, buf, sizeof buf,
                                       &n, NULL),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_client_authenticate(g_msg, &reg, token_ep, 4, NULL, HUGE_LEN, 0, NOW, buf,
                                       sizeof buf, &n, &a),
             OXIDC_CLIENT_AUTHENTICATION_MISSING); /* NULL header: absent, its length unread */
    CHECK_RC(oxidc_client_authenticate(g_msg, &reg, token_ep, 4, (const uint8_t *)"x", HUGE_LEN,
                                       0, NOW, buf, sizeof buf, &n, &a),
             OXIDC_INPUT_TOO_LARGE);
    {
        oxidc_client_registry partial = reg;
        partial.is_registered = NULL;
        CHECK_RC(oxidc_client_authenticate(g_msg, &partial, token_ep, 4, NULL, 0, 0, NOW, buf,
                                           sizeof buf, &n, &a),
                 OXIDC_NULL_PARAMETER);
        /* Optional callbacks left out: the core's defaults. */
        partial = reg;
        partial.secret_expires_at = NULL;
        partial.allows = NULL;
        partial.verify_client_assertion = NULL;
        partial.client_for_token = NULL;
        CHECK_RC(authn("refresh_token=r&client_id=c3&client_secret=s3cret", NULL, token_ep, 4,
                       &partial, &a, buf, sizeof buf),
                 OXIDC_OK);
        CHECK_RC(authn("refresh_token=r&client_assertion=a.b.c", NULL, token_ep, 4, &partial, &a,
                       buf, sizeof buf),
                 OXIDC_CLIENT_AUTHENTICATION_MISSING);
        CHECK_RC(authn("refresh_token=r", "Bearer tok123", bearer, 2, &partial, &a, buf,
                       sizeof buf),
                 OXIDC_CLIENT_AUTHENTICATION_MISSING);
    }
    /* A rejected holder has no parameters to authenticate. */
    oxidc_message_parse(g_msg, OXIDC_MSG_OAUTH2_REFRESH_ACCESS_TOKEN_REQUEST, OXIDC_FORMAT_FORM,
                        TEXT("grant_type=x"), NULL);
    CHECK_RC(oxidc_client_authenticate(g_msg, &reg, token_ep, 4, NULL, 0, 0, NOW, buf, sizeof buf,
                                       &n, &a),
             OXIDC_NO_MESSAGE);
    CHECK(n == 777, "length untouched");
}

/* --- PKCE verifier, form bodies ------------------------------------------------------ */

static void pkce_and_form(void) {
    uint8_t random[97], out[256];
    size_t n = 777, i;
    g_case = "pkce_verifier_from_random";
    for (i = 0; i < sizeof random; i++) random[i] = (uint8_t)(i * 7 + 1);
    CHECK_RC(oxidc_pkce_verifier_from_random(random, 32, out, sizeof out, &n), OXIDC_OK);
    CHECK(n == 43, "43 characters, got %zu", n);
    {
        uint8_t ch[128];
        size_t chn = 0;
        CHECK_RC(oxidc_pkce_compute_challenge(out, n, OXIDC_PKCE_S256, ch, sizeof ch, &chn),
                 OXIDC_OK);
        CHECK_RC(oxidc_pkce_verify(out, n, ch, chn, OXIDC_PKCE_S256), OXIDC_OK);
    }
    CHECK_RC(oxidc_pkce_verifier_from_random(random, 96, out, sizeof out, &n), OXIDC_OK);
    CHECK(n == 128, "128 characters, got %zu", n);
    n = 777;
    CHECK_RC(oxidc_pkce_verifier_from_random(random, 31, out, sizeof out, &n),
             OXIDC_PKCE_VERIFIER_INVALID);
    CHECK_RC(oxidc_pkce_verifier_from_random(random, 97, out, sizeof out, &n),
             OXIDC_PKCE_VERIFIER_INVALID);
    CHECK_RC(oxidc_pkce_verifier_from_random(random, 0, out, sizeof out, &n),
             OXIDC_PKCE_VERIFIER_INVALID);
    CHECK_RC(oxidc_pkce_verifier_from_random(random, 32, out, 42, &n), OXIDC_BUFFER_TOO_SMALL);
    CHECK(n == 777, "nothing written");
    CHECK_RC(oxidc_pkce_verifier_from_random(NULL, 32, out, sizeof out, &n), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_pkce_verifier_from_random(random, 32, NULL, 0, &n), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_pkce_verifier_from_random(random, 32, out, sizeof out, NULL),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_pkce_verifier_from_random(random, HUGE_LEN, out, sizeof out, &n),
             OXIDC_INPUT_TOO_LARGE);

    g_case = "write_form";
    {
        oxidc_pair p[3];
        const char *want = "grant_type=authorization_code&code=a+b%2Fc%3D&state=";
        p[0].name = S("grant_type");
        p[0].value = S("authorization_code");
        p[1].name = S("code");
        p[1].value = S("a b/c=");
        p[2].name = S("state");
        p[2].value = S("");
        CHECK_RC(oxidc_write_form(p, 3, out, sizeof out, &n), OXIDC_OK);
        CHECK(bytes_eq(out, n, (const uint8_t *)want, strlen(want)), "%.*s", (int)n, out);
        n = 777;
        CHECK_RC(oxidc_write_form(p, 3, out, strlen(want) - 1, &n), OXIDC_BUFFER_TOO_SMALL);
        CHECK(n == 777, "nothing written");
        CHECK_RC(oxidc_write_form(NULL, 0, out, sizeof out, &n), OXIDC_OK);
        CHECK(n == 0, "empty form");
        CHECK_RC(oxidc_write_form(NULL, 1, out, sizeof out, &n), OXIDC_NULL_PARAMETER);
        CHECK_RC(oxidc_write_form(p, 3, NULL, 0, &n), OXIDC_NULL_PARAMETER);
        p[1].value.ptr = (const uint8_t *)"\xff";
        p[1].value.len = 1;
        CHECK_RC(oxidc_write_form(p, 3, out, sizeof out, &n), OXIDC_INVALID_UTF8_ARGUMENT);
        p[1].value.ptr = NULL;
        CHECK_RC(oxidc_write_form(p, 3, out, sizeof out, &n), OXIDC_NULL_PARAMETER);
    }
}

/* --- bad input for the ID-token and message functions ------------------------------------- */

static void id_token_bad_input(void) {
    oxidc_id_token_expectations e;
    oxidc_id_token_received_claims c;
    oxidc_keyset *keys = NULL;
    oxidc_str aud[1];
    int64_t t = NOW;
    bool has = false;
    g_case = "id_token bad input";
    CHECK_RC(oxidc_id_token_expectations_default(NULL), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_id_token_expectations_default(&e), OXIDC_OK);
    CHECK_RC(oxidc_keyset_from_jwks(TEXT("{\"keys\":[{\"kty\":\"oct\",\"k\":\"YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE\"}]}"),
                                    &keys),
             OXIDC_OK);
    CHECK_RC(oxidc_id_token_verify(NULL, TEXT("a.b.c"), &e, NULL, 0, NULL, 0, NOW, g_token),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_id_token_verify(keys, NULL, 5, &e, NULL, 0, NULL, 0, NOW, g_token),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_id_token_verify(keys, TEXT("a.b.c"), NULL, NULL, 0, NULL, 0, NOW, g_token),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_id_token_verify(keys, TEXT("a.b.c"), &e, NULL, 0, NULL, 0, NOW, NULL),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_id_token_verify(keys, (const uint8_t *)"a.b.c", 20000, &e, NULL, 0, NULL, 0,
                                   NOW, g_token),
             OXIDC_TOKEN_TOO_LARGE);
    CHECK_RC(oxidc_id_token_verify(keys, TEXT("\xff.b.c"), &e, NULL, 0, NULL, 0, NOW, g_token),
             OXIDC_INVALID_UTF8);
    {
        oxidc_result rc = oxidc_id_token_verify(keys, (const uint8_t *)"", 0, &e, NULL, 0, NULL, 0,
                                                NOW, g_token);
        CHECK(rc != OXIDC_OK && rc != OXIDC_PANIC, "empty token: %s", result_name(rc));
    }
    CHECK_RC(oxidc_id_token_verify(keys, TEXT("a.b.c"), &e, (const uint8_t *)"\xff", 1, NULL, 0,
                                   NOW, g_token),
             OXIDC_INVALID_UTF8_ARGUMENT);
    e.issuer.ptr = NULL;
    e.issuer.len = 3; /* absent: its length is not read */
    e.nonce.ptr = (const uint8_t *)"\xfe";
    e.nonce.len = 1;
    CHECK_RC(oxidc_id_token_verify(keys, TEXT("a.b.c"), &e, NULL, 0, NULL, 0, NOW, g_token),
             OXIDC_INVALID_UTF8_ARGUMENT);
    oxidc_id_token_expectations_default(&e);

    memset(&c, 0, sizeof c);
    CHECK_RC(oxidc_id_token_check_claims(NULL, &e, NOW), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_id_token_check_claims(&c, NULL, NOW), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_id_token_check_claims(&c, &e, NOW), OXIDC_MISSING_CLAIM);
    c.iss = S("i");
    c.sub = S("s");
    c.has_aud = true;
    c.aud = NULL;
    c.aud_len = 1;
    c.has_exp = c.has_iat = true;
    c.exp = NOW + 10;
    c.iat = NOW;
    CHECK_RC(oxidc_id_token_check_claims(&c, &e, NOW), OXIDC_NULL_PARAMETER);
    aud[0] = S("\xff");
    c.aud = aud;
    CHECK_RC(oxidc_id_token_check_claims(&c, &e, NOW), OXIDC_INVALID_UTF8_ARGUMENT);
    aud[0] = S("client");
    CHECK_RC(oxidc_id_token_check_claims(&c, &e, NOW), OXIDC_OK);
    /* an empty aud array is present but names nobody */
    c.aud = NULL;
    c.aud_len = 0;
    e.client_id = S("client");
    CHECK_RC(oxidc_id_token_check_claims(&c, &e, NOW), OXIDC_AUDIENCE_MISMATCH);

    CHECK_RC(oxidc_id_token_check_auth_time(&t, NULL, NOW + 100000, 0), OXIDC_OK);
    CHECK_RC(oxidc_id_token_check_auth_time(NULL, NULL, NOW, 0), OXIDC_OK);

    CHECK_RC(oxidc_id_token_check_at_hash(OXIDC_ALG_HS256, NULL, 0, TEXT("x")),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_id_token_check_at_hash(99, TEXT("at"), TEXT("x")), OXIDC_INVALID_ARGUMENT);
    CHECK_RC(oxidc_id_token_check_at_hash(OXIDC_ALG_HS256, TEXT("\xff"), TEXT("x")),
             OXIDC_INVALID_UTF8_ARGUMENT);
    CHECK_RC(oxidc_id_token_check_at_hash(OXIDC_ALG_HS256, TEXT("at"), NULL, 0),
             OXIDC_MISSING_CLAIM);
    CHECK_RC(oxidc_id_token_check_c_hash(OXIDC_ALG_ES256, TEXT("code"), TEXT("")),
             OXIDC_C_HASH_MISMATCH);
    CHECK_RC(oxidc_id_token_check_c_hash(OXIDC_ALG_ES256, NULL, 4, TEXT("x")),
             OXIDC_NULL_PARAMETER);
    {
        /* left hash one byte short is a mismatch */
        uint8_t h[64];
        size_t hn = 0;
        CHECK_RC(oxidc_left_hash(OXIDC_ALG_RS256, TEXT("code"), h, sizeof h, &hn), OXIDC_OK);
        CHECK_RC(oxidc_id_token_check_c_hash(OXIDC_ALG_RS256, TEXT("code"), h, hn), OXIDC_OK);
        CHECK_RC(oxidc_id_token_check_c_hash(OXIDC_ALG_RS256, TEXT("code"), h, hn - 1),
                 OXIDC_C_HASH_MISMATCH);
        CHECK_RC(oxidc_id_token_check_at_hash(OXIDC_ALG_RS256, TEXT("code"), h, hn), OXIDC_OK);
    }

    CHECK_RC(oxidc_message_check_redirect_uri(NULL, TEXT("x")), OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_parse(g_msg, OXIDC_MSG_OAUTH2_ACCESS_TOKEN_REQUEST, OXIDC_FORMAT_FORM,
                                 TEXT("code=c&redirect_uri=https%3A%2F%2Frp%2Fcb"), NULL),
             OXIDC_OK);
    CHECK_RC(oxidc_message_check_redirect_uri(g_msg, TEXT("\xff")), OXIDC_INVALID_UTF8_ARGUMENT);
    CHECK_RC(oxidc_message_check_redirect_uri(g_msg, (const uint8_t *)"x", HUGE_LEN),
             OXIDC_INPUT_TOO_LARGE);
    CHECK_RC(oxidc_message_check_redirect_uri(g_msg, (const uint8_t *)"", 0),
             OXIDC_REDIRECT_URI_MISMATCH);
    CHECK_RC(oxidc_message_check_redirect_uri(g_msg, TEXT("https://rp/cb")), OXIDC_OK);
    /* a token request dispatched as authorization_code; not as refresh_token */
    CHECK_RC(oxidc_message_parse(g_msg, OXIDC_MSG_TOKEN_REQUEST, OXIDC_FORMAT_FORM,
                                 TEXT("grant_type=authorization_code&code=c&redirect_uri=u"),
                                 NULL),
             OXIDC_OK);
    CHECK_RC(oxidc_message_check_redirect_uri(g_msg, TEXT("u")), OXIDC_OK);
    CHECK_RC(oxidc_message_check_redirect_uri(g_msg, TEXT("v")), OXIDC_REDIRECT_URI_MISMATCH);
    CHECK_RC(oxidc_message_parse(g_msg, OXIDC_MSG_TOKEN_REQUEST, OXIDC_FORMAT_FORM,
                                 TEXT("grant_type=refresh_token&refresh_token=r"), NULL),
             OXIDC_OK);
    CHECK_RC(oxidc_message_check_redirect_uri(g_msg, TEXT("u")), OXIDC_INVALID_ARGUMENT);
    {
        oxidc_message *fresh = NULL;
        CHECK_RC(oxidc_message_new(&fresh), OXIDC_OK);
        CHECK_RC(oxidc_message_check_redirect_uri(fresh, NULL, 0), OXIDC_NO_MESSAGE);
        CHECK_RC(oxidc_message_verify_id_token(fresh, keys, &e, NOW, g_token, &has),
                 OXIDC_NO_MESSAGE);
        oxidc_message_free(fresh);
    }
    CHECK_RC(oxidc_message_verify_id_token(NULL, keys, &e, NOW, g_token, &has),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_verify_id_token(g_msg, NULL, &e, NOW, g_token, &has),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_verify_id_token(g_msg, keys, NULL, NOW, g_token, &has),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_verify_id_token(g_msg, keys, &e, NOW, NULL, &has),
             OXIDC_NULL_PARAMETER);
    CHECK_RC(oxidc_message_verify_id_token(g_msg, keys, &e, NOW, g_token, NULL),
             OXIDC_NULL_PARAMETER);
    oxidc_keyset_free(keys);
}

static void run_record(const record *r) {
    static char scratch[256];
    char *w[REC_MAX_WORDS];
    rec_field(r, "kind", w, scratch, sizeof scratch);
    if (strcmp(w[1], "message") == 0) {
        message_extras(r);
    } else if (strcmp(w[1], "id_token") == 0) {
        run_id_token(r);
    } else if (strcmp(w[1], "redirect_uri") == 0) {
        run_redirect_uri(r);
    } else if (strcmp(w[1], "basic") == 0) {
        run_basic(r);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s messages.txt\n", argv[0]);
        return 2;
    }
    if (oxidc_message_new(&g_msg) != OXIDC_OK || oxidc_token_new(&g_token) != OXIDC_OK) return 2;
    for_each_record(argv[1], run_record);
    g_case = "";
    CHECK(g_id_tokens >= 30, "only %zu id-token vectors", g_id_tokens);
    CHECK(g_messages >= 67, "only %zu message vectors", g_messages);
    CHECK(g_code_requests >= 5, "only %zu code-grant token requests", g_code_requests);
    CHECK(g_basic >= 3, "only %zu basic vectors", g_basic);
    dispatcher_table();
    pkce_and_form();
    id_token_bad_input();
    oxidc_token_free(g_token);
    oxidc_message_free(g_msg);
    printf("%zu id tokens, %zu messages (%zu code-grant token requests), %zu basic\n", g_id_tokens,
           g_messages, g_code_requests, g_basic);
    return finish("rp");
}
