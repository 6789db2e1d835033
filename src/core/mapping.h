// Job -> units. One function per unit kind; each writes its settings with a
// small helper per directive, in the manner of systemd's fstab-generator.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "core/job.h"
#include "core/system_probe.h"
#include "core/unit.h"

namespace lc::map {

struct Context {
  const Job& job;
  Domain domain;
  DiagnosticSink& sink;
  const SystemProbe& probe;
  std::string base;         // the label in unit-name form
  std::string source_path;  // "" for stdin
};

// What the socket mapping decided, which the service needs to know.
struct SocketPlan {
  std::vector<unit::Unit> units;
  std::vector<std::string> names;  // socket unit names, for Sockets=
  bool inetd_nowait = false;       // the service is a template L@.service
  bool inetd_wait = false;         // the service takes the listening socket on stdin
  // launchd-exec --socket arguments, for sockets systemd cannot create.
  std::vector<std::string> exec_sockets;
  std::vector<std::pair<std::string, std::string>> secure_env;  // KEY -> runtime-dir suffix
};

// [Unit] lines every unit of the job carries: Description, SourcePath, conditions.
void add_unit_header(Context& ctx, unit::Unit* u);
// [X-Launchd] Label= on every unit.
void add_label_record(Context& ctx, unit::Unit* u);

SocketPlan map_sockets(Context& ctx);
// `name` is L.service, or for inetd nowait jobs the template X@.service of
// each socket unit X.socket (systemd pairs Accept=yes sockets by name).
unit::Unit map_service(Context& ctx, const SocketPlan& sockets, std::string name);
std::optional<unit::Unit> map_timer(Context& ctx);
std::optional<unit::Unit> map_path(Context& ctx);

// Whether launchd starts the job when it is loaded (RunAtLoad, or a KeepAlive
// that holds for a job that has not run yet).
bool starts_at_load(const Job& job);

std::string unit_name(const Context& ctx, unit::Kind kind, std::string_view suffix_part = "");

}  // namespace lc::map
