/* Test-only: reading `case ... end` records of the line format made by gen_oauth_vectors.py.
 * Each field line is `<name> <word>...`; hex words decode with `unhex` ("-" empty), and "~"
 * stands for an absent value. Valid C11 and C++20. */
#ifndef OXIDC_TEST_RECORDS_H
#define OXIDC_TEST_RECORDS_H

#include "harness.h"

#define REC_MAX_LINES 512
#define REC_MAX_WORDS 64

typedef struct {
    char *lines[REC_MAX_LINES];
    size_t n;
} record;

/* The words of the first line starting with `name ` (copied into `scratch`); 0 if none. */
static inline size_t rec_field(const record *r, const char *name, char **words, char *scratch,
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
            return split_words(scratch, words, REC_MAX_WORDS);
        }
    }
    return 0;
}

/* An optional hex value: `present` is 0 for "~" or a missing field. Free with bytes_free. */
static inline bytes opt_hex(const char *word, int *present) {
    bytes none = {NULL, 0};
    if (word == NULL || strcmp(word, "~") == 0) {
        *present = 0;
        return none;
    }
    *present = 1;
    return unhex(word, strlen(word));
}

/* The hex value of field `name` (first word); `present` as opt_hex. */
static inline bytes rec_hex(const record *r, const char *name, int *present) {
    static char scratch[1 << 20];
    char *w[REC_MAX_WORDS];
    if (rec_field(r, name, w, scratch, sizeof scratch) < 2) return opt_hex(NULL, present);
    return opt_hex(w[1], present);
}

static inline long long rec_int(const record *r, const char *name, long long dflt) {
    static char scratch[1024];
    char *w[REC_MAX_WORDS];
    if (rec_field(r, name, w, scratch, sizeof scratch) < 2) return dflt;
    return strtoll(w[1], NULL, 10);
}

static inline int bytes_eq(const uint8_t *a, size_t an, const uint8_t *b, size_t bn) {
    return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

/* Runs `handle` over every record of `path`; returns the number of records. */
static inline size_t for_each_record(const char *path, void (*handle)(const record *)) {
    size_t len = 0, cases = 0;
    char *text = read_file(path, &len), *p;
    record r;
    r.n = 0;
    for (p = text; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        if (strncmp(p, "case ", 5) == 0) {
            r.n = 0;
            g_case = p + 5;
        }
        if (r.n < REC_MAX_LINES) r.lines[r.n++] = p;
        if (strcmp(p, "end") == 0) {
            handle(&r);
            cases++;
            r.n = 0;
        }
        p = nl ? nl + 1 : NULL;
    }
    /* g_case points into `text`: reset before freeing. */
    g_case = "";
    free(text);
    return cases;
}

#endif
