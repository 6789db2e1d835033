#include "core/job_reader.h"

#include <fmt/format.h>

#include "core/escape.h"
#include "core/key_table.h"

namespace lc {

namespace {

void read_key(const std::string& name, const plist::Value& v, ReadContext& ctx) {
  const KeySpec* spec = find_key(name);
  if (spec == nullptr) {
    ctx.sink.warning(name, "unknown-key", "unknown key, ignoring.");
    return;
  }
  switch (spec->disposition) {
    case Disposition::Error:
      ctx.sink.error(name, "unsupported", std::string(spec->message));
      return;
    case Disposition::Unsupported:
      ctx.sink.warning(name, "unsupported", std::string(spec->message));
      return;
    case Disposition::Inert:
      ctx.sink.note(name, "inert", std::string(spec->message));
      return;
    default:
      spec->read(v, name, ctx);
  }
}

void validate_program(const plist::Value& root, Job& job, DiagnosticSink& sink) {
  if (!job.program && job.arguments.empty()) {
    // A key that is present but unusable has had its own error already.
    const plist::Value* args = root.find("ProgramArguments");
    // Program and BundleProgram (refused already) have their own errors.
    if (root.find("Program") != nullptr || root.find("BundleProgram") != nullptr) return;
    if (args == nullptr)
      sink.error("ProgramArguments", "no-program", "neither Program nor ProgramArguments is given");
    else if (args->is(plist::Type::Array) && args->array.empty())
      sink.error("ProgramArguments", "no-program", "the array is empty and there is no Program");
    return;
  }
  if (job.program) return;
  const std::string& argv0 = job.arguments.front();
  // launchd execvp()s a bare name; a relative path with a slash would depend
  // on launchd's working directory and macOS refuses to guess.
  if (argv0.empty() || (argv0[0] != '/' && argv0.find('/') != std::string::npos)) {
    sink.error("ProgramArguments[0]", "relative-program",
               fmt::format("'{}' is a relative path; give an absolute path or a bare name",
                           escape::c_escape(argv0)));
  }
}

// Notes for KeepAlive conditions only the runtime daemon can watch.
void note_runtime_keep_alive(const Job& job, DiagnosticSink& sink) {
  const KeepAlive& ka = job.keep_alive;
  for (const auto& [p, want] : ka.path_state)
    if (!want)
      sink.note("KeepAlive.PathState", "runtime",
                fmt::format("'{}': keeping the job alive while the path is missing is done by "
                            "launchd-compatd", escape::c_escape(p)));
  for (const auto& [p, want] : ka.path_state)
    if (want)
      sink.note("KeepAlive.PathState", "runtime",
                fmt::format("'{}': systemd restarts the job as soon as it exits while the path "
                            "exists; launchd-compatd applies ThrottleInterval", escape::c_escape(p)));
  if (!ka.other_job_enabled.empty())
    sink.note("KeepAlive.OtherJobEnabled", "runtime", "watched by launchd-compatd");
  if (!ka.other_job_active.empty())
    sink.note("KeepAlive.OtherJobActive", "runtime", "watched by launchd-compatd");
  if (ka.network_state)
    sink.note("KeepAlive.NetworkState", "runtime", "watched by launchd-compatd");
  if (ka.after_initial_demand)
    sink.note("KeepAlive.AfterInitialDemand", "runtime", "applied by launchd-compatd");
}

void note_runtime_keys(const Job& job, DiagnosticSink& sink) {
  note_runtime_keep_alive(job, sink);
  if (job.launch_only_once && job.has_keep_alive)
    sink.warning("KeepAlive", "ignored", "LaunchOnlyOnce allows one run per boot; the job is not "
                 "kept alive, ignoring.");
  for (const auto& e : job.calendar)
    if (e.weekday && e.month) {
      sink.note("StartCalendarInterval", "weekday-and-month",
                "both Weekday and Month apply, as launchd.plist(5) describes (launchd-842 "
                "ignored Month when Weekday was set)");
      break;
    }
  if (!job.queue_directories.empty())
    sink.note("QueueDirectories", "runtime",
              "systemd ignores hidden and backup file names and re-triggers without "
              "ThrottleInterval; launchd-compatd restores launchd's semantics");
  if (job.start_on_mount) sink.note("StartOnMount", "runtime", "started on mounts by launchd-compatd");
  if (job.enable_transactions || job.enable_pressured_exit)
    sink.note(job.enable_pressured_exit ? "EnablePressuredExit" : "EnableTransactions", "runtime",
              "transactions are counted by liblaunch-compat; launchd-compatd chooses SIGKILL or "
              "SIGTERM on stop");
}

}  // namespace

std::optional<Job> read_job(const plist::Value& root, Domain domain, DiagnosticSink& sink) {
  if (!root.is(plist::Type::Dict)) {
    std::string_view t = plist::type_name(root.type);
    sink.error("", "not-a-dict",
               fmt::format("the top level is {} {}, not a dictionary",
                           t.find_first_of("aeiou") == 0 ? "an" : "a", t));
    return std::nullopt;
  }
  Job job;
  ReadContext ctx{job, sink, domain};
  for (const auto& [name, value] : root.dict) read_key(name, value, ctx);
  if (job.label.empty() && root.find("Label") == nullptr)
    sink.error("Label", "no-label", "the required key Label is missing");
  validate_program(root, job, sink);
  if (job.enable_pressured_exit) job.enable_transactions = true;
  if (sink.has_errors()) return std::nullopt;
  note_runtime_keys(job, sink);
  return job;
}

}  // namespace lc
