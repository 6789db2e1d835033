#include "core/unit_writer.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "core/escape.h"

namespace lc {

namespace {

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_;
};

std::string errno_text() { return std::strerror(errno); }

// Creates `path` and its parents as real directories (mkdir -p).
std::optional<std::string> make_dirs(const std::string& path) {
  std::string cur;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i < path.size() && path[i] != '/') continue;
    cur = path.substr(0, i);
    if (cur.empty()) continue;
    if (::mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST)
      return fmt::format("cannot create directory '{}': {}", cur, errno_text());
  }
  return std::nullopt;
}

Fd open_dir_at(int parent, const char* name) {
  return Fd(::openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

// Whether an existing entry may be replaced: absent, or a regular file whose
// first line is our header. Symlinks and foreign files are never touched.
std::optional<std::string> check_replaceable(int dirfd, const std::string& name) {
  struct stat st {};
  if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return std::nullopt;
  if (!S_ISREG(st.st_mode))
    return fmt::format("'{}' exists and is not a regular file, not replacing it", name);
  Fd fd(::openat(dirfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  char buf[64] = {};
  ssize_t n = fd.ok() ? ::read(fd.get(), buf, kHeaderPrefix.size()) : -1;
  if (n != static_cast<ssize_t>(kHeaderPrefix.size()) ||
      std::string_view(buf, static_cast<size_t>(n)) != kHeaderPrefix)
    return fmt::format("'{}' exists and was not written by launchd-compat, not replacing it", name);
  return std::nullopt;
}

std::optional<std::string> write_temp(int dirfd, const std::string& tmp, const std::string& text,
                                      bool durable) {
  Fd fd(::openat(dirfd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!fd.ok()) return fmt::format("cannot create '{}': {}", tmp, errno_text());
  size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(fd.get(), text.data() + off, text.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fmt::format("cannot write '{}': {}", tmp, errno_text());
    }
    off += static_cast<size_t>(n);
  }
  if (durable && ::fsync(fd.get()) != 0) return fmt::format("cannot sync '{}': {}", tmp, errno_text());
  return std::nullopt;
}

struct Staged {
  int dirfd;
  std::string tmp, name;
};

void discard(const std::vector<Staged>& staged) {
  for (const auto& s : staged) ::unlinkat(s.dirfd, s.tmp.c_str(), 0);
}

std::optional<std::string> stage_link(int wantsfd, const std::string& unit, const std::string& tmp,
                                      std::vector<Staged>* staged) {
  struct stat st {};
  if (::fstatat(wantsfd, unit.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISLNK(st.st_mode))
    return fmt::format("wants entry '{}' exists and is not a symlink, not replacing it", unit);
  std::string target = "../" + unit;
  if (::symlinkat(target.c_str(), wantsfd, tmp.c_str()) != 0) {
    // A temp link left by a killed run of ours: replace it.
    if (errno != EEXIST || ::unlinkat(wantsfd, tmp.c_str(), 0) != 0 ||
        ::symlinkat(target.c_str(), wantsfd, tmp.c_str()) != 0)
      return fmt::format("cannot create link for '{}': {}", unit, errno_text());
  }
  staged->push_back(Staged{wantsfd, tmp, unit});
  return std::nullopt;
}

}  // namespace

UnitDir::UnitDir(int fd, bool durable)
    : root_(fd), durable_(durable), tmp_suffix_(fmt::format(".{}.tmp", static_cast<long>(::getpid()))) {}

UnitDir::~UnitDir() {
  for (auto& [name, fd] : wants_) ::close(fd);
  ::close(root_);
}

std::optional<std::string> UnitDir::open(const std::string& dir, bool durable,
                                         std::unique_ptr<UnitDir>* out) {
  if (auto err = make_dirs(dir)) return err;
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return fmt::format("cannot open directory '{}': {}", dir, errno_text());
  out->reset(new UnitDir(fd, durable));
  return std::nullopt;
}

int UnitDir::wants_dir(const std::string& target, std::string* error) {
  if (auto it = wants_.find(target); it != wants_.end()) return it->second;
  std::string sub = target + ".wants";
  if (::mkdirat(root_, sub.c_str(), 0755) != 0 && errno != EEXIST) {
    *error = fmt::format("cannot create '{}': {}", sub, errno_text());
    return -1;
  }
  int fd = ::openat(root_, sub.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    *error = fmt::format("cannot open '{}': {}", sub, errno_text());
    return -1;
  }
  wants_[target] = fd;
  return fd;
}

std::optional<std::string> UnitDir::write(const Translation& t) {
  std::vector<Staged> staged;
  auto fail = [&](std::string msg) -> std::optional<std::string> {
    discard(staged);
    return msg;
  };
  for (const auto& f : t.files) {
    // Unit names never contain '/', so the file stays inside the directory.
    if (f.name.empty() || f.name.find('/') != std::string::npos || f.name[0] == '.')
      return fail(fmt::format("refusing unit name '{}'", f.name));
    if (auto err = check_replaceable(root_, f.name)) return fail(*err);
    // Not derived from the name at full length: a 255-byte unit name would
    // make a temp name the file system refuses.
    std::string tmp = ".#" + escape::hash_hex(f.name) + tmp_suffix_;
    if (auto err = write_temp(root_, tmp, f.text, durable_)) return fail(*err);
    staged.push_back(Staged{root_, tmp, f.name});
  }
  for (const auto& w : t.disabled ? std::vector<unit::WantsLink>{} : t.wants) {
    std::string error;
    int fd = wants_dir(w.target, &error);
    if (fd < 0) return fail(error);
    if (auto err = stage_link(fd, w.unit, ".#" + escape::hash_hex(w.unit) + tmp_suffix_, &staged))
      return fail(*err);
  }
  for (const auto& st : staged)
    if (::renameat(st.dirfd, st.tmp.c_str(), st.dirfd, st.name.c_str()) != 0)
      return fail(fmt::format("cannot rename into '{}': {}", st.name, errno_text()));
  if (durable_) ::fsync(root_);
  return std::nullopt;
}

std::optional<std::string> write_units(const std::string& dir, const Translation& t, bool durable) {
  std::unique_ptr<UnitDir> d;
  if (auto err = UnitDir::open(dir, durable, &d)) return err;
  return d->write(t);
}

std::optional<std::string> remove_units(const std::string& dir, const std::vector<std::string>& names) {
  Fd root(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root.ok()) return std::nullopt;
  for (const auto& n : names) {
    if (check_replaceable(root.get(), n)) continue;
    ::unlinkat(root.get(), n.c_str(), 0);
  }
  // Dangling wants links left by the removal.
  DIR* d = ::fdopendir(::dup(root.get()));
  if (d == nullptr) return std::nullopt;
  while (dirent* e = ::readdir(d)) {
    std::string sub = e->d_name;
    if (sub.size() < 6 || sub.compare(sub.size() - 6, 6, ".wants") != 0) continue;
    Fd w = open_dir_at(root.get(), sub.c_str());
    if (!w.ok()) continue;
    for (const auto& n : names) {
      struct stat st {};
      if (::fstatat(w.get(), n.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
        ::unlinkat(w.get(), n.c_str(), 0);
    }
  }
  ::closedir(d);
  return std::nullopt;
}

}  // namespace lc
