// Readers for the process, identity, environment and I/O keys.
#include <fmt/format.h>

#include <cerrno>
#include <algorithm>
#include <cstdlib>

#include "core/escape.h"
#include "core/reader_util.h"
#include "core/readers.h"

namespace lc::readers {

namespace {

void set_path(std::optional<std::string>* out, const plist::Value& v, std::string_view path,
              ReadContext& ctx) {
  if (auto p = read::path(v, path, ctx)) *out = std::move(*p);
}

void set_bool(bool* out, const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (auto b = read::boolean(v, path, ctx)) *out = *b;
}

// Wrong types for keys the job cannot run without are errors, not warnings.
bool require(const plist::Value& v, plist::Type t, std::string_view path, ReadContext& ctx,
             std::string_view expected) {
  if (v.is(t)) return true;
  ctx.sink.error(std::string(path), "wrong-type",
                 fmt::format("expected {}, got {}", expected, plist::type_name(v.type)));
  return false;
}

}  // namespace

void label(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (!require(v, plist::Type::String, path, ctx, "string")) return;
  if (auto s = read::string(v, path, ctx)) {
    if (s->empty()) ctx.sink.error(std::string(path), "empty-label", "the label is empty");
    else ctx.job.label = std::move(*s);
  }
}

void program(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (!require(v, plist::Type::String, path, ctx, "string")) return;
  auto s = read::string(v, path, ctx);
  if (!s) return;
  if (s->empty() || (*s)[0] != '/') {
    ctx.sink.error(std::string(path), "relative-program",
                   fmt::format("'{}' is not an absolute path", escape::c_escape(*s)));
    return;
  }
  ctx.job.program = std::move(*s);
}

void program_arguments(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (!require(v, plist::Type::Array, path, ctx, "array of strings")) return;
  std::vector<std::string> args;
  for (size_t i = 0; i < v.array.size(); ++i) {
    const auto& item = v.array[i];
    std::string p = read::index_path(path, i);
    if (!require(item, plist::Type::String, p, ctx, "string")) return;
    auto s = i == 0 ? read::string(item, p, ctx) : read::text(item, p, ctx);
    if (!s) return;
    args.push_back(std::move(*s));
  }
  ctx.job.arguments = std::move(args);
}

void enable_globbing(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  set_bool(&ctx.job.enable_globbing, v, path, ctx);
}

void disabled(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  set_bool(&ctx.job.disabled, v, path, ctx);
}

void user_name(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (auto s = read::string(v, path, ctx)) ctx.job.user_name = std::move(*s);
}

void group_name(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (auto s = read::string(v, path, ctx)) ctx.job.group_name = std::move(*s);
}

void init_groups(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  set_bool(&ctx.job.init_groups, v, path, ctx);
}

void run_at_load(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  set_bool(&ctx.job.run_at_load, v, path, ctx);
}

void throttle_interval(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (auto n = read::integer_in(v, path, ctx, 0, 31'536'000)) ctx.job.throttle_interval = *n;
}

void exit_timeout(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (auto n = read::integer_in(v, path, ctx, 0, 31'536'000)) ctx.job.exit_timeout = *n;
}

void root_directory(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  set_path(&ctx.job.root_directory, v, path, ctx);
}

void working_directory(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  set_path(&ctx.job.working_directory, v, path, ctx);
}

// Resolved against WorkingDirectory and RootDirectory when mapped.
void standard_in_path(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (auto p = read::relative_path(v, path, ctx)) ctx.job.stdin_path = std::move(*p);
}

void standard_out_path(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (auto p = read::relative_path(v, path, ctx)) ctx.job.stdout_path = std::move(*p);
}

void standard_error_path(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (auto p = read::relative_path(v, path, ctx)) ctx.job.stderr_path = std::move(*p);
}

void environment_variables(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (!v.is(plist::Type::Dict)) return read::wrong_type(v, path, ctx, "dictionary");
  for (const auto& [name, value] : v.dict) {
    std::string p = read::join_path(path, name);
    if (!escape::valid_env_name(name)) {
      ctx.sink.warning(p, "bad-env-name",
                       fmt::format("'{}' is not a valid environment variable name, ignoring.",
                                   escape::c_escape(name)));
      continue;
    }
    // launchd.plist(5): values that are not strings are ignored.
    if (auto s = read::text(value, p, ctx)) ctx.job.environment.emplace_back(name, std::move(*s));
  }
}

void umask(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  int64_t n = 0;
  if (v.is(plist::Type::Integer)) {
    n = v.integer;
  } else if (v.is(plist::Type::String)) {
    // launchd parses the string form with strtoul(…, 0): "022" is octal.
    const char* begin = v.string.c_str();
    char* end = nullptr;
    errno = 0;
    unsigned long parsed = std::strtoul(begin, &end, 0);
    if (end == begin || *end != '\0' || errno != 0) {
      ctx.sink.error(std::string(path), "bad-umask",
                     fmt::format("'{}' is not a number", escape::c_escape(v.string)));
      return;
    }
    n = static_cast<int64_t>(parsed);
  } else {
    return read::wrong_type(v, path, ctx, "integer or string");
  }
  if (n < 0 || n > 0777) {
    ctx.sink.error(std::string(path), "out-of-range",
                   fmt::format("{} is out of range (0..511, i.e. 0..0777)", n));
    return;
  }
  ctx.job.umask = static_cast<unsigned>(n);
}

void nice(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  // macOS's PRIO_MAX is 20, Linux's 19; setpriority(2) clamps on both.
  auto n = read::integer_in(v, path, ctx, -20, 20);
  if (!n) return;
  if (*n == 20)
    ctx.sink.warning(std::string(path), "clamped", "20 is above Linux's lowest priority, using 19.");
  ctx.job.nice = static_cast<int>(std::min<int64_t>(*n, 19));
}

void process_type(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  auto s = read::string(v, path, ctx);
  if (!s) return;
  if (*s == "Standard") ctx.job.process_type = ProcessType::Standard;
  else if (*s == "Background") ctx.job.process_type = ProcessType::Background;
  else if (*s == "Adaptive") ctx.job.process_type = ProcessType::Adaptive;
  else if (*s == "Interactive") ctx.job.process_type = ProcessType::Interactive;
  else
    ctx.sink.warning(std::string(path), "bad-value",
                     fmt::format("unknown process type '{}', ignoring.", escape::c_escape(*s)));
}

void low_priority_io(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (auto b = read::boolean(v, path, ctx); b && *b) ctx.job.low_priority_io = true;
}

void abandon_process_group(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  set_bool(&ctx.job.abandon_process_group, v, path, ctx);
}

void launch_only_once(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  set_bool(&ctx.job.launch_only_once, v, path, ctx);
}

void start_on_mount(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  set_bool(&ctx.job.start_on_mount, v, path, ctx);
}

void enable_transactions(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  set_bool(&ctx.job.enable_transactions, v, path, ctx);
}

void enable_pressured_exit(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  set_bool(&ctx.job.enable_pressured_exit, v, path, ctx);
}

void limit_load_to_hosts(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (auto s = read::strings(v, path, ctx)) ctx.job.limit_to_hosts = std::move(*s);
}

void limit_load_from_hosts(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (auto s = read::strings(v, path, ctx)) ctx.job.limit_from_hosts = std::move(*s);
}

void limit_load_to_session_type(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (auto s = read::string_or_strings(v, path, ctx)) ctx.job.session_types = std::move(*s);
}

void watch_paths(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (!v.is(plist::Type::Array)) return read::wrong_type(v, path, ctx, "array of strings");
  for (size_t i = 0; i < v.array.size(); ++i)
    if (auto p = read::path(v.array[i], read::index_path(path, i), ctx))
      ctx.job.watch_paths.push_back(std::move(*p));
}

void queue_directories(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (!v.is(plist::Type::Array)) return read::wrong_type(v, path, ctx, "array of strings");
  for (size_t i = 0; i < v.array.size(); ++i)
    if (auto p = read::path(v.array[i], read::index_path(path, i), ctx))
      ctx.job.queue_directories.push_back(std::move(*p));
}

}  // namespace lc::readers
