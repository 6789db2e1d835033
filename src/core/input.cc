#include "core/input.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/plist_load.h"

namespace lc::input {

std::optional<std::string> expand(const std::string& path, std::vector<std::string>* out) {
  struct stat st {};
  if (path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    out->push_back(path);
    return std::nullopt;
  }
  DIR* d = ::opendir(path.c_str());
  if (d == nullptr) return std::string("cannot read directory: ") + std::strerror(errno);
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > 6 && n.compare(n.size() - 6, 6, ".plist") == 0 && n[0] != '.') names.push_back(n);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  std::string prefix = path.back() == '/' ? path : path + "/";
  for (const auto& n : names) out->push_back(prefix + n);
  return std::nullopt;
}

std::optional<std::string> read(const std::string& path, std::string* out) {
  int fd = path == "-" ? ::dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return std::string("cannot read: ") + std::strerror(errno);
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return std::string("cannot read: is a directory");
  }
  const size_t cap = plist::kMaxInputBytes + 1;
  out->clear();
  char buf[65536];
  while (out->size() < cap) {
    ssize_t n = ::read(fd, buf, std::min(sizeof buf, cap - out->size()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      return std::string("cannot read: ") + std::strerror(e);
    }
    if (n == 0) break;
    out->append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return std::nullopt;
}

}  // namespace lc::input
