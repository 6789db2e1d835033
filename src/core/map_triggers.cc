// The .timer and .path units that start the job (StartInterval,
// StartCalendarInterval, WatchPaths, QueueDirectories, KeepAlive.PathState).
#include <fmt/format.h>

#include "core/escape.h"
#include "core/mapping.h"

namespace lc::map {

using unit::SectionId;
using unit::Value;

namespace {

constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::string field(const std::optional<int>& v) { return v ? fmt::format("{:02}", *v) : "*"; }

// "[Wkd] *-MM-DD HH:MM:00" with '*' for wildcards, as launchd's cron-like
// fields read: {Hour=9} is every minute from 09:00 to 09:59.
std::string calendar_spec(const CalendarEntry& e, bool with_day, bool with_weekday) {
  std::string out;
  if (with_weekday && e.weekday) out = fmt::format("{} ", kWeekdays[*e.weekday]);
  out += fmt::format("*-{}-{} {}:{}:00", field(e.month), with_day ? field(e.day) : "*",
                     field(e.hour), field(e.minute));
  return out;
}

void add_calendar(Context& ctx, unit::Unit* u) {
  for (const auto& e : ctx.job.calendar) {
    // launchd fires when either Day or Weekday matches; systemd would AND them.
    if (e.day && e.weekday) {
      u->add(SectionId::Timer, "OnCalendar", Value::text(calendar_spec(e, true, false)));
      u->add(SectionId::Timer, "OnCalendar", Value::text(calendar_spec(e, false, true)));
    } else {
      u->add(SectionId::Timer, "OnCalendar", Value::text(calendar_spec(e, true, true)));
    }
  }
}

}  // namespace

std::optional<unit::Unit> map_timer(Context& ctx) {
  const Job& job = ctx.job;
  if (!job.start_interval && job.calendar.empty()) return std::nullopt;
  unit::Unit u;
  u.kind = unit::Kind::Timer;
  u.name = unit_name(ctx, unit::Kind::Timer);
  add_unit_header(ctx, &u);
  if (job.start_interval) {
    // launchd's first firing is one interval after load, then every interval
    // from the previous start.
    u.add(SectionId::Timer, "OnActiveSec", Value::number(*job.start_interval));
    u.add(SectionId::Timer, "OnUnitActiveSec", Value::number(*job.start_interval));
  }
  add_calendar(ctx, &u);
  // systemd's default is a one-minute window; launchd fires on the second.
  u.add(SectionId::Timer, "AccuracySec", Value::lit("1s"));
  u.add(SectionId::Install, "WantedBy", Value::lit("timers.target"));
  add_label_record(ctx, &u);
  return u;
}

std::optional<unit::Unit> map_path(Context& ctx) {
  const Job& job = ctx.job;
  std::vector<std::string> exists;
  for (const auto& [p, want] : job.keep_alive.path_state)
    if (want) exists.push_back(p);
  if (exists.empty() && job.watch_paths.empty() && job.queue_directories.empty())
    return std::nullopt;
  unit::Unit u;
  u.kind = unit::Kind::Path;
  u.name = unit_name(ctx, unit::Kind::Path);
  add_unit_header(ctx, &u);
  for (const auto& p : exists) {
    if (auto v = Value::path(p)) u.add(SectionId::Path, "PathExists", *v);
    else ctx.sink.error("KeepAlive.PathState", "bad-path",
                        fmt::format("'{}': {}", escape::c_escape(p), *escape::path_problem(p)));
  }
  for (const auto& p : job.watch_paths) u.add(SectionId::Path, "PathModified", *Value::path(p));
  for (const auto& p : job.queue_directories)
    u.add(SectionId::Path, "DirectoryNotEmpty", *Value::path(p));
  u.add(SectionId::Install, "WantedBy", Value::lit("paths.target"));
  add_label_record(ctx, &u);
  return u;
}

}  // namespace lc::map
