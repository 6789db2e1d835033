// Resource limits and scheduling class.
#include <fmt/format.h>

#include <array>

#include "core/mapping.h"

namespace lc::map {

using unit::SectionId;
using unit::Value;

namespace {

std::string limit_text(uint64_t v) { return v == kInfinity ? "infinity" : std::to_string(v); }

// Setting names are literals in unit::Unit::add, so one case per resource;
// ResidentSetSize is handled apart (LimitRSS= does nothing on Linux).
void add_limit(unit::Unit* u, Resource r, Value v) {
  switch (r) {
    case Resource::Core: return u->add(SectionId::Service, "LimitCORE", std::move(v));
    case Resource::CPU: return u->add(SectionId::Service, "LimitCPU", std::move(v));
    case Resource::Data: return u->add(SectionId::Service, "LimitDATA", std::move(v));
    case Resource::FileSize: return u->add(SectionId::Service, "LimitFSIZE", std::move(v));
    case Resource::MemoryLock: return u->add(SectionId::Service, "LimitMEMLOCK", std::move(v));
    case Resource::NumberOfFiles: return u->add(SectionId::Service, "LimitNOFILE", std::move(v));
    case Resource::NumberOfProcesses: return u->add(SectionId::Service, "LimitNPROC", std::move(v));
    case Resource::Stack: return u->add(SectionId::Service, "LimitSTACK", std::move(v));
    default: return;
  }
}

}  // namespace

void add_limits(Context& ctx, unit::Unit* u) {
  const Job& job = ctx.job;
  for (size_t i = 0; i < static_cast<size_t>(Resource::kCount); ++i) {
    auto r = static_cast<Resource>(i);
    const auto& soft = job.soft_limits[i];
    const auto& hard = job.hard_limits[i];
    if (!soft && !hard) continue;
    if (r == Resource::ResidentSetSize) {
      if (soft) u->add(SectionId::Service, "MemoryHigh", Value::number(static_cast<int64_t>(*soft)));
      if (hard) u->add(SectionId::Service, "MemoryMax", Value::number(static_cast<int64_t>(*hard)));
      continue;
    }
    // systemd sets both sides; the side launchd would leave alone keeps the
    // value this process (and so the manager that started it) has.
    auto [cur_soft, cur_hard] = ctx.probe.rlimit(r);
    uint64_t s = soft.value_or(cur_soft);
    uint64_t h = hard.value_or(cur_hard);
    // setrlimit(2) refuses soft > hard; launchd's call then changes nothing.
    // Keep the limit the job can have: the soft value clamped to the hard.
    if (s > h) {
      if (soft) {
        ctx.sink.warning(hard ? "HardResourceLimits" : "SoftResourceLimits", "clamped",
                         fmt::format("the soft limit {} exceeds the hard limit {}; using {}",
                                     limit_text(s), limit_text(h), limit_text(h)));
      } else {
        ctx.sink.note("HardResourceLimits", "clamped",
                      fmt::format("the inherited soft limit {} is lowered to the hard limit {}",
                                  limit_text(s), limit_text(h)));
      }
      s = h;
    }
    add_limit(u, r, Value::text(fmt::format("{}:{}", limit_text(s), limit_text(h))));
  }
}

void add_scheduling(Context& ctx, unit::Unit* u) {
  const Job& job = ctx.job;
  if (job.nice) u->add(SectionId::Service, "Nice", Value::number(*job.nice));
  bool idle_io = job.low_priority_io;
  if (job.process_type == ProcessType::Background) {
    u->add(SectionId::Service, "CPUSchedulingPolicy", Value::lit("batch"));
    u->add(SectionId::Service, "CPUWeight", Value::lit("idle"));
    idle_io = true;
  } else if (job.process_type == ProcessType::Interactive) {
    u->add(SectionId::Service, "CPUWeight", Value::lit("200"));
    u->add(SectionId::Service, "IOWeight", Value::lit("200"));
  }
  if (idle_io) u->add(SectionId::Service, "IOSchedulingClass", Value::lit("idle"));
}

}  // namespace lc::map
