// Load-time selection of OpenBLAS's compute kernel.
//
// Debian's OpenBLAS 0.3.21 is built with DYNAMIC_ARCH: its own constructor picks a kernel table
// from CPUID before main() runs. On CPUs it does not know (for example a virtualised Xeon that
// reports a generic model), it falls back to "Prescott" (SSE3), about 4.6x slower than the AVX-512
// "SkylakeX" kernel. A constructor in the program cannot set OPENBLAS_CORETYPE early enough:
// shared libraries are initialised before the program's constructors, so OpenBLAS has already
// chosen (measured: the table is already set when this file's constructor runs). Instead, this
// constructor re-runs OpenBLAS's own selection through its exported entry points
// (gotoblas_dynamic_quit / gotoblas_dynamic_init) with OPENBLAS_CORETYPE set for the duration of
// that call only, which is exactly the documented environment-variable path.
//
// Policy: a user who set OPENBLAS_CORETYPE keeps that choice. Otherwise, on a CPU with AVX-512
// (F, CD, DQ, BW, VL, enabled by the OS) any table other than SkylakeX/Cooperlake/SapphireRapids
// is replaced by SkylakeX; on a CPU with AVX2+FMA an SSE-era table is replaced by Haswell.
// The symbols are weak, so the program still links and runs against any other BLAS.

#include "ssr_blas_select.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define SSR_X86 1
#endif

extern void gotoblas_dynamic_init(void) __attribute__((weak));
extern void gotoblas_dynamic_quit(void) __attribute__((weak));
extern char *openblas_get_corename(void) __attribute__((weak));

static char ssr_note[256] = "OpenBLAS kernel selection has not run";

#ifdef SSR_X86
static unsigned long long ssr_xgetbv0(void) {
  unsigned int eax, edx;
  __asm__ __volatile__("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return ((unsigned long long)edx << 32) | eax;
}

static int ssr_os_saves(unsigned long long mask) {
  unsigned int a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  if (!(c & (1u << 27))) return 0;  // OSXSAVE
  return (ssr_xgetbv0() & mask) == mask;
}
#endif

int ssr_cpu_has_avx512(void) {
#ifdef SSR_X86
  unsigned int a, b, c, d;
  if (!ssr_os_saves(0xE6)) return 0;  // XMM, YMM, opmask, ZMM_Hi256, Hi16_ZMM
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  const unsigned int need = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);
  return (b & need) == need;
#else
  return 0;
#endif
}

int ssr_cpu_has_avx2_fma(void) {
#ifdef SSR_X86
  unsigned int a, b, c, d;
  if (!ssr_os_saves(0x6)) return 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  if (!(c & (1u << 12))) return 0;  // FMA
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  return (b & (1u << 5)) != 0;  // AVX2
#else
  return 0;
#endif
}

const char *ssr_blas_core_name(void) {
  if (!openblas_get_corename) return "unknown";
  const char *name = openblas_get_corename();
  return name ? name : "unknown";
}

static int ssr_is_one_of(const char *name, const char *const *list) {
  for (; *list; ++list) {
    if (strcmp(name, *list) == 0) return 1;
  }
  return 0;
}

int ssr_blas_select_core(const char *name) {
  if (!gotoblas_dynamic_init || !gotoblas_dynamic_quit || !openblas_get_corename || !name) return 0;
  char saved[64] = {0};
  const char *previous = getenv("OPENBLAS_CORETYPE");
  int had = previous != NULL;
  if (had) snprintf(saved, sizeof saved, "%s", previous);
  gotoblas_dynamic_quit();
  setenv("OPENBLAS_CORETYPE", name, 1);
  gotoblas_dynamic_init();
  if (had) {
    setenv("OPENBLAS_CORETYPE", saved, 1);
  } else {
    unsetenv("OPENBLAS_CORETYPE");
  }
  if (strcasecmp(ssr_blas_core_name(), name) == 0) return 1;
  // Unknown name: OpenBLAS fell back to a default table; redo its normal detection instead.
  gotoblas_dynamic_quit();
  gotoblas_dynamic_init();
  return 0;
}

__attribute__((constructor)) static void ssr_blas_select_at_load(void) {
  static const char *const avx512_tables[] = {"SkylakeX", "Cooperlake", "SapphireRapids", NULL};
  static const char *const avx2_tables[] = {
    "Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids", "Excavator", NULL};
  if (!gotoblas_dynamic_init || !gotoblas_dynamic_quit || !openblas_get_corename) {
    snprintf(ssr_note, sizeof ssr_note, "BLAS is not a DYNAMIC_ARCH OpenBLAS; kernel left as built");
    return;
  }
  const char *detected = ssr_blas_core_name();
  char found[64];
  snprintf(found, sizeof found, "%s", detected);
  const char *user = getenv("OPENBLAS_CORETYPE");
  if (user && *user) {
    snprintf(ssr_note, sizeof ssr_note, "kept %s: OPENBLAS_CORETYPE=%s is set", found, user);
    return;
  }
  const char *want = NULL;
  if (ssr_cpu_has_avx512()) {
    if (!ssr_is_one_of(found, avx512_tables)) want = "SkylakeX";
  } else if (ssr_cpu_has_avx2_fma()) {
    if (!ssr_is_one_of(found, avx2_tables)) want = "Haswell";
  }
  if (!want) {
    snprintf(ssr_note, sizeof ssr_note, "kept %s: OpenBLAS detected the CPU correctly", found);
    return;
  }
  if (ssr_blas_select_core(want)) {
    snprintf(ssr_note, sizeof ssr_note, "switched %s -> %s (CPU supports it; OpenBLAS misdetected)", found, want);
  } else {
    snprintf(ssr_note, sizeof ssr_note, "could not switch %s -> %s; now %s", found, want, ssr_blas_core_name());
  }
}

const char *ssr_blas_selection_note(void) { return ssr_note; }

#ifdef SSR_REQUIRE_AVX2_FMA
// The Swift numeric code of this build uses AVX2 and FMA (see Package.swift): on a CPU without
// them it would die of an illegal instruction at the first tensor operation. Say so instead.
__attribute__((constructor)) static void ssr_require_avx2_fma(void) {
  if (ssr_cpu_has_avx2_fma()) return;
  fputs("error: this SSR build uses AVX2 and FMA instructions (x86-64-v3), which this CPU lacks.\n"
        "Rebuild it on this machine, or build a portable one with SSR_PORTABLE=1 swift build.\n",
        stderr);
  _exit(70);
}
#endif
