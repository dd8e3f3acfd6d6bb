/* oxidc (C API) against libjwt, in one process, on the same idpyoidc-shaped access token.
 *
 *   HS256 verify + validate (signature, exp, iss, aud)
 *   ES256 verify + validate
 *   ES256 mint (the idpyoidc access-token claims)
 *
 * Each library is used the way a C service would: oxidc with a key set, validator and
 * token holder built once; libjwt with jwt_decode()/jwt_encode_str() and the PEM/raw key it
 * takes, checking exp/iss/aud with jwt_get_grant*() afterwards. Both verify the very same
 * token bytes. Built by benches/c/run.sh (release, LTO); run it rather than this directly.
 *
 * What each side does per verify (like for like, oxidc doing somewhat more):
 *   oxidc  (oxidc_validator_verify): token length and UTF-8 checks, base64url-decode header,
 *          payload and signature, parse both JSON objects (duplicate members rejected),
 *          pick the key by kid (the key pins the algorithm), HMAC/ECDSA verify, then exp
 *          (required, leeway 15 s), nbf and iat (not in the future) when present, iss equal,
 *          aud contains the client; header and claims stay in the token holder for reading.
 *   libjwt (lj_verify): jwt_decode() (base64url-decode, jansson-parse header and payload,
 *          signature with the algorithm the header names), then exp > now - 15, iss equal
 *          (jwt_get_grant) and the client inside the serialised aud (jwt_get_grants_json +
 *          strstr). libjwt 1.10 has no validator API (jwt_valid_* arrived in 1.12), so these
 *          checks are written out; they cost libjwt ~0.4 us of its ~11 us (measured apart).
 * oxidc allocates nothing per call (the holder is reused); libjwt allocates its jwt_t and
 * jansson objects per call, as its API requires.
 *
 * Usage: bench <dir with ec.jwk ec-pub.jwks ec.pem ec-pub.pem hs.key hs.jwk hs.jwks> [iters]
 *              [rounds] [results.json]
 * The iterations are spread over `rounds` alternating batches; each batch's CPU time per
 * operation is one sample (median printed; median and p25/p75 written to results.json, the
 * format benches/report/report.py renders). */
#define _POSIX_C_SOURCE 200809L
#include <jwt.h>
#include <oxidc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOW 1773754093L
#define ISS "https://127.0.0.1:8000"
#define CLIENT "DlFLsp8YJuid"
#define SID                                                                                  \
    "VFFrRTg2VVlHeDdFTlF5NGhLT2lxNWpHbktGdUdaVU9rUnk2RUh6Wmg5RWQzT2lsZWVueG1pWUdwQnV0ZG9kalF" \
    "wOFQ2NGREb0hHZnluZHRWRDdXTjhsYXF3RldQOVZLOTRHdHhUclROYjR6Z21CY0N0bTVBRVlhWnJnQW9jTTlHdj" \
    "gxTTREMkFRS0xuaVNtMU93WmVlUXdmTHVEU0xxa1pBYUVNOHRuOFBKUVFHME1tWDNRWjdzYnJsa1VOSDRxaUlyc" \
    "WhRSFR4Ym9zbVloaHF0dUgzYlhGakxSYQ=="
#define SUB "f9dcd4ea7396886db003c3b67c62ac0c31c5e30151fd9dcf468a540c9651da6e"
#define JTI "aeab5cc8f46dbe3069560de7594c6e33"

typedef struct {
    char *ptr;
    size_t len;
} file;

static file slurp(const char *dir, const char *name) {
    char path[4096];
    file f = {NULL, 0};
    FILE *fp;
    long n;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    f.ptr = (char *)malloc((size_t)n + 1);
    if (!f.ptr || fread(f.ptr, 1, (size_t)n, fp) != (size_t)n) exit(2);
    f.ptr[n] = '\0';
    f.len = (size_t)n;
    fclose(fp);
    return f;
}

/* CPU time of this (single-threaded) process: other processes on a shared machine do not
 * skew either side of the ratio. */
static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void die(const char *what, int rc) {
    fprintf(stderr, "%s failed (%d)\n", what, rc);
    exit(1);
}

static oxidc_str S(const char *s) {
    oxidc_str r;
    r.ptr = (const uint8_t *)s;
    r.len = strlen(s);
    return r;
}

/* --- oxidc ------------------------------------------------------------------------- */

