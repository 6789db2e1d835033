// The translator's only window on the machine it runs on, injected so that
// golden tests are deterministic: executable lookup (Program resolution),
// the translator's own resource limits (a launchd limit may give one side
// only), and getaddrinfo (systemd resolves neither host nor service names).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/job.h"

namespace lc {

struct ResolvedAddress {
  bool ipv6 = false;
  std::string host;  // numeric, e.g. "127.0.0.1" or "fe80::1%lo"
  uint16_t port = 0;
};

struct ResolveQuery {
  std::optional<std::string> node;
  std::optional<std::string> service;
  SockFamily family = SockFamily::Any;
  SockType type = SockType::Stream;
  bool passive = true;
};

// Either the addresses or getaddrinfo's error text.
using ResolveResult = std::variant<std::vector<ResolvedAddress>, std::string>;

inline constexpr uint64_t kInfinity = UINT64_MAX;

class SystemProbe {
 public:
  virtual ~SystemProbe() = default;
  virtual bool is_executable(const std::string& path) const = 0;
  // {soft, hard}; kInfinity for RLIM_INFINITY.
  virtual std::pair<uint64_t, uint64_t> rlimit(Resource r) const = 0;
  virtual ResolveResult resolve(const ResolveQuery& q) const = 0;
};

// The real machine.
class HostProbe final : public SystemProbe {
 public:
  bool is_executable(const std::string& path) const override;
  std::pair<uint64_t, uint64_t> rlimit(Resource r) const override;
  ResolveResult resolve(const ResolveQuery& q) const override;
};

}  // namespace lc
