// KeepAlive's exit conditions as systemd Restart= settings.
//
// launchd restarts a job when any KeepAlive condition holds after it exits
// (conditions are OR-ed). Each condition is a set of exit outcomes; their
// union is expressed as a Restart= base plus RestartPreventExitStatus= and
// RestartForceExitStatus= signal lists, exactly.
#pragma once

#include <string>

#include "core/job.h"

namespace lc {

struct RestartPolicy {
  std::string restart = "no";  // no | on-success | on-failure | always
  std::string prevent;         // RestartPreventExitStatus= value, "" if none
  std::string force;           // RestartForceExitStatus= value, "" if none
  bool restarts_after_clean_exit = false;  // also: launchd starts it at load
};

RestartPolicy restart_policy(const KeepAlive& ka, bool has_keep_alive);

}  // namespace lc
