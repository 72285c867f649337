// OpenBLAS's CBLAS interface; pkg-config "openblas" supplies Debian's openblas-pthread include path.
#include <cblas.h>
