// Readers for the keys that decide when a job runs: KeepAlive, OnDemand,
// timers, and the resource and hardware limits.
#include <fmt/format.h>

#include <array>

#include "core/escape.h"
#include "core/reader_util.h"
#include "core/readers.h"

namespace lc::readers {

namespace {

// A dict of label/path -> bool (PathState, OtherJobEnabled, OtherJobActive).
void bool_map(const plist::Value& v, std::string_view path, ReadContext& ctx,
              std::vector<std::pair<std::string, bool>>* out) {
  if (!v.is(plist::Type::Dict)) return read::wrong_type(v, path, ctx, "dictionary of booleans");
  for (const auto& [k, val] : v.dict)
    if (auto b = read::boolean(val, read::join_path(path, k), ctx)) out->emplace_back(k, *b);
}

void keep_alive_dict(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  KeepAlive& ka = ctx.job.keep_alive;
  for (const auto& [k, val] : v.dict) {
    std::string p = read::join_path(path, k);
    if (k == "SuccessfulExit") {
      if (auto b = read::boolean(val, p, ctx)) ka.successful_exit = *b;
    } else if (k == "Crashed") {
      if (auto b = read::boolean(val, p, ctx)) ka.crashed = *b;
    } else if (k == "PathState") {
      bool_map(val, p, ctx, &ka.path_state);
      for (auto& [file, want] : ka.path_state) {
        (void)want;
        if (!file.empty() && file[0] != '/')
          ctx.sink.warning(p, "relative-path",
                           fmt::format("'{}' is relative; launchd resolves it from '/'",
                                       escape::c_escape(file)));
        if (!file.empty() && file[0] != '/') file.insert(file.begin(), '/');
        file = escape::normalize_path(file);
      }
    } else if (k == "OtherJobEnabled") {
      bool_map(val, p, ctx, &ka.other_job_enabled);
    } else if (k == "OtherJobActive") {
      bool_map(val, p, ctx, &ka.other_job_active);
    } else if (k == "NetworkState") {
      if (auto b = read::boolean(val, p, ctx)) ka.network_state = *b;
    } else if (k == "AfterInitialDemand") {
      if (auto b = read::boolean(val, p, ctx)) ka.after_initial_demand = *b;
    } else {
      ctx.sink.warning(p, "unknown-key", "unknown KeepAlive condition, ignoring.");
    }
  }
}

}  // namespace

void keep_alive(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (v.is(plist::Type::Boolean)) {
    ctx.job.has_keep_alive = true;
    ctx.job.keep_alive.always = v.boolean;
  } else if (v.is(plist::Type::Dict)) {
    ctx.job.has_keep_alive = true;
    keep_alive_dict(v, path, ctx);
  } else {
    read::wrong_type(v, path, ctx, "boolean or dictionary");
  }
}

void on_demand(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  auto b = read::boolean(v, path, ctx);
  if (!b) return;
  // OnDemand=false is the legacy spelling of KeepAlive=true; KeepAlive wins.
  if (ctx.job.has_keep_alive) {
    ctx.sink.note(std::string(path), "superseded", "KeepAlive is also set and takes precedence, ignoring.");
    return;
  }
  if (!*b) {
    ctx.job.has_keep_alive = true;
    ctx.job.keep_alive.always = true;
  }
}

void start_interval(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (auto n = read::integer_in(v, path, ctx, 1, 31'536'000)) ctx.job.start_interval = *n;
}

namespace {

struct CalendarField {
  std::string_view name;
  int lo, hi;
  std::optional<int> CalendarEntry::*member;
};

constexpr std::array kCalendarFields = {
    CalendarField{"Minute", 0, 59, &CalendarEntry::minute},
    CalendarField{"Hour", 0, 23, &CalendarEntry::hour},
    CalendarField{"Day", 1, 31, &CalendarEntry::day},
    CalendarField{"Weekday", 0, 7, &CalendarEntry::weekday},
    CalendarField{"Month", 1, 12, &CalendarEntry::month},
};

void calendar_entry(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (!v.is(plist::Type::Dict)) return read::wrong_type(v, path, ctx, "dictionary");
  CalendarEntry e;
  bool ok = true;
  for (const auto& [k, val] : v.dict) {
    std::string p = read::join_path(path, k);
    const CalendarField* f = nullptr;
    for (const auto& cf : kCalendarFields)
      if (cf.name == k) f = &cf;
    if (f == nullptr) {
      ctx.sink.warning(p, "unknown-key", "unknown calendar field, ignoring.");
      continue;
    }
    auto n = read::integer_in(val, p, ctx, f->lo, f->hi);
    // A field that cannot be read must not silently become a wildcard.
    if (n) e.*(f->member) = static_cast<int>(*n);
    else ok = false;
  }
  if (ok) ctx.job.calendar.push_back(e);
}

}  // namespace

void start_calendar_interval(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (v.is(plist::Type::Dict)) return calendar_entry(v, path, ctx);
  if (!v.is(plist::Type::Array)) return read::wrong_type(v, path, ctx, "dictionary or array");
  for (size_t i = 0; i < v.array.size(); ++i) calendar_entry(v.array[i], read::index_path(path, i), ctx);
}

namespace {

constexpr std::array<std::string_view, static_cast<size_t>(Resource::kCount)> kResourceKeys = {
    "Core", "CPU", "Data", "FileSize", "MemoryLock", "NumberOfFiles", "NumberOfProcesses",
    "ResidentSetSize", "Stack"};

void resource_limits(const plist::Value& v, std::string_view path, ReadContext& ctx, Limits* out) {
  if (!v.is(plist::Type::Dict)) return read::wrong_type(v, path, ctx, "dictionary of integers");
  for (const auto& [k, val] : v.dict) {
    std::string p = read::join_path(path, k);
    size_t i = 0;
    while (i < kResourceKeys.size() && kResourceKeys[i] != k) ++i;
    if (i == kResourceKeys.size()) {
      ctx.sink.warning(p, "unknown-key", "unknown resource limit, ignoring.");
      continue;
    }
    if (auto n = read::integer_in(val, p, ctx, 0, INT64_MAX)) (*out)[i] = static_cast<uint64_t>(*n);
  }
}

// hw.machine values as launchd reports them -> systemd architecture names.
std::optional<std::string_view> systemd_arch(std::string_view machine) {
  if (machine == "x86_64") return "x86-64";
  if (machine == "arm64" || machine == "arm64e") return "arm64";
  if (machine == "i386") return "x86";
  return std::nullopt;
}

void hardware(const plist::Value& v, std::string_view path, ReadContext& ctx, bool negate) {
  if (!v.is(plist::Type::Dict)) return read::wrong_type(v, path, ctx, "dictionary of arrays");
  for (const auto& [k, val] : v.dict) {
    std::string p = read::join_path(path, k);
    // The keys are sysctl names below "hw."; accept them with the prefix too.
    std::string_view name = std::string_view(k).substr(k.rfind("hw.", 0) == 0 ? 3 : 0);
    if (name != "machine") {
      ctx.sink.warning(p, "unsupported",
                       fmt::format("hw.{} has no Linux equivalent; the job loads regardless, "
                                   "ignoring.", escape::c_escape(name)));
      continue;
    }
    auto values = read::strings(val, p, ctx);
    if (!values) continue;
    if (!negate) ctx.job.arch_allow_given = true;
    for (const auto& m : *values) {
      auto arch = systemd_arch(m);
      if (!arch) {
        ctx.sink.warning(p, "bad-value",
                         fmt::format("'{}' is not a machine Linux runs on{}", escape::c_escape(m),
                                     negate ? ", ignoring." : "; it matches no host here"));
        continue;
      }
      (negate ? ctx.job.arch_deny : ctx.job.arch_allow).emplace_back(*arch);
    }
  }
}

}  // namespace

void soft_resource_limits(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  resource_limits(v, path, ctx, &ctx.job.soft_limits);
}

void hard_resource_limits(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  resource_limits(v, path, ctx, &ctx.job.hard_limits);
}

void limit_load_to_hardware(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  hardware(v, path, ctx, false);
}

void limit_load_from_hardware(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  hardware(v, path, ctx, true);
}

}  // namespace lc::readers
