#ifndef FEEDS_CPQ_SHIM_H
#define FEEDS_CPQ_SHIM_H
#include <libpq-fe.h>
#endif
