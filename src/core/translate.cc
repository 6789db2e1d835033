#include "core/translate.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/escape.h"
#include "core/job_reader.h"
#include "core/mapping.h"
#include "core/plist_load.h"
#include "core/restart_policy.h"

namespace lc {

std::string_view domain_name(Domain d) { return d == Domain::System ? "system" : "user"; }

namespace map {

using unit::SectionId;
using unit::Value;

// Room for the longest suffix ("-<key>.socket") inside systemd's 255 bytes.
constexpr size_t kBaseMax = 200;
constexpr size_t kUnitNameMax = 255;

std::string unit_name(const Context& ctx, unit::Kind kind, std::string_view suffix_part) {
  std::string_view suffix = unit::kind_suffix(kind);
  if (suffix_part == "@") return ctx.base + "@" + std::string(suffix);
  if (suffix_part.empty()) return ctx.base + std::string(suffix);
  size_t room = kUnitNameMax - ctx.base.size() - 1 - suffix.size();
  return ctx.base + "-" + escape::unit_name_part(suffix_part, room) + std::string(suffix);
}

namespace {

// systemd 252's architecture names (systemd.unit(5), ConditionArchitecture=).
constexpr const char* kArchitectures[] = {
    "x86", "x86-64", "ppc", "ppc-le", "ppc64", "ppc64-le", "ia64", "parisc", "parisc64", "s390",
    "s390x", "sparc", "sparc64", "mips", "mips-le", "mips64", "mips64-le", "alpha", "arm", "arm-be",
    "arm64", "arm64-be", "sh", "sh64", "m68k", "tilegx", "cris", "nios2", "riscv32", "riscv64",
    "arc", "arc-be", "loongarch64"};

// An allow-list of several architectures cannot use triggering conditions
// (systemd ORs all of a unit's triggering conditions, hosts included), so it
// is written as the negation of every other architecture.
void add_architecture_conditions(const Job& job, unit::Unit* u) {
  std::vector<std::string> deny = job.arch_deny;
  if (job.arch_allow.size() == 1) {
    if (auto v = Value::word(job.arch_allow[0])) u->add(SectionId::Unit, "ConditionArchitecture", *v);
  } else if (job.arch_allow_given) {
    for (const char* a : kArchitectures)
      if (std::find(job.arch_allow.begin(), job.arch_allow.end(), a) == job.arch_allow.end())
        deny.emplace_back(a);
  }
  std::sort(deny.begin(), deny.end());
  deny.erase(std::unique(deny.begin(), deny.end()), deny.end());
  for (const auto& a : deny)
    if (auto v = Value::prefixed_word("!", a)) u->add(SectionId::Unit, "ConditionArchitecture", *v);
}

}  // namespace

void add_unit_header(Context& ctx, unit::Unit* u) {
  u->add(SectionId::Unit, "Description", Value::text(ctx.job.label));
  if (!ctx.source_path.empty()) {
    if (auto p = Value::path(ctx.source_path)) u->add(SectionId::Unit, "SourcePath", *p);
  }
  const Job& job = ctx.job;
  // Several hosts are alternatives (triggering conditions); only one list may
  // use that form, since systemd ORs every triggering condition of a unit.
  bool host_or = job.limit_to_hosts.size() > 1;
  for (const auto& h : job.limit_to_hosts) {
    auto v = host_or ? Value::host("|", h) : Value::host("", h);
    if (v) u->add(SectionId::Unit, "ConditionHost", *v);
  }
  for (const auto& h : job.limit_from_hosts)
    if (auto v = Value::host("!", h)) u->add(SectionId::Unit, "ConditionHost", *v);
  add_architecture_conditions(job, u);
}

void add_label_record(Context& ctx, unit::Unit* u) {
  u->add(SectionId::XLaunchd, "Label", Value::record(ctx.job.label));
}

bool starts_at_load(const Job& job) {
  return job.run_at_load || restart_policy(job.keep_alive, job.has_keep_alive).restarts_after_clean_exit;
}

}  // namespace map

namespace {

using unit::SectionId;
using unit::Value;

void check_host_words(const Job& job, DiagnosticSink& sink) {
  auto check = [&](const std::vector<std::string>& hosts, const char* key) {
    for (const auto& h : hosts)
      if (!Value::host("", h))
        sink.warning(key, "bad-value",
                     fmt::format("'{}' is not a host name, ignoring.", escape::c_escape(h)));
  };
  check(job.limit_to_hosts, "LimitLoadToHosts");
  check(job.limit_from_hosts, "LimitLoadFromHosts");
}

bool for_this_domain(const Job& job, Domain domain, DiagnosticSink& sink) {
  if (job.session_types.empty()) return true;
  static constexpr std::string_view kUserSessionTypes[] = {"Aqua", "Background", "LoginWindow",
                                                           "StandardIO"};
  bool system_ok = false, user_ok = false;
  for (const auto& t : job.session_types) {
    bool user = std::find(std::begin(kUserSessionTypes), std::end(kUserSessionTypes), t) !=
                std::end(kUserSessionTypes);
    system_ok = system_ok || t == "System";
    user_ok = user_ok || user;
    if (!user && t != "System")
      sink.warning("LimitLoadToSessionType", "bad-value",
                   fmt::format("'{}' is not a launchd session type, ignoring.", escape::c_escape(t)));
  }
  bool ok = domain == Domain::System ? system_ok : user_ok;
  if (!ok) {
    std::string types;
    for (const auto& t : job.session_types) types += (types.empty() ? "'" : ", '") + escape::c_escape(t) + "'";
    sink.note("LimitLoadToSessionType", "other-domain",
              fmt::format("the job is for session type {}, not the {} domain; skipping", types,
                          domain_name(domain)));
  }
  return ok;
}

// The [X-Launchd] record of the .service: what launchctl and launchd-compatd
// need and systemd does not keep. docs/runtime-records.md describes each key.
void add_job_record(const map::Context& ctx, const std::vector<std::string>& units, unit::Unit* u) {
  const Job& job = ctx.job;
  auto rec = [&](unit::Literal key, std::string_view v) { u->add(SectionId::XLaunchd, key, Value::record(v)); };
  rec("Label", job.label);
  rec("Domain", domain_name(ctx.domain));
  for (const auto& n : units) rec("Unit", n);
  if (job.run_at_load) rec("RunAtLoad", "yes");
  if (job.disabled) rec("Disabled", "yes");
  const KeepAlive& ka = job.keep_alive;
  bool conditional = ka.successful_exit || ka.crashed || !ka.path_state.empty() ||
                     !ka.other_job_enabled.empty() || !ka.other_job_active.empty() ||
                     ka.network_state || ka.after_initial_demand;
  if (job.launch_only_once) {
    // No restarts: LaunchOnlyOnce wins (warned about).
  } else if (ka.always) {
    rec("KeepAlive", "always");
  } else if (conditional) {
    rec("KeepAlive", "conditional");
  }
  if (ka.successful_exit) rec("KeepAliveSuccessfulExit", *ka.successful_exit ? "yes" : "no");
  if (ka.crashed) rec("KeepAliveCrashed", *ka.crashed ? "yes" : "no");
  for (const auto& [p, w] : ka.path_state) w ? rec("KeepAlivePathExists", p) : rec("KeepAlivePathMissing", p);
  for (const auto& [l, w] : ka.other_job_enabled)
    w ? rec("KeepAliveOtherJobEnabled", l) : rec("KeepAliveOtherJobDisabled", l);
  for (const auto& [l, w] : ka.other_job_active)
    w ? rec("KeepAliveOtherJobActive", l) : rec("KeepAliveOtherJobInactive", l);
  if (ka.network_state) rec("KeepAliveNetworkState", "yes");
  if (ka.after_initial_demand) rec("KeepAliveAfterInitialDemand", "yes");
  rec("ThrottleInterval", std::to_string(job.throttle()));
  rec("ExitTimeOut", std::to_string(job.exit_timeout.value_or(20)));
  for (const auto& q : job.queue_directories) rec("QueueDirectory", q);
  if (job.start_on_mount) rec("StartOnMount", "yes");
  if (job.launch_only_once) rec("LaunchOnlyOnce", "yes");
  if (job.enable_transactions) rec("EnableTransactions", "yes");
  if (job.enable_pressured_exit) rec("EnablePressuredExit", "yes");
  if (job.enable_globbing) rec("EnableGlobbing", "yes");
  if (job.inetd_wait) rec("InetdWait", *job.inetd_wait ? "yes" : "no");
  std::set<std::string> keys;
  for (const auto& s : job.sockets) {
    if (keys.insert(s.key).second) rec("SocketKey", s.key);
    for (const auto& b : s.bonjour) rec("Bonjour", s.key + (b.empty() ? "" : "\t" + b));
  }
}

std::vector<unit::Unit> map_units(map::Context& ctx) {
  map::SocketPlan sockets = map::map_sockets(ctx);
  std::vector<unit::Unit> units;
  if (sockets.inetd_nowait) {
    for (const auto& s : sockets.names)
      units.push_back(map::map_service(ctx, sockets, s.substr(0, s.size() - 7) + "@.service"));
  } else {
    units.push_back(map::map_service(ctx, sockets, map::unit_name(ctx, unit::Kind::Service)));
  }
  for (auto& s : sockets.units) units.push_back(std::move(s));
  // A template service (inetd nowait) can only be started per connection.
  auto trigger = [&](std::optional<unit::Unit> u, const char* key) {
    if (!u) return;
    if (sockets.inetd_nowait)
      ctx.sink.warning(key, "ignored",
                       "an inetd-style job runs once per connection and cannot be started by a "
                       "timer or path, ignoring.");
    else units.push_back(std::move(*u));
  };
  trigger(map::map_timer(ctx), ctx.job.start_interval ? "StartInterval" : "StartCalendarInterval");
  trigger(map::map_path(ctx), !ctx.job.watch_paths.empty() ? "WatchPaths"
                             : !ctx.job.queue_directories.empty() ? "QueueDirectories" : "KeepAlive.PathState");
  if (map::starts_at_load(ctx.job) && !sockets.inetd_nowait)
    units[0].add(SectionId::Install, "WantedBy",
                 ctx.domain == Domain::System ? Value::lit("multi-user.target")
                                              : Value::lit("default.target"));
  if (sockets.inetd_nowait && ctx.job.run_at_load)
    ctx.sink.warning("RunAtLoad", "ignored",
                     "an inetd-style job runs once per connection and cannot run at load, ignoring.");
  if (sockets.inetd_nowait && ctx.job.has_keep_alive)
    ctx.sink.warning("KeepAlive", "ignored",
                     "an inetd-style job runs once per connection and is not kept alive, ignoring.");
  for (size_t i = 1; i < units.size(); ++i)
    if (units[i].kind == unit::Kind::Service) map::add_label_record(ctx, &units[i]);
  std::vector<std::string> names;
  for (const auto& u : units) names.push_back(u.name);
  add_job_record(ctx, names, &units[0]);
  return units;
}

void arm(const std::vector<unit::Unit>& units, Translation* t) {
  for (const auto& u : units)
    if (const unit::Value* wanted = u.get(SectionId::Install, "WantedBy"))
      t->wants.push_back(unit::WantsLink{wanted->str(), u.name});
}

}  // namespace

Translation translate(std::string_view bytes, std::string_view source_path,
                      const TranslateOptions& options, const SystemProbe& probe) {
  Translation t;
  auto loaded = plist::load(bytes);
  if (auto* err = std::get_if<plist::LoadError>(&loaded)) {
    t.diagnostics.error("", "parse-error", err->message);
    return t;
  }
  auto job = read_job(std::get<plist::Value>(loaded), options.domain, t.diagnostics);
  if (!job) return t;
  t.label = job->label;
  check_host_words(*job, t.diagnostics);
  if (!for_this_domain(*job, options.domain, t.diagnostics)) {
    t.skipped = true;
    return t;
  }
  map::Context ctx{*job, options.domain, t.diagnostics, probe,
                   escape::unit_name_part(job->label, map::kBaseMax), std::string(source_path)};
  std::vector<unit::Unit> units = map_units(ctx);
  if (t.diagnostics.has_errors()) return t;
  t.disabled = job->disabled;
  arm(units, &t);
  std::string header = fmt::format("Automatically generated by {} from {}", options.tool,
                                   source_path.empty() ? "<stdin>" : source_path);
  for (const auto& u : units) t.files.push_back(UnitFile{u.name, unit::render(u, header)});
  return t;
}

bool NameRegistry::check(Translation& t) const {
  for (const auto& f : t.files) {
    if (taken_.count(f.name) == 0) continue;
    t.diagnostics.error("Label", "name-collision",
                        fmt::format("unit '{}' is also produced by an earlier input", f.name));
    t.files.clear();
    t.wants.clear();
    return false;
  }
  return true;
}

void NameRegistry::claim(const Translation& t) {
  for (const auto& f : t.files) taken_.insert(f.name);
}

void reject_name_collisions(std::vector<Translation>& translations) {
  NameRegistry names;
  for (auto& t : translations) {
    if (!t.ok()) {
      t.files.clear();
      t.wants.clear();
    } else if (names.check(t)) {
      names.claim(t);
    }
  }
}

}  // namespace lc
