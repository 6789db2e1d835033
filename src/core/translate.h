// The whole pure pipeline for one input: bytes -> plist -> job -> units -> text.
#pragma once

#include <optional>
#include <set>
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
};

struct UnitFile {
  std::string name;
  std::string text;
};

struct Translation {
  std::string label;
  std::vector<UnitFile> files;
  std::vector<unit::WantsLink> wants;  // written only when not disabled
  DiagnosticSink diagnostics;
  bool skipped = false;   // LimitLoadToSessionType excludes this domain
  // The Disabled key; a caller with an override database (SPEC §2) sets it
  // from there. Disabled units are written but not armed.
  bool disabled = false;

  bool ok() const { return !diagnostics.has_errors(); }
};

// `source_path` is what SourcePath= and the header name ("" = standard input).
Translation translate(std::string_view bytes, std::string_view source_path,
                      const TranslateOptions& options, const SystemProbe& probe);

// Within one run, a unit name may belong to one job only: a later input that
// would write a name an earlier one claimed gets an error and loses its units.
class NameRegistry {
 public:
  // False (and the error added, the units dropped) if a name is taken.
  bool check(Translation& t) const;
  void claim(const Translation& t);

 private:
  std::set<std::string> taken_;
};

void reject_name_collisions(std::vector<Translation>& translations);

std::string_view domain_name(Domain d);

}  // namespace lc
