#include "support/fake_probe.h"

#include <cstdlib>
#include <map>

namespace lc::test {

namespace {

std::optional<uint16_t> port_of(const std::string& service) {
  static const std::map<std::string, uint16_t> kServices = {
      {"http", 80}, {"https", 443}, {"ssh", 22}, {"http-alt", 8080}, {"finger", 79},
      {"ntp", 123}, {"domain", 53}, {"printer", 515}, {"ipp", 631}, {"bootps", 67}};
  if (auto it = kServices.find(service); it != kServices.end()) return it->second;
  char* end = nullptr;
  long n = std::strtol(service.c_str(), &end, 10);
  if (service.empty() || *end != '\0' || n <= 0 || n > 65535) return std::nullopt;
  return static_cast<uint16_t>(n);
}

}  // namespace

ResolveResult FakeProbe::resolve(const ResolveQuery& q) const {
  auto port = port_of(q.service.value_or(""));
  if (!port) return std::string("Servname not supported for ai_socktype");
  std::vector<ResolvedAddress> v4, v6;
  if (!q.node) {
    v4.push_back({false, q.passive ? "0.0.0.0" : "127.0.0.1", *port});
    v6.push_back({true, q.passive ? "::" : "::1", *port});
  } else if (*q.node == "localhost") {
    v4.push_back({false, "127.0.0.1", *port});
    v6.push_back({true, "::1", *port});
  } else if (q.node->find(':') != std::string::npos) {
    v6.push_back({true, *q.node, *port});
  } else if (!q.node->empty() && (*q.node)[0] >= '0' && (*q.node)[0] <= '9') {
    v4.push_back({false, *q.node, *port});
  } else {
    return std::string("Name or service not known");
  }
  std::vector<ResolvedAddress> out;
  if (q.family != SockFamily::IPv6) out.insert(out.end(), v4.begin(), v4.end());
  if (q.family != SockFamily::IPv4) out.insert(out.end(), v6.begin(), v6.end());
  return out;
}

}  // namespace lc::test