static size_t ox_mint(const oxidc_signing_key *key, uint8_t *out, size_t cap) {
    static oxidc_str scope[3], aud[1];
    oxidc_access_token_claims c;
    size_t n = 0;
    oxidc_result rc;
    scope[0] = S("openid");
    scope[1] = S("profile");
    scope[2] = S("email");
    aud[0] = S(CLIENT);
    memset(&c, 0, sizeof c);
    c.scope = scope;
    c.scope_len = 3;
    c.scope_as_string = true;
    c.aud = aud;
    c.aud_len = 1;
    c.jti = S(JTI);
    c.client_id = S(CLIENT);
    c.sub = S(SUB);
    c.sid = S(SID);
    c.token_class = S("access_token");
    c.iss = S(ISS);
    c.iat = NOW - 60;
    c.exp = NOW + 3540;
    rc = oxidc_mint_access_token(key, &c, out, cap, &n);
    if (rc != OXIDC_OK) die("oxidc_mint_access_token", (int)rc);
    return n;
}

static void ox_verify(const oxidc_validator *v, const oxidc_keyset *ks, const uint8_t *tok,
                      size_t len, oxidc_token *holder) {
    oxidc_result rc = oxidc_validator_verify(v, ks, tok, len, NOW, holder);
    if (rc != OXIDC_OK) die("oxidc_validator_verify", (int)rc);
}

/* --- libjwt ------------------------------------------------------------------------ */

static const char CLAIMS_JSON[] =
    "{\"scope\": \"openid profile email\", \"aud\": [\"" CLIENT "\"], \"jti\": \"" JTI
    "\", \"client_id\": \"" CLIENT "\", \"sub\": \"" SUB "\", \"sid\": \"" SID
    "\", \"token_class\": \"access_token\", \"iss\": \"" ISS "\"}";

static char *lj_mint(jwt_alg_t alg, const file *key) {
    jwt_t *jwt = NULL;
    char *out;
    int rc;
    if ((rc = jwt_new(&jwt)) != 0) die("jwt_new", rc);
    if ((rc = jwt_add_grants_json(jwt, CLAIMS_JSON)) != 0) die("jwt_add_grants_json", rc);
    if ((rc = jwt_add_grant_int(jwt, "iat", NOW - 60)) != 0) die("jwt_add_grant_int", rc);
    if ((rc = jwt_add_grant_int(jwt, "exp", NOW + 3540)) != 0) die("jwt_add_grant_int", rc);
    if ((rc = jwt_set_alg(jwt, alg, (const unsigned char *)key->ptr, (int)key->len)) != 0) {
        die("jwt_set_alg", rc);
    }
    out = jwt_encode_str(jwt);
    if (!out) die("jwt_encode_str", 0);
    jwt_free(jwt);
    return out;
}

/* Signature (jwt_decode) plus what the validator checks: exp, iss, aud. */
static void lj_verify(const char *token, const file *key) {
    jwt_t *jwt = NULL;
    char *aud;
    int rc = jwt_decode(&jwt, token, (const unsigned char *)key->ptr, (int)key->len);
    if (rc != 0) die("jwt_decode", rc);
    if (jwt_get_grant_int(jwt, "exp") <= NOW - 15) die("libjwt exp", 0);
    if (!jwt_get_grant(jwt, "iss") || strcmp(jwt_get_grant(jwt, "iss"), ISS) != 0) {
        die("libjwt iss", 0);
    }
    aud = jwt_get_grants_json(jwt, "aud");
    if (!aud || !strstr(aud, "\"" CLIENT "\"")) die("libjwt aud", 0);
    free(aud);
    jwt_free(jwt);
}

/* --- timing ------------------------------------------------------------------------ */

#define MAX_ROUNDS 200

/* One operation measured for both libraries: per-round µs/op samples, taken alternately
 * (oxidc first in even rounds, libjwt first in odd ones) so both see the same machine. */
typedef struct {
    const char *name, *group;
    double ox[MAX_ROUNDS], lj[MAX_ROUNDS];
    double ox_us, lj_us, target;
} row;

#define BATCH(iters, stmt, out)                                                              \
    do {                                                                                     \
        long i_;                                                                             \
        double t0_ = now_us();                                                               \
        for (i_ = 0; i_ < (iters); i_++) { stmt; }                                           \
        (out) = (now_us() - t0_) / (double)(iters);                                          \
    } while (0)

