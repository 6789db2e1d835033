// The one table of every launchd.plist key launchd-compat knows, with its
// disposition. Nothing is dropped silently: a key not in this table gets an
// "unknown key" warning, and every row either reads the key into the job or
// says why it cannot be honoured.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/diagnostics.h"
#include "core/job.h"
#include "core/value.h"

namespace lc {

// How a key is honoured (docs/keys.md has one section per disposition).
enum class Disposition {
  Unit,         // a unit setting does it
  Install,      // decides which targets want the units
  Runtime,      // launchd-compatd or launchd-exec does it (a note says so)
  UnitRuntime,  // a unit setting plus the runtime
  Domain,       // decides which domain loads the job
  Error,        // the job cannot run on Linux at all
  Unsupported,  // no Linux meaning and the job behaves differently: warning
  Inert,        // no Linux meaning and nothing observable changes: note
};

std::string_view disposition_name(Disposition d);

struct ReadContext {
  Job& job;
  DiagnosticSink& sink;
  Domain domain;
};

using ReadFn = void (*)(const plist::Value& v, std::string_view path, ReadContext& ctx);

struct KeySpec {
  std::string_view name;
  Disposition disposition;
  ReadFn read;               // nullptr for Unsupported/Inert/Error rows
  std::string_view message;  // the diagnostic for rows without a reader
};

std::span<const KeySpec> top_level_keys();
const KeySpec* find_key(std::string_view name);

}  // namespace lc
