// Sockets -> one .socket unit per Sockets key, addresses resolved now
// because systemd resolves neither host names nor service names.
#include <fmt/format.h>

#include <algorithm>

#include "core/escape.h"
#include "core/mapping.h"

namespace lc::map {

using unit::SectionId;
using unit::Value;

namespace {

void add_listen(unit::Unit* u, SockType t, Value v) {
  switch (t) {
    case SockType::Stream: return u->add(SectionId::Socket, "ListenStream", std::move(v));
    case SockType::Datagram: return u->add(SectionId::Socket, "ListenDatagram", std::move(v));
    case SockType::SeqPacket:
      return u->add(SectionId::Socket, "ListenSequentialPacket", std::move(v));
  }
}

SockType effective_type(const SocketSpec& s) {
  // SockProtocol=UDP without a SockType can only mean a datagram socket.
  if (s.type == SockType::Stream && s.protocol && (*s.protocol == "UDP" || *s.protocol == "udp"))
    return SockType::Datagram;
  return s.type;
}

std::string address_text(const ResolvedAddress& a) {
  // systemd wants the scope of a link-local address after the port.
  if (!a.ipv6) return fmt::format("{}:{}", a.host, a.port);
  auto pct = a.host.find('%');
  if (pct == std::string::npos) return fmt::format("[{}]:{}", a.host, a.port);
  return fmt::format("[{}]:{}{}", a.host.substr(0, pct), a.port, a.host.substr(pct));
}

struct KeyState {
  bool any_ipv6 = false;
  bool dual_stack = false;
  int listen_count = 0;
};

void map_inet(Context& ctx, const SocketSpec& s, bool single_listener, unit::Unit* u, KeyState* st) {
  if (!s.service) {
    ctx.sink.warning(s.key_path, "no-address",
                     "no SockServiceName or SockPathName: launchd binds an ephemeral port, "
                     "which systemd cannot express, ignoring this socket.");
    return;
  }
  SockType type = effective_type(s);
  // An inetd Wait=true job gets one listening socket on stdin: a dual-stack one.
  if (s.family == SockFamily::IPv4v6 || (single_listener && !s.node && s.family == SockFamily::Any)) {
    ResolveQuery q{std::nullopt, s.service, SockFamily::IPv6, type, true};
    auto r = ctx.probe.resolve(q);
    if (auto* addrs = std::get_if<std::vector<ResolvedAddress>>(&r); addrs && !addrs->empty()) {
      add_listen(u, type, Value::address(fmt::format("[::]:{}", addrs->front().port)));
      st->dual_stack = true;
      ++st->listen_count;
      return;
    }
  }
  ResolveQuery q{s.node, s.service, s.family, type, s.passive};
  ResolveResult r = ctx.probe.resolve(q);
  if (auto* err = std::get_if<std::string>(&r)) {
    ctx.sink.error(s.key_path, "unresolvable",
                   fmt::format("cannot resolve {}{}: {}",
                               s.node ? fmt::format("'{}' ", escape::c_escape(*s.node)) : "",
                               fmt::format("service '{}'", escape::c_escape(*s.service)), *err));
    return;
  }
  for (const auto& a : std::get<std::vector<ResolvedAddress>>(r)) {
    add_listen(u, type, Value::address(address_text(a)));
    st->any_ipv6 = st->any_ipv6 || a.ipv6;
    ++st->listen_count;
  }
}

// sizeof(sockaddr_un.sun_path) - 1: bind(2) fails on longer paths, for
// launchd as for systemd.
constexpr size_t kMaxUnixPath = 107;

void map_unix(Context& ctx, const SocketSpec& s, unit::Unit* u, KeyState* st) {
  if (s.path->size() > kMaxUnixPath) {
    ctx.sink.error(s.key_path + ".SockPathName", "path-too-long",
                   fmt::format("'{}' is {} bytes; a Unix socket path can have at most {}",
                               escape::c_escape(*s.path), s.path->size(), kMaxUnixPath));
    return;
  }
  add_listen(u, effective_type(s), *Value::path(*s.path));
  ++st->listen_count;
  if (s.path_mode) u->add(SectionId::Socket, "SocketMode", Value::octal(*s.path_mode));
  if (s.path_owner) u->add(SectionId::Socket, "SocketUser", Value::number(*s.path_owner));
  if (s.path_group) u->add(SectionId::Socket, "SocketGroup", Value::number(*s.path_group));
}

// SecureSocketWithKey: a private socket in the manager's runtime directory,
// its path exported to the job in the named variable.
void map_secure(Context& ctx, const SocketSpec& s, unit::Unit* u, KeyState* st, SocketPlan* plan) {
  std::string suffix = fmt::format("launchd-compat/secure-{}.sock",
                                   escape::hash_hex(ctx.job.label + '\0' + s.key));
  add_listen(u, SockType::Stream, Value::runtime_path(suffix));
  u->add(SectionId::Socket, "SocketMode", Value::lit("0600"));
  u->add(SectionId::Socket, "DirectoryMode", Value::lit("0700"));
  ++st->listen_count;
  plan->secure_env.emplace_back(*s.secure_key, suffix);
}

std::string_view type_word(SockType t) {
  return t == SockType::Stream ? "stream" : t == SockType::Datagram ? "dgram" : "seqpacket";
}

std::string_view family_word(SockFamily f) {
  switch (f) {
    case SockFamily::IPv4: return "ipv4";
    case SockFamily::IPv6: return "ipv6";
    case SockFamily::IPv4v6: return "ipv4v6";
    case SockFamily::Unix: return "unix";
    default: return "any";
  }
}

// One launchd-exec --socket argument: comma-separated field=value pairs,
// values %XX-encoded (docs/launchd-exec.md).
std::string exec_socket_spec(const SocketSpec& s) {
  auto enc = [](std::string_view v) {
    std::string out;
    for (unsigned char c : v) {
      if (c == ',' || c == '=' || c == '%' || c <= 0x20 || c >= 0x7F) out += fmt::format("%{:02X}", c);
      else out.push_back(static_cast<char>(c));
    }
    return out;
  };
  std::string spec = fmt::format("name={},type={},family={},passive={}", enc(s.key),
                                 type_word(effective_type(s)), family_word(s.family), s.passive ? 1 : 0);
  if (s.node) spec += ",node=" + enc(*s.node);
  if (s.service) spec += ",service=" + enc(*s.service);
  if (s.path) spec += ",path=" + enc(*s.path);
  if (s.multicast_group) spec += ",group=" + enc(*s.multicast_group);
  return spec;
}

bool runtime_socket(Context& ctx, const SocketSpec& s, SocketPlan* plan) {
  if (s.passive && !s.multicast_group) return false;
  ctx.sink.note(s.key_path, "runtime",
                s.multicast_group
                    ? "multicast sockets are created by launchd-exec inside the job"
                    : "connecting (SockPassive=false) sockets are created by launchd-exec inside "
                      "the job");
  plan->exec_sockets.push_back(exec_socket_spec(s));
  return true;
}

std::vector<std::string> socket_keys(const Job& job) {
  std::vector<std::string> keys;
  for (const auto& s : job.sockets)
    if (std::find(keys.begin(), keys.end(), s.key) == keys.end()) keys.push_back(s.key);
  return keys;
}

}  // namespace

SocketPlan map_sockets(Context& ctx) {
  SocketPlan plan;
  const Job& job = ctx.job;
  auto keys = socket_keys(job);
  bool inetd = job.inetd_wait.has_value();
  plan.inetd_wait = inetd && *job.inetd_wait;
  plan.inetd_nowait = inetd && !*job.inetd_wait;
  // Only stream sockets can be accepted on; launchd's accept() on a datagram
  // socket fails, systemd refuses the unit. Hand the socket over as Wait=true.
  bool datagram = std::any_of(job.sockets.begin(), job.sockets.end(),
                              [](const SocketSpec& s) { return effective_type(s) == SockType::Datagram; });
  if (plan.inetd_nowait && datagram) {
    ctx.sink.warning("inetdCompatibility.Wait", "datagram-nowait",
                     "connections cannot be accepted on a datagram socket; the job receives the "
                     "socket on stdin as with Wait=true");
    plan.inetd_nowait = false;
    plan.inetd_wait = true;
  }
  for (const auto& key : keys) {
    unit::Unit u;
    u.kind = unit::Kind::Socket;
    u.name = keys.size() == 1 ? unit_name(ctx, unit::Kind::Socket)
                              : unit_name(ctx, unit::Kind::Socket, key);
    add_unit_header(ctx, &u);
    KeyState st;
    for (const auto& s : job.sockets) {
      if (s.key != key || runtime_socket(ctx, s, &plan)) continue;
      if (!s.bonjour.empty())
        ctx.sink.note(s.key_path + ".Bonjour", "runtime",
                      "registered with Avahi by launchd-compatd while the job is loaded");
      if (s.secure_key) map_secure(ctx, s, &u, &st, &plan);
      else if (s.path) map_unix(ctx, s, &u, &st);
      else map_inet(ctx, s, plan.inetd_wait, &u, &st);
    }
    if (st.listen_count == 0) continue;
    if (escape::fd_name(key).size() > 255) {
      ctx.sink.error("Sockets." + key, "bad-socket-key",
                     "the key is longer than the 255 bytes systemd allows for a file descriptor name");
      continue;
    }
    if (st.dual_stack && plan.inetd_wait && keys.size() == 1)
      ctx.sink.note("inetdCompatibility.Wait", "dual-stack",
                    "launchd's separate IPv4 and IPv6 sockets become one dual-stack socket, since "
                    "the job takes exactly one socket on stdin");
    if (st.dual_stack) u.add(SectionId::Socket, "BindIPv6Only", Value::lit("both"));
    else if (st.any_ipv6) u.add(SectionId::Socket, "BindIPv6Only", Value::lit("ipv6-only"));
    if (plan.inetd_wait && st.listen_count > 1)
      ctx.sink.error("inetdCompatibility.Wait", "unsupported",
                     "an inetd Wait=true job takes exactly one listening socket on stdin, but "
                     "the Sockets entry resolves to several addresses");
    u.add(SectionId::Socket, "FileDescriptorName", Value::text(escape::fd_name(key)));
    if (plan.inetd_nowait) u.add(SectionId::Socket, "Accept", Value::lit("yes"));
    else u.add(SectionId::Socket, "Service", Value::text(unit_name(ctx, unit::Kind::Service)));
    u.add(SectionId::Install, "WantedBy", Value::lit("sockets.target"));
    add_label_record(ctx, &u);
    plan.names.push_back(u.name);
    plan.units.push_back(std::move(u));
  }
  if (inetd && plan.names.empty()) {
    ctx.sink.warning("inetdCompatibility", "no-socket", "the job has no socket to pass on stdin, ignoring.");
    plan.inetd_wait = plan.inetd_nowait = false;
  }
  return plan;
}

}  // namespace lc::map
