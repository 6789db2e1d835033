// The typed launchd job: what a plist means, independent of how it was
// written (dict or array forms, integer or string forms, legacy keys).
// job_reader.cc builds it; the map_*.cc files turn it into units.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lc {

enum class Domain { System, User };

enum class SockType { Stream, Datagram, SeqPacket };
enum class SockFamily { Any, IPv4, IPv6, IPv4v6, Unix };

struct SocketSpec {
  std::string key;       // the Sockets key: the name the job checks in with
  std::string key_path;  // "Sockets.Listeners" or "Sockets.Listeners[1]", for diagnostics
  SockType type = SockType::Stream;
  bool passive = true;
  SockFamily family = SockFamily::Any;
  std::optional<std::string> node;
  std::optional<std::string> service;  // a port number or a service name
  std::optional<std::string> protocol; // "TCP" / "UDP", as written
  std::optional<std::string> path;
  std::optional<unsigned> path_mode;
  std::optional<int64_t> path_owner, path_group;
  std::optional<std::string> secure_key;  // env var that receives the path
  std::vector<std::string> bonjour;        // service types; "" = derive from service
  std::optional<std::string> multicast_group;
};

// One StartCalendarInterval dict; nullopt = wildcard.
struct CalendarEntry {
  std::optional<int> minute, hour, day, weekday, month;
};

struct KeepAlive {
  bool always = false;
  std::optional<bool> successful_exit, crashed;
  std::vector<std::pair<std::string, bool>> path_state;
  std::vector<std::pair<std::string, bool>> other_job_enabled;
  std::vector<std::pair<std::string, bool>> other_job_active;
  bool network_state = false;
  bool after_initial_demand = false;
};

// setrlimit resources launchd knows, in the order of launchd.plist(5).
enum class Resource { Core, CPU, Data, FileSize, MemoryLock, NumberOfFiles, NumberOfProcesses,
                      ResidentSetSize, Stack, kCount };
using Limits = std::array<std::optional<uint64_t>, static_cast<size_t>(Resource::kCount)>;

enum class ProcessType { Standard, Background, Adaptive, Interactive };

struct Job {
  std::string label;
  std::optional<std::string> program;
  std::vector<std::string> arguments;  // full argv, argv[0] included
  bool enable_globbing = false;
  bool disabled = false;
  std::optional<std::string> user_name, group_name;
  bool init_groups = true;
  bool run_at_load = false;
  bool has_keep_alive = false;
  KeepAlive keep_alive;
  std::optional<int64_t> throttle_interval;
  std::optional<int64_t> exit_timeout;
  std::optional<std::string> root_directory, working_directory;
  std::vector<std::pair<std::string, std::string>> environment;
  std::optional<unsigned> umask;
  std::optional<std::string> stdin_path, stdout_path, stderr_path;
  Limits soft_limits, hard_limits;
  std::optional<int> nice;
  std::optional<ProcessType> process_type;
  bool low_priority_io = false;
  bool abandon_process_group = false;
  bool launch_only_once = false;
  std::vector<std::string> limit_to_hosts, limit_from_hosts;
  std::vector<std::string> session_types;  // empty = every session type
  // LimitLoadTo/FromHardware hw.machine values as systemd architectures.
  std::vector<std::string> arch_allow, arch_deny;
  bool arch_allow_given = false;  // an allow-list was given (maybe with no Linux match)
  std::vector<std::string> watch_paths, queue_directories;
  bool start_on_mount = false;
  std::optional<int64_t> start_interval;
  std::vector<CalendarEntry> calendar;
  std::vector<SocketSpec> sockets;  // grouped by key, keys in file order
  std::optional<bool> inetd_wait;   // set when inetdCompatibility is present
  bool enable_transactions = false, enable_pressured_exit = false;

  int64_t throttle() const { return throttle_interval.value_or(10); }
};

}  // namespace lc
