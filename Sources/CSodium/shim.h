#ifndef NOLLYCREW_CSODIUM_SHIM_H
#define NOLLYCREW_CSODIUM_SHIM_H
#include <sodium.h>
#endif
