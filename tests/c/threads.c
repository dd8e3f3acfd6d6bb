/* One validator and one key set shared by several pthreads, each verifying (and one key
 * minting) concurrently; every thread has its own oxidc_token. Run under valgrind (helgrind
 * is not needed: the shared objects are immutable) and ASan. */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"

#include <pthread.h>

#define THREADS 4
#define ROUNDS 200

/* The ES256 key of vector jws/013 and a 32-byte HMAC key. */
static const char EC_JWK[] =
    "{\"crv\":\"P-256\",\"d\":\"mo8zqel2Gp3W6891pbVOb4GanELMkhI0Z5GkWX6Tjww\","
    "\"kid\":\"T1YaXHatILYjTr77u7s8KLe5UlhzejWbe-dKNaU-fQw\",\"kty\":\"EC\","
    "\"x\":\"Knh-VGeRwI1mwV7PJVFsIqxYDsYJeE1uNMJctZyb_N0\","
    "\"y\":\"G8erQ0wsAJaZYkFBE4UAY1temx8qtKSIokgoK_bfOOs\"}";
static const char HS_JWK[] =
    "{\"kty\":\"oct\",\"kid\":\"hs\",\"k\":\"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY\"}";
static const char JWKS[] =
    "{\"keys\":[{\"crv\":\"P-256\",\"kid\":\"T1YaXHatILYjTr77u7s8KLe5UlhzejWbe-dKNaU-fQw\","
    "\"kty\":\"EC\",\"x\":\"Knh-VGeRwI1mwV7PJVFsIqxYDsYJeE1uNMJctZyb_N0\","
    "\"y\":\"G8erQ0wsAJaZYkFBE4UAY1temx8qtKSIokgoK_bfOOs\"},"
    "{\"kty\":\"oct\",\"kid\":\"hs\",\"k\":\"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY\"}]}";

#define NOW 1773754093

typedef struct {
    const oxidc_validator *validator;
    const oxidc_keyset *keys;
    const oxidc_signing_key *signer;
    uint8_t tokens[2][2048];
    size_t lens[2];
    int index;
    int ok;
    int failures;
} shared;

static shared g;

static oxidc_str S(const char *s) {
    oxidc_str r;
    r.ptr = (const uint8_t *)s;
    r.len = strlen(s);
    return r;
}

static size_t mint(const oxidc_signing_key *key, const char *sub, uint8_t *out, size_t cap) {
    oxidc_claim c[5];
    size_t n = 0;
    memset(c, 0, sizeof c);
    c[0].name = S("iss");
    c[0].kind = OXIDC_CLAIM_STRING;
    c[0].string = S("https://op.example");
    c[1].name = S("sub");
    c[1].kind = OXIDC_CLAIM_STRING;
    c[1].string = S(sub);
    c[2].name = S("aud");
    c[2].kind = OXIDC_CLAIM_STRING;
    c[2].string = S("client_1");
    c[3].name = S("iat");
    c[3].kind = OXIDC_CLAIM_INT;
    c[3].integer = NOW;
    c[4].name = S("exp");
    c[4].kind = OXIDC_CLAIM_INT;
    c[4].integer = NOW + 3600;
    if (oxidc_mint_claims(key, NULL, c, 5, out, cap, &n) != OXIDC_OK) return 0;
    return n;
}

static void *worker(void *arg) {
    oxidc_token *t = NULL;
    uint8_t buf[256], mine[2048];
    size_t n = 0, i;
    int id = *(int *)arg, failures = 0;
    char sub[32];
    if (oxidc_token_new(&t) != OXIDC_OK) return NULL;
    snprintf(sub, sizeof sub, "thread-%d", id);
    for (i = 0; i < ROUNDS; i++) {
        int which = (int)((i + (size_t)id) % 2);
        oxidc_result rc =
            oxidc_validator_verify(g.validator, g.keys, g.tokens[which], g.lens[which], NOW, t);
        if (rc != OXIDC_OK) failures++;
        if (oxidc_token_sub(t, buf, sizeof buf, &n) != OXIDC_OK || n != 5 ||
            memcmp(buf, which ? "alice" : "bobby", 5) != 0) {
            failures++;
        }
        if (i % 50 == 0) {
            /* Signing with the shared key from several threads at once. */
            size_t len = mint(g.signer, sub, mine, sizeof mine);
            if (len == 0 ||
                oxidc_validator_verify(g.validator, g.keys, mine, len, NOW, t) != OXIDC_OK ||
                oxidc_token_sub(t, buf, sizeof buf, &n) != OXIDC_OK || n != strlen(sub) ||
                memcmp(buf, sub, n) != 0) {
                failures++;
            }
        }
    }
    oxidc_token_free(t);
    *(int *)arg = failures;
    return NULL;
}

int main(void) {
    oxidc_keyset *keys = NULL;
    oxidc_validator_builder *b = NULL;
    oxidc_validator *v = NULL;
    oxidc_signing_key *es = NULL, *hs = NULL;
    pthread_t th[THREADS];
    int ids[THREADS], i;
    g_case = "threads";
    CHECK_RC(oxidc_keyset_from_jwks((const uint8_t *)JWKS, strlen(JWKS), &keys), OXIDC_OK);
    CHECK_RC(oxidc_validator_builder_new(&b), OXIDC_OK);
    CHECK_RC(oxidc_validator_builder_add_issuer(b, (const uint8_t *)"https://op.example", 18),
             OXIDC_OK);
    CHECK_RC(oxidc_validator_builder_add_audience(b, (const uint8_t *)"client_1", 8), OXIDC_OK);
    CHECK_RC(oxidc_validator_builder_build(b, &v), OXIDC_OK);
    oxidc_validator_builder_free(b);
    CHECK_RC(oxidc_signing_key_from_jwk((const uint8_t *)EC_JWK, strlen(EC_JWK), OXIDC_ALG_DEFAULT,
                                        OXIDC_SIGNING_KID_FROM_JWK, &es),
             OXIDC_OK);
    CHECK_RC(oxidc_signing_key_from_jwk((const uint8_t *)HS_JWK, strlen(HS_JWK), OXIDC_ALG_HS256,
                                        OXIDC_SIGNING_KID_FROM_JWK, &hs),
             OXIDC_OK);
    g.validator = v;
    g.keys = keys;
    g.signer = es;
    g.lens[0] = mint(es, "bobby", g.tokens[0], sizeof g.tokens[0]);
    g.lens[1] = mint(hs, "alice", g.tokens[1], sizeof g.tokens[1]);
    CHECK(g.lens[0] > 0 && g.lens[1] > 0, "mint");
    for (i = 0; i < THREADS; i++) {
        ids[i] = i;
        CHECK(pthread_create(&th[i], NULL, worker, &ids[i]) == 0, "pthread_create");
    }
    for (i = 0; i < THREADS; i++) {
        CHECK(pthread_join(th[i], NULL) == 0, "pthread_join");
        CHECK(ids[i] == 0, "thread %d: %d failures", i, ids[i]);
    }
    oxidc_signing_key_free(es);
    oxidc_signing_key_free(hs);
    oxidc_validator_free(v);
    oxidc_keyset_free(keys);
    return finish("threads");
}
