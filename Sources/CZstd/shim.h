#ifndef FEEDS_CZSTD_SHIM_H
#define FEEDS_CZSTD_SHIM_H
#include <zstd.h>
#endif
