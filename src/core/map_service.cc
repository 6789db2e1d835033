// The .service unit: how the process is started, its environment and limits,
// and when it is restarted.
#include <fmt/format.h>

#include <array>

#include "core/escape.h"
#include "core/mapping.h"
#include "core/restart_policy.h"

namespace lc::map {

using unit::SectionId;
using unit::Value;

namespace {

constexpr std::string_view kDefaultSearchPath = "/usr/bin:/bin:/usr/sbin:/sbin";

std::string_view job_search_path(const Job& job) {
  for (const auto& [k, v] : job.environment)
    if (k == "PATH") return v;
  return kDefaultSearchPath;
}

// launchd execvp()s a bare argv[0] when Program is absent; systemd would
// search its own path at exec time, so resolve with launchd's path now.
std::string resolve_program(Context& ctx) {
  const Job& job = ctx.job;
  if (job.program) return *job.program;
  const std::string& argv0 = job.arguments.front();
  if (argv0.find('/') != std::string::npos) return argv0;
  std::string_view search = job_search_path(job);
  size_t start = 0;
  while (start <= search.size()) {
    size_t end = search.find(':', start);
    if (end == std::string_view::npos) end = search.size();
    std::string_view dir = search.substr(start, end - start);
    if (!dir.empty() && dir[0] == '/') {
      std::string candidate = fmt::format("{}/{}", dir, argv0);
      if (ctx.probe.is_executable(candidate)) return candidate;
    }
    start = end + 1;
  }
  ctx.sink.warning("ProgramArguments[0]", "unresolved-program",
                   fmt::format("'{}' was not found in {}; systemd will search its own path "
                               "when the job starts",
                               escape::c_escape(argv0), escape::c_escape(search)));
  return argv0;
}

// Jobs that need work inside the process before exec (glob(3), sockets
// systemd cannot create) start through launchd-exec, which then execs the
// program with the same pid: the counterpart of macOS's xpcproxy.
void add_exec(Context& ctx, unit::Unit* u, const SocketPlan& sockets) {
  std::string program = resolve_program(ctx);
  const char* key = ctx.job.program ? "Program" : "ProgramArguments[0]";
  if (auto problem = escape::exec_path_problem(program)) {
    ctx.sink.error(key, "bad-program", fmt::format("'{}': {}", escape::c_escape(program), *problem));
    return;
  }
  const auto& argv = ctx.job.arguments.empty() ? std::vector<std::string>{program}
                                               : ctx.job.arguments;
  if (!ctx.job.enable_globbing && sockets.exec_sockets.empty()) {
    u->add(SectionId::Service, "ExecStart", *Value::exec(program, argv));
    return;
  }
  std::vector<std::string> wrapped{"launchd-exec"};
  if (ctx.job.enable_globbing) {
    wrapped.emplace_back("--glob");
    ctx.sink.note("EnableGlobbing", "runtime",
                  "arguments are expanded by launchd-exec with glob(3) when the job starts");
  }
  for (const auto& spec : sockets.exec_sockets) {
    wrapped.emplace_back("--socket");
    wrapped.push_back(spec);
  }
  wrapped.emplace_back("--");
  wrapped.push_back(program);
  wrapped.insert(wrapped.end(), argv.begin(), argv.end());
  u->add(SectionId::Service, "ExecStart", *Value::exec(LC_LAUNCHD_EXEC, wrapped));
}

void add_identity(Context& ctx, unit::Unit* u) {
  const Job& job = ctx.job;
  if (ctx.domain == Domain::User) {
    if (job.user_name || job.group_name)
      ctx.sink.warning(job.user_name ? "UserName" : "GroupName", "ignored-in-user-domain",
                       "launchd ignores UserName and GroupName for agents, ignoring.");
    return;
  }
  auto set = [&](const std::optional<std::string>& name, const char* key, unit::Literal setting) {
    if (!name) return;
    if (auto w = Value::word(*name)) u->add(SectionId::Service, setting, *w);
    else
      ctx.sink.error(key, "bad-value",
                     fmt::format("'{}' is not a valid user or group name", escape::c_escape(*name)));
  };
  set(job.user_name, "UserName", "User");
  set(job.group_name, "GroupName", "Group");
  if (!job.init_groups && job.user_name)
    ctx.sink.warning("InitGroups", "unsupported",
                     "systemd always initialises supplementary groups for User=, ignoring.");
}

void add_paths(Context& ctx, unit::Unit* u) {
  const Job& job = ctx.job;
  // launchd logs a failed chdir(2) and runs the job anyway ("-" = not fatal),
  // and without the key the job keeps launchd's own working directory, "/"
  // (a user manager would otherwise use $HOME).
  if (job.working_directory)
    u->add(SectionId::Service, "WorkingDirectory", *Value::path(*job.working_directory, "-"));
  else if (ctx.domain == Domain::User)
    u->add(SectionId::Service, "WorkingDirectory", Value::lit("/"));
  if (job.root_directory)
    u->add(SectionId::Service, "RootDirectory", *Value::path(*job.root_directory));
}

void add_environment(Context& ctx, unit::Unit* u, const SocketPlan& sockets) {
  for (const auto& [k, v] : ctx.job.environment) u->add(SectionId::Service, "Environment", Value::env(k, v));
  for (const auto& [k, suffix] : sockets.secure_env)
    u->add(SectionId::Service, "Environment", Value::env_runtime_path(k, suffix));
  if (ctx.job.umask) u->add(SectionId::Service, "UMask", Value::octal(*ctx.job.umask));
}

// launchd opens the standard I/O files in the child after chroot(2) and
// chdir(2); systemd opens them on the host before either. So the host path
// is RootDirectory + (WorkingDirectory + path when relative).
std::string stdio_path(Context& ctx, const std::string& p, const char* key) {
  const Job& job = ctx.job;
  std::string path = p;
  if (path[0] != '/') {
    std::string base = job.working_directory.value_or("/");
    path = escape::normalize_path(base + "/" + path);
    ctx.sink.warning(key, "relative-path",
                     fmt::format("'{}' is relative; launchd opens it from {}'{}', using '{}'",
                                 escape::c_escape(p), job.working_directory ? "WorkingDirectory " : "",
                                 escape::c_escape(base), escape::c_escape(path)));
  }
  if (job.root_directory) {
    path = escape::normalize_path(*job.root_directory + "/" + path);
    ctx.sink.note(key, "inside-root",
                  fmt::format("launchd opens it inside RootDirectory, after chroot(2): using '{}'",
                              escape::c_escape(path)));
  }
  return path;
}

void add_stdio(Context& ctx, unit::Unit* u, const SocketPlan& sockets) {
  const Job& job = ctx.job;
  if (sockets.inetd_nowait || sockets.inetd_wait) {
    u->add(SectionId::Service, "StandardInput", Value::lit("socket"));
  } else if (job.stdin_path) {
    u->add(SectionId::Service, "StandardInput",
           *Value::path(stdio_path(ctx, *job.stdin_path, "StandardInPath"), "file:"));
  }
  // launchd discards output it was not told to keep; an inetd job's output
  // goes to the connection (systemd's default once stdin is the socket).
  bool inetd = sockets.inetd_nowait || sockets.inetd_wait;
  if (job.stdout_path)
    u->add(SectionId::Service, "StandardOutput",
           *Value::path(stdio_path(ctx, *job.stdout_path, "StandardOutPath"), "append:"));
  else if (!inetd)
    u->add(SectionId::Service, "StandardOutput", Value::lit("null"));
  if (job.stderr_path)
    u->add(SectionId::Service, "StandardError",
           *Value::path(stdio_path(ctx, *job.stderr_path, "StandardErrorPath"), "append:"));
  else if (!inetd)
    u->add(SectionId::Service, "StandardError", Value::lit("null"));
}

}  // namespace

void add_limits(Context& ctx, unit::Unit* u);      // map_limits.cc
void add_scheduling(Context& ctx, unit::Unit* u);  // map_limits.cc

namespace {

void add_restart(Context& ctx, unit::Unit* u, const SocketPlan& sockets) {
  const Job& job = ctx.job;
  if (job.launch_only_once) {
    u->add(SectionId::Service, "RemainAfterExit", Value::lit("yes"));
    u->add(SectionId::Service, "Restart", Value::lit("no"));
    ctx.sink.note("LaunchOnlyOnce", "runtime",
                  "launchd-compatd refuses further starts until the next boot");
    return;
  }
  if (sockets.inetd_nowait) return;  // one instance per connection, never restarted
  RestartPolicy p = restart_policy(job.keep_alive, job.has_keep_alive);
  if (p.restart != "no") u->add(SectionId::Service, "Restart", Value::text(p.restart));
  if (!p.prevent.empty()) u->add(SectionId::Service, "RestartPreventExitStatus", Value::text(p.prevent));
  if (!p.force.empty()) u->add(SectionId::Service, "RestartForceExitStatus", Value::text(p.force));
  if (p.restart != "no" || !p.force.empty())
    u->add(SectionId::Service, "RestartSec", Value::number(job.throttle()));
}

void add_stop(Context& ctx, unit::Unit* u) {
  const Job& job = ctx.job;
  int64_t timeout = job.exit_timeout.value_or(20);
  if (timeout == 0) u->add(SectionId::Service, "TimeoutStopSec", Value::lit("infinity"));
  else u->add(SectionId::Service, "TimeoutStopSec", Value::number(timeout));
  if (job.abandon_process_group) u->add(SectionId::Service, "KillMode", Value::lit("process"));
}

}  // namespace

unit::Unit map_service(Context& ctx, const SocketPlan& sockets, std::string name) {
  unit::Unit u;
  u.kind = unit::Kind::Service;
  u.name = std::move(name);
  add_unit_header(ctx, &u);
  // launchd never stops respawning a job, however often it exits.
  u.add(SectionId::Unit, "StartLimitIntervalSec", Value::lit("0"));
  u.add(SectionId::Service, "Type", Value::lit("exec"));
  add_exec(ctx, &u, sockets);
  add_identity(ctx, &u);
  add_paths(ctx, &u);
  add_environment(ctx, &u, sockets);
  add_stdio(ctx, &u, sockets);
  add_limits(ctx, &u);
  add_scheduling(ctx, &u);
  add_restart(ctx, &u, sockets);
  add_stop(ctx, &u);
  if (!sockets.names.empty() && !sockets.inetd_nowait)
    u.add(SectionId::Service, "Sockets", Value::unit_names(sockets.names));
  if (sockets.inetd_nowait)
    u.add(SectionId::Unit, "CollectMode", Value::lit("inactive-or-failed"));
  return u;
}

}  // namespace lc::map
