#include "core/system_probe.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

namespace lc {

bool HostProbe::is_executable(const std::string& path) const {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::pair<uint64_t, uint64_t> HostProbe::rlimit(Resource r) const {
  static constexpr int kResource[] = {RLIMIT_CORE,    RLIMIT_CPU,   RLIMIT_DATA,
                                      RLIMIT_FSIZE,   RLIMIT_MEMLOCK, RLIMIT_NOFILE,
                                      RLIMIT_NPROC,   RLIMIT_RSS,   RLIMIT_STACK};
  struct rlimit rl {};
  if (::getrlimit(kResource[static_cast<size_t>(r)], &rl) != 0) return {kInfinity, kInfinity};
  auto conv = [](rlim_t v) { return v == RLIM_INFINITY ? kInfinity : static_cast<uint64_t>(v); };
  return {conv(rl.rlim_cur), conv(rl.rlim_max)};
}

namespace {

struct AddrinfoFree {
  void operator()(addrinfo* p) const { freeaddrinfo(p); }
};

int socktype(SockType t) {
  switch (t) {
    case SockType::Stream: return SOCK_STREAM;
    case SockType::Datagram: return SOCK_DGRAM;
    case SockType::SeqPacket: return SOCK_SEQPACKET;
  }
  return SOCK_STREAM;
}

int family(SockFamily f) {
  switch (f) {
    case SockFamily::IPv4: return AF_INET;
    case SockFamily::IPv6: return AF_INET6;
    default: return AF_UNSPEC;
  }
}

std::optional<ResolvedAddress> numeric(const addrinfo* ai) {
  char host[NI_MAXHOST], serv[NI_MAXSERV];
  if (getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, serv, sizeof serv,
                  NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    return std::nullopt;
  ResolvedAddress a;
  a.ipv6 = ai->ai_family == AF_INET6;
  a.host = host;
  a.port = static_cast<uint16_t>(std::stoi(serv));
  return a;
}

}  // namespace

ResolveResult HostProbe::resolve(const ResolveQuery& q) const {
  addrinfo hints{};
  hints.ai_family = family(q.family);
  // SEQPACKET is not an inet socket type getaddrinfo knows; resolve as stream.
  hints.ai_socktype = q.type == SockType::SeqPacket ? SOCK_STREAM : socktype(q.type);
  hints.ai_flags = q.passive ? AI_PASSIVE : 0;
  addrinfo* res = nullptr;
  int rc = getaddrinfo(q.node ? q.node->c_str() : nullptr, q.service ? q.service->c_str() : nullptr,
                       &hints, &res);
  if (rc != 0) return std::string(gai_strerror(rc));
  std::unique_ptr<addrinfo, AddrinfoFree> owner(res);
  std::vector<ResolvedAddress> out;
  for (const addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    auto a = numeric(ai);
    if (!a) continue;
    bool dup = std::any_of(out.begin(), out.end(), [&](const ResolvedAddress& b) {
      return b.ipv6 == a->ipv6 && b.host == a->host && b.port == a->port;
    });
    if (!dup) out.push_back(std::move(*a));
  }
  return out;
}

}  // namespace lc
