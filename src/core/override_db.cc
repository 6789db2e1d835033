#include "core/override_db.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/plist_load.h"

namespace lc {

std::string override_db_path(Domain domain) {
  if (domain == Domain::System) return "/var/lib/launchd-compat/disabled.plist";
  const char* state = std::getenv("XDG_STATE_HOME");
  std::string base;
  if (state != nullptr && state[0] == '/') base = state;
  else base = std::string(std::getenv("HOME") ? std::getenv("HOME") : "") + "/.local/state";
  return base + "/launchd-compat/disabled.plist";
}

std::optional<std::string> read_override_db(const std::string& path, OverrideDb* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::nullopt;
    return fmt::format("{}: {}", path, std::strerror(errno));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto loaded = plist::load(ss.str());
  if (auto* err = std::get_if<plist::LoadError>(&loaded)) return fmt::format("{}: {}", path, err->message);
  const auto& root = std::get<plist::Value>(loaded);
  if (!root.is(plist::Type::Dict)) return fmt::format("{}: the top level is not a dictionary", path);
  for (const auto& [label, v] : root.dict)
    if (v.is(plist::Type::Boolean)) out->disabled[label] = v.boolean;
  return std::nullopt;
}

namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> write_override_db(const std::string& path, const OverrideDb& db) {
  std::string text =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
      "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
      "<plist version=\"1.0\">\n<dict>\n";
  for (const auto& [label, disabled] : db.disabled)
    text += fmt::format("\t<key>{}</key>\n\t<{}/>\n", xml_escape(label), disabled ? "true" : "false");
  text += "</dict>\n</plist>\n";
  auto slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  for (size_t i = 1; i <= dir.size(); ++i)
    if (i == dir.size() || dir[i] == '/') ::mkdir(dir.substr(0, i).c_str(), 0755);
  std::string tmp = fmt::format("{}.{}.tmp", path, static_cast<long>(::getpid()));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return fmt::format("{}: {}", tmp, std::strerror(errno));
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string err = std::strerror(errno);
    ::unlink(tmp.c_str());
    return fmt::format("{}: {}", path, err);
  }
  return std::nullopt;
}

}  // namespace lc
