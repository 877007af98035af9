#ifndef FEEDS_CPCRE2_SHIM_H
#define FEEDS_CPCRE2_SHIM_H

// The 8-bit library: patterns and subjects are UTF-8 bytes.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

// PCRE2_UNSET is a macro Swift cannot import.
static inline size_t feeds_pcre2_unset(void) { return PCRE2_UNSET; }
static inline size_t feeds_pcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }

#endif
