/* The two <string.h> functions P256-Cortex-M4's C file uses. The firmware has no libc: the
 * symbols come from Rust's compiler_builtins. Only on the include path of that build (see
 * .cargo/config.toml), so no cross libc headers need to be installed. */
#include <stddef.h>
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
