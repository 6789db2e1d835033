#include "core/restart_policy.h"

namespace lc {

namespace {

// Exit outcomes that matter to launchd and systemd. "Clean" signals are the
// ones systemd counts as a successful exit; "crash" signals are launchd's
// crash set (842 core.c); the rest are other signals.
enum Outcome : unsigned {
  kExit0 = 1,
  kExitNonZero = 2,
  kCleanSignal = 4,
  kCrashSignal = 8,
  kOtherSignal = 16,
};
constexpr unsigned kAll = kExit0 | kExitNonZero | kCleanSignal | kCrashSignal | kOtherSignal;

constexpr const char* kCleanSignals = "SIGHUP SIGINT SIGTERM SIGPIPE";
constexpr const char* kCrashSignals = "SIGILL SIGABRT SIGFPE SIGBUS SIGSEGV SIGSYS SIGTRAP";

unsigned wanted_outcomes(const KeepAlive& ka) {
  if (ka.always) return kAll;
  unsigned set = 0;
  if (ka.successful_exit) set |= *ka.successful_exit ? kExit0 : (kAll & ~kExit0);
  if (ka.crashed) set |= *ka.crashed ? kCrashSignal : (kAll & ~kCrashSignal);
  return set;
}

struct Base {
  const char* name;
  unsigned covers;
};

// Outcomes each Restart= value restarts on (systemd.service(5), table 2).
constexpr Base kBases[] = {
    {"no", 0},
    {"on-success", kExit0 | kCleanSignal},
    {"on-failure", kExitNonZero | kCrashSignal | kOtherSignal},
    {"always", kAll},
};

void append(std::string* list, const char* signals) {
  if (!list->empty()) list->push_back(' ');
  *list += signals;
}

}  // namespace

RestartPolicy restart_policy(const KeepAlive& ka, bool has_keep_alive) {
  RestartPolicy p;
  if (!has_keep_alive) return p;
  unsigned want = wanted_outcomes(ka);
  // Exit statuses and "other" signals cannot be listed, so the base must
  // agree with the wanted set on them; signal classes are adjusted by lists.
  constexpr unsigned kFixed = kExit0 | kExitNonZero | kOtherSignal;
  for (const Base& b : kBases) {
    if ((b.covers & kFixed) != (want & kFixed)) continue;
    p.restart = b.name;
    unsigned extra = b.covers & ~want, missing = want & ~b.covers;
    if (extra & kCleanSignal) append(&p.prevent, kCleanSignals);
    if (extra & kCrashSignal) append(&p.prevent, kCrashSignals);
    if (missing & kCleanSignal) append(&p.force, kCleanSignals);
    if (missing & kCrashSignal) append(&p.force, kCrashSignals);
    break;
  }
  // launchd treats a job that has not run yet as having exited cleanly.
  p.restarts_after_clean_exit = (want & kExit0) != 0;
  return p;
}

}  // namespace lc
