/* Test-only helpers shared by the C tests: reading the line-format corpus made by
 * gen_vectors.py, hex decoding, and checks that count instead of aborting.
 * Valid C11 and C++20. */
#ifndef OXIDC_TEST_HARNESS_H
#define OXIDC_TEST_HARNESS_H

#include "oxidc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_passed = 0;
static int g_failed = 0;
static const char *g_case = "";

#define CHECK(cond, ...)                                                                   \
    do {                                                                                   \
        if (cond) {                                                                        \
            g_passed++;                                                                    \
        } else {                                                                           \
            g_failed++;                                                                    \
            fprintf(stderr, "FAIL %s:%d [%s] %s: ", __FILE__, __LINE__, g_case, #cond);   \
            fprintf(stderr, __VA_ARGS__);                                                  \
            fprintf(stderr, "\n");                                                         \
        }                                                                                  \
    } while (0)

#define CHECK_RC(rc, want)                                                                 \
    do {                                                                                   \
        oxidc_result rc_ = (rc);                                                           \
        CHECK(rc_ == (oxidc_result)(want), "got %s (%u), want %u", result_name(rc_),       \
              (unsigned)rc_, (unsigned)(want));                                            \
    } while (0)

/* The stable name of a result code, in a static buffer (tests are single-threaded here). */
static inline const char *result_name(oxidc_result rc) {
    static char buf[64];
    size_t n = 0;
    if (oxidc_result_name(rc, (uint8_t *)buf, sizeof buf - 1, &n) != OXIDC_OK) {
        return "?";
    }
    buf[n] = '\0';
    return buf;
}

/* A byte string owned by the test. */
typedef struct {
    uint8_t *ptr;
    size_t len;
} bytes;

static inline void bytes_free(bytes *b) {
    free(b->ptr);
    b->ptr = NULL;
    b->len = 0;
}

static inline int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Decodes a hex word ("-" is empty); the result is NUL-terminated for convenience. */
static inline bytes unhex(const char *s, size_t n) {
    bytes b;
    size_t i;
    if (n == 1 && s[0] == '-') n = 0;
    b.len = n / 2;
    b.ptr = (uint8_t *)malloc(b.len + 1);
    if (!b.ptr) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    for (i = 0; i < b.len; i++) {
        b.ptr[i] = (uint8_t)(hexval(s[2 * i]) * 16 + hexval(s[2 * i + 1]));
    }
    b.ptr[b.len] = 0;
    return b;
}

/* The whole file, NUL-terminated. */
static inline char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = (char *)malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Splits `line` (modified in place) into at most `max` space-separated words. */
static inline size_t split_words(char *line, char **words, size_t max) {
    size_t n = 0;
    char *p = line;
    while (*p && n < max) {
        while (*p == ' ') p++;
        if (!*p) break;
        words[n++] = p;
        while (*p && *p != ' ') p++;
        if (*p) *p++ = '\0';
    }
    return n;
}

/* Prints the closing line the test runners understand and returns the exit status. */
static inline int finish(const char *what) {
    printf("%s: %d passed, %d failed\n", what, g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}

#endif
