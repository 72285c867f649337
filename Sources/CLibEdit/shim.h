// libedit's readline-compatible API (BSD licence). Deliberately NOT <readline/readline.h>,
// which on Debian is GNU readline (GPL) from libreadline-dev.
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

// Swift 6 rejects touching C global `var`s (shared mutable state), so they are set here.
static inline void ssr_rl_install(const char *name, rl_completion_func_t *attempted) {
  rl_readline_name = name;
  rl_attempted_completion_function = attempted;
}
static inline void ssr_rl_set_append_character(int c) { rl_completion_append_character = c; }
// Word breaks for completion: `:` and `.` stay inside words so `:help` and labels complete.
static inline void ssr_rl_use_ssr_word_breaks(void) {
  static char breaks[] = " \t\n\"\\'`@$><=;|&{([,+-*/%";
  rl_basic_word_break_characters = breaks;
  rl_completer_word_break_characters = breaks;
}
static inline int ssr_history_length(void) { return history_length; }
static inline int ssr_history_base(void) { return history_base; }
static inline const char *ssr_rl_line_buffer(void) { return rl_line_buffer; }
static inline int ssr_rl_point(void) { return rl_point; }
