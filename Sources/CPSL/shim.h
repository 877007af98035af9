#ifndef FEEDS_CPSL_SHIM_H
#define FEEDS_CPSL_SHIM_H
#include <libpsl.h>
#endif
