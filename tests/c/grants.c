/* Every grant vector (tests/vectors/grant/NNN-*.json and grant/spec/gNN-*.json) through the C API:
 * redeem_code / refresh / check_mint over the stored grant, with the policy and request
 * gen_oauth_vectors.py derived as tests/conformance/tests/grant_vectors.rs does. Here: the
 * calls succeed, the summary struct agrees with the JSON, a buffer one byte short writes
 * nothing. Printed: one line per vector (`<case>\tstep\t<JSON>` or
 * `<case>\tmint\t<ok|error>\t<oauth error>\t<description>`), which
 * `gen_oauth_vectors.py check-grants` compares with the expectations.
 *
 * Usage: grants <grants.txt> > decisions.txt */
#include "records.h"

static size_t g_steps = 0, g_mints = 0;

static void word_hex(char *w, bytes *b, int *present) { *b = opt_hex(w, present); }

static oxidc_str as_str(const bytes *b, int present) {
    oxidc_str s;
    s.ptr = present ? b->ptr : NULL;
    s.len = present ? b->len : 0;
    return s;
}

static void run_record(const record *r) {
    static char scratch[1 << 16];
    static uint8_t out[1 << 16];
    char *w[REC_MAX_WORDS];
    int has = 0;
    bytes grant = rec_hex(r, "grant", &has);
    int64_t now = rec_int(r, "now", 0);
    oxidc_token_policy pol;
    char op[16];
    size_t n = 0;

    rec_field(r, "policy", w, scratch, sizeof scratch);
    pol.profile = (uint32_t)atoi(w[1]);
    pol.issue_refresh = atoi(w[2]);
    pol.refresh_in_grant_types = atoi(w[3]) != 0;
    pol.revoke_refresh_on_issue = atoi(w[4]) != 0;
    pol.access_token_lifetime = strtoll(w[5], NULL, 10);
    pol.refresh_token_lifetime = strtoll(w[6], NULL, 10);
    pol.id_token_lifetime = strtoll(w[7], NULL, 10);
    pol.code_grant_allowed = atoi(w[8]) != 0;
    pol.refresh_grant_allowed = atoi(w[9]) != 0;
    rec_field(r, "op", w, scratch, sizeof scratch);
    snprintf(op, sizeof op, "%s", w[1]);

    if (strcmp(op, "mint") == 0) {
        uint32_t cls = (uint32_t)rec_int(r, "class", 0);
        size_t parent = (size_t)rec_int(r, "based_on", 0);
        oxidc_result rc;
        int hv = 0;
        bytes value = rec_hex(r, "based_on_value", &hv);
        if (hv) {
            CHECK_RC(oxidc_grant_find_token(grant.ptr, grant.len, NULL, 0, value.ptr, value.len,
                                            &parent),
                     OXIDC_OK);
        }
        rc = oxidc_grant_check_mint(grant.ptr, grant.len, NULL, 0, parent, cls, now);
        if (rc == OXIDC_OK) {
            printf("%s\tmint\tok\t\t\n", g_case);
        } else {
            oxidc_str e, d;
            CHECK_RC(oxidc_grant_refusal(rc, pol.profile, cls, &e, &d), OXIDC_OK);
            printf("%s\tmint\t%s\t%.*s\t%.*s\n", g_case, result_name(rc), (int)e.len,
                   (const char *)e.ptr, (int)d.len, (const char *)d.ptr);
        }
        bytes_free(&value);
        g_mints++;
    } else {
        oxidc_decision d, again;
        oxidc_result rc;
        size_t keep = 777;
        bytes a, b, c, s;
        int pa = 0, pb = 0, pc = 0, ps = 0;
        rec_field(r, "req", w, scratch, sizeof scratch);
        word_hex(w[1], &a, &pa);
        word_hex(w[2], &b, &pb);
        word_hex(w[3], &c, &pc);
        word_hex(w[4], &s, &ps);
        memset(&again, 0xA5, sizeof again);
        if (strcmp(op, "code") == 0) {
            oxidc_code_redemption q;
            q.code = as_str(&a, pa);
            q.client_id = as_str(&b, pb);
            q.redirect_uri = as_str(&c, pc);
            q.session_client_id = as_str(&s, ps);
            rc = oxidc_grant_redeem_code(grant.ptr, grant.len, NULL, 0, &q, &pol, now, out,
                                         sizeof out, &n, &d);
            if (rc == OXIDC_OK && n > 0) {
                CHECK_RC(oxidc_grant_redeem_code(grant.ptr, grant.len, NULL, 0, &q, &pol, now,
                                                 out, n - 1, &keep, &again),
                         OXIDC_BUFFER_TOO_SMALL);
            }
        } else {
            oxidc_refresh_request q;
            q.refresh_token = as_str(&a, pa);
            q.client_id = as_str(&b, pb);
            q.scope = as_str(&c, pc);
            q.session_client_id = as_str(&s, ps);
            q.has_value_exp = strcmp(w[5], "~") != 0;
            q.value_exp = q.has_value_exp ? strtoll(w[5], NULL, 10) : 0;
            rc = oxidc_grant_refresh(grant.ptr, grant.len, NULL, 0, &q, &pol, now, out,
                                     sizeof out, &n, &d);
            if (rc == OXIDC_OK && n > 0) {
                CHECK_RC(oxidc_grant_refresh(grant.ptr, grant.len, NULL, 0, &q, &pol, now, out,
                                             n - 1, &keep, &again),
                         OXIDC_BUFFER_TOO_SMALL);
            }
        }
        CHECK_RC(rc, OXIDC_OK);
        CHECK(keep == 777, "out_len written on failure");
        {
            unsigned char pattern[sizeof again];
            memset(pattern, 0xA5, sizeof pattern);
            CHECK(memcmp(&again, pattern, sizeof again) == 0, "decision written on failure");
        }
        if (rc == OXIDC_OK) {
            const char *ok = d.issued ? "{\"ok\": true" : "{\"ok\": false";
            CHECK(n > strlen(ok) && memcmp(out, ok, strlen(ok)) == 0, "summary agrees with JSON");
            CHECK(d.issued == (d.error == OXIDC_OK), "error iff refused");
            CHECK(d.issued || d.oauth_error.len > 0, "refusal has an error code");
            printf("%s\tstep\t%.*s\n", g_case, (int)n, (const char *)out);
        }
        bytes_free(&a);
        bytes_free(&b);
        bytes_free(&c);
        bytes_free(&s);
        g_steps++;
    }
    bytes_free(&grant);
}

int main(int argc, char **argv) {
    size_t cases;
    if (argc != 2) {
        fprintf(stderr, "usage: %s grants.txt\n", argv[0]);
        return 2;
    }
    cases = for_each_record(argv[1], run_record);
    CHECK(cases >= 100, "only %zu grant vectors", cases);
    fprintf(stderr, "%zu grant vectors (%zu steps, %zu mint checks)\n", cases, g_steps, g_mints);
    /* The summary goes to stderr: stdout is the decision listing. */
    fprintf(stderr, "grants: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
