// Readers for Sockets and inetdCompatibility.
#include <fmt/format.h>

#include <strings.h>

#include "core/escape.h"
#include "core/reader_util.h"
#include "core/readers.h"

namespace lc::readers {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

void sock_type(const std::string& s, std::string_view p, ReadContext& ctx, SocketSpec* out) {
  // launchctl compares these with strcasecmp and keeps stream for anything else.
  if (iequals(s, "stream")) out->type = SockType::Stream;
  else if (iequals(s, "dgram")) out->type = SockType::Datagram;
  else if (iequals(s, "seqpacket")) out->type = SockType::SeqPacket;
  else
    ctx.sink.warning(std::string(p), "bad-value",
                     fmt::format("unknown socket type '{}'; launchd uses stream, and so do we",
                                 escape::c_escape(s)));
}

void sock_family(const std::string& s, std::string_view p, ReadContext& ctx, SocketSpec* out) {
  if (iequals(s, "IPv4")) out->family = SockFamily::IPv4;
  else if (iequals(s, "IPv6")) out->family = SockFamily::IPv6;
  else if (iequals(s, "IPv4v6")) out->family = SockFamily::IPv4v6;
  else if (iequals(s, "Unix")) out->family = SockFamily::Unix;
  else
    ctx.sink.warning(std::string(p), "bad-value",
                     fmt::format("unknown socket family '{}', ignoring.", escape::c_escape(s)));
}

void bonjour(const plist::Value& v, std::string_view p, ReadContext& ctx, SocketSpec* out) {
  if (v.is(plist::Type::Boolean)) {
    if (v.boolean) out->bonjour.emplace_back();
    return;
  }
  if (auto names = read::string_or_strings(v, p, ctx))
    for (auto& n : *names) out->bonjour.push_back(std::move(n));
}

void socket_field(const std::string& k, const plist::Value& val, std::string_view p,
                  ReadContext& ctx, SocketSpec* s) {
  if (k == "SockType") {
    if (auto v = read::string(val, p, ctx)) sock_type(*v, p, ctx, s);
  } else if (k == "SockPassive") {
    if (auto b = read::boolean(val, p, ctx)) s->passive = *b;
  } else if (k == "SockNodeName") {
    if (auto v = read::string(val, p, ctx)) s->node = std::move(*v);
  } else if (k == "SockServiceName") {
    if (val.is(plist::Type::Integer)) s->service = std::to_string(val.integer);
    else if (auto v = read::string(val, p, ctx)) s->service = std::move(*v);
  } else if (k == "SockFamily") {
    if (auto v = read::string(val, p, ctx)) sock_family(*v, p, ctx, s);
  } else if (k == "SockProtocol") {
    if (auto v = read::string(val, p, ctx)) s->protocol = std::move(*v);
  } else if (k == "SockPathName") {
    if (auto v = read::path(val, p, ctx)) s->path = std::move(*v);
  } else if (k == "SockPathMode") {
    // chmod(2), which launchd hands the value to, ignores file-type bits:
    // CUPS ships 49663 (0140777, S_IFSOCK|0777) and macOS loads it.
    if (auto n = read::integer_in(val, p, ctx, 0, 0177777)) {
      s->path_mode = static_cast<unsigned>(*n) & 07777;
      if (*n & ~07777)
        ctx.sink.note(std::string(p), "masked",
                      fmt::format("file-type bits of {:o} ignored, as chmod(2) does: mode {:04o}",
                                  *n, *n & 07777));
    }
  } else if (k == "SockPathOwner") {
    if (auto n = read::integer_in(val, p, ctx, 0, UINT32_MAX - 1)) s->path_owner = *n;
  } else if (k == "SockPathGroup") {
    if (auto n = read::integer_in(val, p, ctx, 0, UINT32_MAX - 1)) s->path_group = *n;
  } else if (k == "SecureSocketWithKey") {
    auto v = read::string(val, p, ctx);
    if (v && !escape::valid_env_name(*v)) {
      ctx.sink.error(std::string(p), "bad-env-name",
                     fmt::format("'{}' is not a valid environment variable name",
                                 escape::c_escape(*v)));
    } else if (v) {
      s->secure_key = std::move(*v);
    }
  } else if (k == "Bonjour") {
    bonjour(val, p, ctx, s);
  } else if (k == "MulticastGroup") {
    if (auto v = read::string(val, p, ctx)) s->multicast_group = std::move(*v);
  } else {
    ctx.sink.warning(std::string(p), "unknown-key", "unknown socket key, ignoring.");
  }
}

void socket_dict(const std::string& key, const plist::Value& v, std::string path,
                 ReadContext& ctx) {
  if (!v.is(plist::Type::Dict)) return read::wrong_type(v, path, ctx, "dictionary");
  SocketSpec s;
  s.key = key;
  s.key_path = path;
  for (const auto& [k, val] : v.dict) socket_field(k, val, read::join_path(path, k), ctx, &s);
  if (s.path && s.family == SockFamily::Any) s.family = SockFamily::Unix;
  ctx.job.sockets.push_back(std::move(s));
}

}  // namespace

void sockets(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (!v.is(plist::Type::Dict)) return read::wrong_type(v, path, ctx, "dictionary");
  for (const auto& [key, val] : v.dict) {
    std::string p = read::join_path(path, key);
    if (val.is(plist::Type::Array)) {
      for (size_t i = 0; i < val.array.size(); ++i)
        socket_dict(key, val.array[i], read::index_path(p, i), ctx);
    } else {
      socket_dict(key, val, p, ctx);
    }
  }
}

void inetd_compatibility(const plist::Value& v, std::string_view path, ReadContext& ctx) {
  if (!v.is(plist::Type::Dict)) return read::wrong_type(v, path, ctx, "dictionary");
  ctx.job.inetd_wait = false;
  for (const auto& [k, val] : v.dict) {
    std::string p = read::join_path(path, k);
    if (k == "Wait") {
      if (auto b = read::boolean(val, p, ctx)) ctx.job.inetd_wait = *b;
    } else {
      ctx.sink.warning(p, "unknown-key", "unknown inetdCompatibility key, ignoring.");
    }
  }
}

}  // namespace lc::readers
