package kuzu

/*
#include <malloc.h>
static void trim(void) { malloc_trim(0); }
*/
import "C"

// releaseFreedMemory hands the C heap's free pages back to the system.
// Kùzu frees what a large transaction allocated, but glibc keeps freed
// pages in its arenas, so without this the resident set grows with every
// bulk batch although nothing is in use.
func releaseFreedMemory() { C.trim() }