#define MEASURE(r, rounds, ox_iters, ox_stmt, lj_iters, lj_stmt)                              \
    do {                                                                                     \
        long w_, k_;                                                                         \
        for (w_ = 0; w_ < (ox_iters) / 10 + 1; w_++) { ox_stmt; }                            \
        for (w_ = 0; w_ < (lj_iters) / 10 + 1; w_++) { lj_stmt; }                            \
        for (k_ = 0; k_ < (rounds); k_++) {                                                  \
            if (k_ % 2 == 0) {                                                               \
                BATCH(ox_iters, ox_stmt, (r).ox[k_]);                                        \
                BATCH(lj_iters, lj_stmt, (r).lj[k_]);                                        \
            } else {                                                                         \
                BATCH(lj_iters, lj_stmt, (r).lj[k_]);                                        \
                BATCH(ox_iters, ox_stmt, (r).ox[k_]);                                        \
            }                                                                                \
        }                                                                                    \
        (r).ox_us = quantile((r).ox, (rounds), 0.5);                                         \
        (r).lj_us = quantile((r).lj, (rounds), 0.5);                                         \
    } while (0)

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Linear interpolation between closest ranks (as numpy and benches/report/report.py). */
static double quantile(const double *xs, long n, double q) {
    double s[MAX_ROUNDS], pos;
    long lo;
    memcpy(s, xs, (size_t)n * sizeof *xs);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    pos = (double)(n - 1) * q;
    lo = (long)pos;
    if (lo + 1 >= n) return s[n - 1];
    return s[lo] + (s[lo + 1] - s[lo]) * (pos - (double)lo);
}

static void json_row(FILE *f, const char *group, const char *impl, const double *xs, long n,
                     int last) {
    fprintf(f,
            "  {\"group\": \"%s\", \"impl\": \"%s\", \"run\": \"main\", \"median_ns\": %.1f, "
            "\"p25_ns\": %.1f, \"p75_ns\": %.1f, \"samples\": %ld}%s\n",
            group, impl, quantile(xs, n, 0.5) * 1e3, quantile(xs, n, 0.25) * 1e3,
            quantile(xs, n, 0.75) * 1e3, n, last ? "" : ",");
}

