// plist tree -> validated Job. Pure: diagnostics go to the sink.
#pragma once

#include <optional>

#include "core/diagnostics.h"
#include "core/job.h"
#include "core/value.h"

namespace lc {

// nullopt when the job cannot be run at all (an error is in the sink).
std::optional<Job> read_job(const plist::Value& root, Domain domain, DiagnosticSink& sink);

}  // namespace lc
