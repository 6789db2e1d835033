// The whole pure pipeline for one input: bytes -> plist -> job -> units -> text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"
#include "core/job.h"
#include "core/system_probe.h"
#include "core/unit.h"

namespace lc {

struct TranslateOptions {
  Domain domain = Domain::System;
  std::string tool = "launchd2systemd";    // named in each unit's first line
  std::optional<bool> disabled_override;   // from the override database (SPEC §2)
};

struct UnitFile {
  std::string name;
  std::string text;
};

struct Translation {
  std::string label;
  std::vector<UnitFile> files;
  std::vector<unit::WantsLink> wants;
  DiagnosticSink diagnostics;
  bool skipped = false;   // LimitLoadToSessionType excludes this domain
  bool disabled = false;  // Disabled key or override: units written, not armed

  bool ok() const { return !diagnostics.has_errors(); }
};

// `source_path` is what SourcePath= and the header name ("" = standard input).
Translation translate(std::string_view bytes, std::string_view source_path,
                      const TranslateOptions& options, const SystemProbe& probe);

// Within one run, a unit name may belong to one job only: later inputs that
// would write a name an earlier one wrote get an error and lose their units.
void reject_name_collisions(std::vector<Translation>& translations);

std::string_view domain_name(Domain d);

}  // namespace lc
