// Translator core against libplist parsing alone, on the real-world corpus
// (SPEC §11: within 1.5x). Both run in memory over the same bytes.
#include <benchmark/benchmark.h>
#include <plist/plist.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/plist_guard.h"
#include "core/plist_load.h"
#include "core/translate.h"

namespace {

namespace fs = std::filesystem;

std::vector<std::string> load_corpus() {
  const char* env = std::getenv("LC_CORPUS_DIR");
  fs::path dir = env ? env : LC_CORPUS_DEFAULT;
  std::vector<std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto name = e.path().filename().string();
    if (name.size() < 6 || (name.find(".plist") == std::string::npos && name.find(".xml") == std::string::npos)) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    files.push_back(ss.str());
  }
  return files;
}

const std::vector<std::string>& corpus() {
  static const std::vector<std::string> files = load_corpus();
  return files;
}

// No file system or network: the benchmark measures the pure pipeline.
class MemoryProbe final : public lc::SystemProbe {
 public:
  bool is_executable(const std::string&) const override { return true; }
  std::pair<uint64_t, uint64_t> rlimit(lc::Resource) const override { return {1024, 4096}; }
  lc::ResolveResult resolve(const lc::ResolveQuery&) const override {
    return std::vector<lc::ResolvedAddress>{{false, "0.0.0.0", 80}, {true, "::", 80}};
  }
};

int64_t total_bytes() {
  int64_t n = 0;
  for (const auto& f : corpus()) n += static_cast<int64_t>(f.size());
  return n;
}

void BM_LibplistParseOnly(benchmark::State& state) {
  if (corpus().empty()) state.SkipWithError("corpus missing");
  for (auto _ : state) {
    for (const auto& f : corpus()) {
      plist_t root = nullptr;
      plist_from_memory(f.data(), static_cast<uint32_t>(f.size()), &root);
      benchmark::DoNotOptimize(root);
      plist_free(root);
    }
  }
  state.SetBytesProcessed(state.iterations() * total_bytes());
  state.counters["files"] = static_cast<double>(corpus().size());
}

// What plist_load adds to libplist: the hostile-input guard and the copy
// into our own tree.
void BM_GuardedLoad(benchmark::State& state) {
  for (auto _ : state)
    for (const auto& f : corpus()) benchmark::DoNotOptimize(lc::plist::load(f));
  state.SetBytesProcessed(state.iterations() * total_bytes());
}

void BM_TranslateCore(benchmark::State& state) {
  static const MemoryProbe probe;
  lc::TranslateOptions opt;
  for (auto _ : state)
    for (const auto& f : corpus()) benchmark::DoNotOptimize(lc::translate(f, "/bench/x.plist", opt, probe));
  state.SetBytesProcessed(state.iterations() * total_bytes());
}

BENCHMARK(BM_LibplistParseOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GuardedLoad)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TranslateCore)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
