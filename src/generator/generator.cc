#include "generator/generator.h"

#include <sys/stat.h>

#include <cstdlib>
#include <set>

#include <fmt/format.h>

#include "core/escape.h"
#include "core/input.h"
#include "core/override_db.h"
#include "core/translate.h"
#include "core/unit_writer.h"

namespace lc::generator {

std::vector<std::string> default_search_path(Domain domain) {
  if (domain == Domain::System)
    return {"/etc/launchd/LaunchDaemons", "/Library/LaunchDaemons",
            "/usr/local/lib/launchd/LaunchDaemons", "/usr/lib/launchd/LaunchDaemons"};
  std::vector<std::string> dirs;
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  if (xdg != nullptr && xdg[0] == '/') dirs.push_back(std::string(xdg) + "/launchd/LaunchAgents");
  else if (home != nullptr) dirs.push_back(std::string(home) + "/.config/launchd/LaunchAgents");
  if (home != nullptr) dirs.push_back(std::string(home) + "/Library/LaunchAgents");
  for (const char* d : {"/etc/launchd/LaunchAgents", "/Library/LaunchAgents", "/usr/lib/launchd/LaunchAgents"})
    dirs.emplace_back(d);
  return dirs;
}

bool configure(const std::vector<std::string>& args, Config* out, std::string* error) {
  if (args.size() != 1 && args.size() != 3) {
    *error = "usage: launchd-compat-generator NORMAL-DIR [EARLY-DIR LATE-DIR]";
    return false;
  }
  out->output_dir = args[0];
  const char* scope = std::getenv("SYSTEMD_SCOPE");
  out->domain = scope != nullptr && std::string_view(scope) == "user" ? Domain::User : Domain::System;
  out->check_ownership = out->domain == Domain::System;
  out->override_db = override_db_path(out->domain);
  if (const char* sp = std::getenv("LAUNCHD_COMPAT_SEARCH_PATH"); sp != nullptr && sp[0] != '\0') {
    std::string_view s = sp;
    for (size_t start = 0; start <= s.size();) {
      size_t end = s.find(':', start);
      if (end == std::string_view::npos) end = s.size();
      if (end > start) out->search_path.emplace_back(s.substr(start, end - start));
      start = end + 1;
    }
  } else {
    out->search_path = default_search_path(out->domain);
  }
  return true;
}

namespace {

// launchd refuses system plists anyone but root could have changed.
std::optional<std::string> dubious(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
  if (st.st_uid != 0) return fmt::format("Dubious ownership: owned by uid {}, not root", st.st_uid);
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return fmt::format("Dubious permissions: mode {:04o} is writable by group or others", st.st_mode & 07777);
  return std::nullopt;
}

void log_diagnostics(const std::string& file, const Translation& t, std::vector<std::string>* log) {
  for (const auto& d : t.diagnostics.items())
    if (d.severity != Severity::Note || d.code == "other-domain") log->push_back(render_text(file, d));
}

}  // namespace

size_t run(const Config& cfg, const SystemProbe& probe, std::vector<std::string>* log) {
  OverrideDb db;
  if (auto err = read_override_db(cfg.override_db, &db))
    log->push_back(fmt::format("{}: warning: ignoring the override database", *err));
  TranslateOptions topt;
  topt.domain = cfg.domain;
  topt.tool = "launchd-compat-generator";

  std::unique_ptr<UnitDir> out;
  if (auto err = UnitDir::open(cfg.output_dir, /*durable=*/false, &out)) {
    log->push_back(fmt::format("error: {}", *err));
    return 0;
  }
  std::set<std::string> labels_seen;
  NameRegistry names;
  size_t written = 0;
  for (const auto& dir : cfg.search_path) {
    std::vector<std::string> files;
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    input::expand(dir, &files);
    for (const auto& f : files) {
      if (cfg.check_ownership) {
        if (auto why = dubious(f)) {
          log->push_back(fmt::format("{}: error: {}; skipping", escape::c_escape(f), *why));
          continue;
        }
      }
      std::string bytes;
      if (auto err = input::read(f, &bytes)) {
        log->push_back(fmt::format("{}: error: {}", escape::c_escape(f), *err));
        continue;
      }
      Translation t = translate(bytes, escape::normalize_path(f), topt, probe);
      if (!t.label.empty() && !labels_seen.insert(t.label).second) {
        log->push_back(fmt::format("{}: note: Label: '{}' is already loaded from an earlier "
                                   "directory; skipping", escape::c_escape(f), escape::c_escape(t.label)));
        continue;
      }
      if (auto o = db.lookup(t.label)) t.disabled = *o;
      names.check(t);
      log_diagnostics(f, t, log);
      if (!t.ok() || t.files.empty()) continue;
      if (auto err = out->write(t)) {
        log->push_back(fmt::format("{}: error: {}", escape::c_escape(f), *err));
        continue;
      }
      names.claim(t);
      ++written;
    }
  }
  return written;
}

}  // namespace lc::generator
