#include "launchd2systemd/cli.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "core/escape.h"
#include "core/input.h"
#include "core/json.h"
#include "core/translate.h"
#include "core/unit_writer.h"

namespace lc::cli {

std::string usage() {
  return "usage: launchd2systemd [--system|--user] [-o DIR] [--check] [--strict]\n"
         "                       [--format text|json] PATH...\n";
}

std::optional<Options> parse(const std::vector<std::string>& args, std::string* error) {
  Options o;
  bool only_paths = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* flag) -> std::optional<std::string> {
      if (i + 1 < args.size()) return args[++i];
      *error = fmt::format("{} needs a value", flag);
      return std::nullopt;
    };
    if (only_paths || a == "-" || a.empty() || a[0] != '-') {
      o.paths.push_back(a);
    } else if (a == "--") {
      only_paths = true;
    } else if (a == "--system") {
      o.domain = Domain::System;
    } else if (a == "--user") {
      o.domain = Domain::User;
    } else if (a == "-o" || a == "--output") {
      auto v = value("-o");
      if (!v) return std::nullopt;
      o.output_dir = *v;
    } else if (a == "--check") {
      o.check = true;
    } else if (a == "--strict") {
      o.strict = true;
    } else if (a == "--format" || a.rfind("--format=", 0) == 0) {
      std::optional<std::string> v = a == "--format" ? value("--format") : a.substr(9);
      if (!v) return std::nullopt;
      if (*v != "text" && *v != "json") {
        *error = fmt::format("unknown format '{}' (text or json)", escape::c_escape(*v));
        return std::nullopt;
      }
      o.json = *v == "json";
    } else if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (a == "--version") {
      o.version = true;
    } else {
      *error = fmt::format("unknown option '{}'", escape::c_escape(a));
      return std::nullopt;
    }
  }
  if (o.paths.empty() && !o.help && !o.version) {
    *error = "no input given";
    return std::nullopt;
  }
  if (o.check && o.output_dir) {
    *error = "--check writes nothing; it cannot be combined with -o";
    return std::nullopt;
  }
  return o;
}

namespace {

struct Result {
  std::string path;  // as the user named it
  Translation t;
  std::optional<std::string> io_error;  // reading or writing failed
};

// SourcePath= wants an absolute, normalized path.
std::string absolute(const std::string& path) {
  if (path.empty() || path[0] == '/') return escape::normalize_path(path);
  char cwd[4096];
  if (::getcwd(cwd, sizeof cwd) == nullptr) return path;
  return escape::normalize_path(std::string(cwd) + "/" + path);
}

void translate_inputs(const Options& opts, const SystemProbe& probe, std::vector<Result>* results) {
  TranslateOptions topt;
  topt.domain = opts.domain;
  for (const auto& p : opts.paths) {
    std::vector<std::string> files;
    if (auto err = input::expand(p, &files)) {
      results->push_back(Result{p, {}, *err});
      continue;
    }
    for (const auto& f : files) {
      Result r{f, {}, std::nullopt};
      std::string bytes;
      if (auto err = input::read(f, &bytes)) {
        r.io_error = *err;
      } else {
        r.t = translate(bytes, f == "-" ? "" : absolute(f), topt, probe);
      }
      results->push_back(std::move(r));
    }
  }
  std::vector<Translation> ts;
  for (auto& r : *results) ts.push_back(std::move(r.t));
  reject_name_collisions(ts);
  for (size_t i = 0; i < ts.size(); ++i) (*results)[i].t = std::move(ts[i]);
}

void write_outputs(const Options& opts, std::vector<Result>* results) {
  if (!opts.output_dir || opts.check) return;
  for (auto& r : *results)
    if (!r.io_error && r.t.ok() && !r.t.files.empty())
      if (auto err = write_units(*opts.output_dir, r.t)) r.io_error = *err;
}

std::string json_document(const std::vector<Result>& results, size_t counts[5]);

}  // namespace

Outcome run(const Options& opts, const SystemProbe& probe) {
  Outcome o;
  if (opts.help || opts.version) {
    o.out = opts.help ? usage() : "launchd2systemd (launchd-compat) " LC_VERSION "\n";
    return o;
  }
  std::vector<Result> results;
  translate_inputs(opts, probe, &results);
  write_outputs(opts, &results);
  // inputs, translated, errors, warnings, notes
  size_t counts[5] = {results.size(), 0, 0, 0, 0};
  bool io_failed = false;
  for (const auto& r : results) {
    io_failed = io_failed || r.io_error.has_value();
    if (!r.io_error && r.t.ok() && !r.t.files.empty()) ++counts[1];
    counts[2] += r.t.diagnostics.count(Severity::Error) + (r.io_error ? 1 : 0);
    counts[3] += r.t.diagnostics.count(Severity::Warning);
    counts[4] += r.t.diagnostics.count(Severity::Note);
  }
  if (opts.json) {
    o.out = json_document(results, counts);
  } else {
    for (const auto& r : results) {
      for (const auto& d : r.t.diagnostics.items()) o.err += render_text(r.path, d) + "\n";
      if (r.io_error) o.err += fmt::format("{}: error: {}\n", escape::c_escape(r.path), *r.io_error);
      if (opts.output_dir || opts.check || !r.t.ok()) continue;
      for (const auto& f : r.t.files) o.out += fmt::format("# {}\n{}", f.name, f.text);
    }
    if (opts.check)
      o.err += fmt::format("{} inputs: {} translated, {} errors, {} warnings, {} notes\n", counts[0],
                           counts[1], counts[2], counts[3], counts[4]);
  }
  if (io_failed) o.status = kIo;
  else if (counts[2] > 0 || (opts.strict && counts[3] > 0)) o.status = kDiagnostics;
  return o;
}

namespace {

std::string json_document(const std::vector<Result>& results, size_t counts[5]) {
  std::string j = "{\"inputs\":[";
  for (size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    j += i ? ",{\"path\":" : "{\"path\":";
    json::append_string(&j, r.path);
    j += ",\"label\":";
    if (r.t.label.empty()) j += "null";
    else json::append_string(&j, r.t.label);
    j += ",\"units\":[";
    for (size_t k = 0; k < r.t.files.size(); ++k) {
      j += k ? ",{\"name\":" : "{\"name\":";
      json::append_string(&j, r.t.files[k].name);
      j += ",\"content\":";
      json::append_string(&j, r.t.files[k].text);
      j += "}";
    }
    j += "],\"diagnostics\":[";
    bool first = true;
    auto diag = [&](std::string_view sev, std::string_view key, std::string_view code, std::string_view msg) {
      j += first ? "{\"severity\":" : ",{\"severity\":";
      first = false;
      json::append_string(&j, sev);
      j += ",\"key\":";
      json::append_string(&j, key);
      j += ",\"code\":";
      json::append_string(&j, code);
      j += ",\"message\":";
      json::append_string(&j, msg);
      j += "}";
    };
    for (const auto& d : r.t.diagnostics.items()) diag(severity_name(d.severity), d.key, d.code, d.message);
    if (r.io_error) diag("error", "", "io-error", *r.io_error);
    j += "]}";
  }
  j += fmt::format("],\"summary\":{{\"inputs\":{},\"translated\":{},\"errors\":{},\"warnings\":{},"
                   "\"notes\":{}}}}}\n",
                   counts[0], counts[1], counts[2], counts[3], counts[4]);
  return j;
}

}  // namespace

}  // namespace lc::cli