int main(int argc, char **argv) {
    const char *dir;
    long iters, slow_iters, rounds;
    const char *json = NULL;
    file ec_jwk, ec_jwks, ec_pem, ec_pub_pem, hs_key, hs_jwk, hs_jwks;
    oxidc_signing_key *ec_signer = NULL, *hs_signer = NULL;
    oxidc_keyset *ec_keys = NULL, *hs_keys = NULL;
    oxidc_validator_builder *b = NULL;
    oxidc_validator *v = NULL;
    oxidc_token *holder = NULL;
    uint8_t hs_tok[4096], es_tok[4096], scratch[4096];
    size_t hs_len, es_len, i;
    char hs_str[4096], es_str[4096];
    row rows[3];
    int all_ok = 1;

    if (argc < 2) {
        fprintf(stderr, "usage: %s keydir [iterations]\n", argv[0]);
        return 2;
    }
    dir = argv[1];
    iters = argc > 2 ? atol(argv[2]) : 20000;
    rounds = argc > 3 ? atol(argv[3]) : 10;
    json = argc > 4 ? argv[4] : NULL;
    if (rounds < 1) rounds = 1;
    if (rounds > MAX_ROUNDS) rounds = MAX_ROUNDS;
    /* iterations are per library and operation, spread over the rounds */
    iters = iters / rounds > 0 ? iters / rounds : 1;
    slow_iters = iters / 20 > 0 ? iters / 20 : 1;
    ec_jwk = slurp(dir, "ec.jwk");
    ec_jwks = slurp(dir, "ec-pub.jwks");
    ec_pem = slurp(dir, "ec.pem");
    ec_pub_pem = slurp(dir, "ec-pub.pem");
    hs_key = slurp(dir, "hs.key");
    hs_jwk = slurp(dir, "hs.jwk");
    hs_jwks = slurp(dir, "hs.jwks");

#define OK(call)                                                                             \
    do {                                                                                     \
        oxidc_result rc_ = (call);                                                           \
        if (rc_ != OXIDC_OK) die(#call, (int)rc_);                                           \
    } while (0)
    OK(oxidc_signing_key_from_jwk((const uint8_t *)ec_jwk.ptr, ec_jwk.len, OXIDC_ALG_ES256,
                                  OXIDC_SIGNING_KID_FROM_JWK, &ec_signer));
    OK(oxidc_signing_key_from_jwk((const uint8_t *)hs_jwk.ptr, hs_jwk.len, OXIDC_ALG_HS256,
                                  OXIDC_SIGNING_KID_FROM_JWK, &hs_signer));
    OK(oxidc_keyset_from_jwks((const uint8_t *)ec_jwks.ptr, ec_jwks.len, &ec_keys));
    OK(oxidc_keyset_from_jwks((const uint8_t *)hs_jwks.ptr, hs_jwks.len, &hs_keys));
    OK(oxidc_validator_builder_new(&b));
    OK(oxidc_validator_builder_add_issuer(b, (const uint8_t *)ISS, strlen(ISS)));
    OK(oxidc_validator_builder_add_audience(b, (const uint8_t *)CLIENT, strlen(CLIENT)));
    OK(oxidc_validator_builder_build(b, &v));
    OK(oxidc_token_new(&holder));

    /* The same idpyoidc-shaped tokens for both libraries (minted by oxidc; libjwt must
     * accept them, and oxidc must accept libjwt's). */
    hs_len = ox_mint(hs_signer, hs_tok, sizeof hs_tok);
    es_len = ox_mint(ec_signer, es_tok, sizeof es_tok);
    memcpy(hs_str, hs_tok, hs_len);
    hs_str[hs_len] = '\0';
    memcpy(es_str, es_tok, es_len);
    es_str[es_len] = '\0';
    lj_verify(hs_str, &hs_key);
    lj_verify(es_str, &ec_pub_pem);
    {
        char *t = lj_mint(JWT_ALG_ES256, &ec_pem);
        ox_verify(v, ec_keys, (const uint8_t *)t, strlen(t), holder);
        free(t);
    }
    printf("token: %zu bytes (ES256), %zu bytes (HS256); %ld rounds of %ld iterations "
           "(ES256: %ld oxidc, %ld libjwt)\n",
           es_len, hs_len, rounds, iters, slow_iters * 4, slow_iters);

    rows[0].name = "HS256 verify+validate";
    rows[0].group = "HS256/verify";
    rows[0].target = 8;
    MEASURE(rows[0], rounds, iters, ox_verify(v, hs_keys, hs_tok, hs_len, holder), iters,
            lj_verify(hs_str, &hs_key));

    rows[1].name = "ES256 verify+validate";
    rows[1].group = "ES256/verify";
    rows[1].target = 5;
    MEASURE(rows[1], rounds, slow_iters * 4, ox_verify(v, ec_keys, es_tok, es_len, holder),
            slow_iters, lj_verify(es_str, &ec_pub_pem));

    rows[2].name = "ES256 mint";
    rows[2].group = "ES256/mint";
    rows[2].target = 10;
    MEASURE(rows[2], rounds, slow_iters * 4, ox_mint(ec_signer, scratch, sizeof scratch),
            slow_iters, free(lj_mint(JWT_ALG_ES256, &ec_pem)));

    printf("%-24s %12s %12s %9s %8s\n", "", "oxidc (us)", "libjwt (us)", "ratio", "target");
    for (i = 0; i < 3; i++) {
        double ratio = rows[i].lj_us / rows[i].ox_us;
        int ok = ratio >= rows[i].target;
        all_ok &= ok;
        printf("%-24s %12.2f %12.2f %8.1fx %7.0fx %s\n", rows[i].name, rows[i].ox_us,
               rows[i].lj_us, ratio, rows[i].target, ok ? "ok" : "BELOW TARGET");
    }

    if (json) {
        FILE *f = fopen(json, "w");
        if (!f) die("fopen(json)", 0);
        fprintf(f, "{\"family\": \"c\", \"title\": \"C (liboxidc vs libjwt)\", \"status\": \"ok\",\n"
                   " \"results\": [\n");
        for (i = 0; i < 3; i++) {
            json_row(f, rows[i].group, "oxidc", rows[i].ox, rounds, 0);
            json_row(f, rows[i].group, "libjwt", rows[i].lj, rounds, i == 2);
        }
        fprintf(f, " ]}\n");
        fclose(f);
    }

    oxidc_token_free(holder);
    oxidc_validator_free(v);
    oxidc_validator_builder_free(b);
    oxidc_keyset_free(ec_keys);
    oxidc_keyset_free(hs_keys);
    oxidc_signing_key_free(ec_signer);
    oxidc_signing_key_free(hs_signer);
    free(ec_jwk.ptr);
    free(ec_jwks.ptr);
    free(ec_pem.ptr);
    free(ec_pub_pem.ptr);
    free(hs_key.ptr);
    free(hs_jwk.ptr);
    free(hs_jwks.ptr);
    return all_ok ? 0 : 1;
}
