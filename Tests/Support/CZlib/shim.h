#ifndef FEEDS_CZLIB_SHIM_H
#define FEEDS_CZLIB_SHIM_H

#include <zlib.h>

// deflateInit2 is a macro; Swift needs a function. windowBits 31 writes gzip,
// 15 the zlib format HTTP calls "deflate".
static inline int feeds_deflate_init(z_stream *stream, int level, int windowBits) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}

#endif
