#ifndef SSR_BLAS_SELECT_H
#define SSR_BLAS_SELECT_H

/// What the load-time kernel selection did, as one line of text (never NULL).
const char *ssr_blas_selection_note(void);

/// The name of the OpenBLAS kernel in use ("SkylakeX", "Haswell", …), or "unknown".
const char *ssr_blas_core_name(void);

/// Switches a DYNAMIC_ARCH OpenBLAS to the named kernel. Returns 1 on success, 0 otherwise.
/// Not thread-safe (it briefly sets OPENBLAS_CORETYPE): call it before other threads use BLAS.
int ssr_blas_select_core(const char *name);

/// 1 when the CPU and the OS support the AVX-512 subsets that OpenBLAS's SkylakeX kernels use.
int ssr_cpu_has_avx512(void);

/// 1 when the CPU and the OS support AVX2 and FMA (OpenBLAS's Haswell kernels).
int ssr_cpu_has_avx2_fma(void);

#endif
