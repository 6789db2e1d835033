#include "core/key_table.h"

#include <algorithm>
#include <array>

#include "core/readers.h"

namespace lc {

std::string_view disposition_name(Disposition d) {
  switch (d) {
    case Disposition::Unit: return "unit";
    case Disposition::Install: return "install";
    case Disposition::Runtime: return "runtime";
    case Disposition::UnitRuntime: return "unit + runtime";
    case Disposition::Domain: return "domain";
    case Disposition::Error: return "error";
    case Disposition::Unsupported: return "warning";
    case Disposition::Inert: return "note";
  }
  return "?";
}

namespace {

using D = Disposition;
namespace r = readers;

// In reading order; kKeys below is the same table sorted for binary search.
constexpr std::array kKeyList = {
    KeySpec{"AbandonProcessGroup", D::Unit, r::abandon_process_group, ""},
    KeySpec{"AssociatedBundleIdentifiers", D::Inert, nullptr,
            "names the app shown in macOS Login Items settings; no Linux meaning, ignoring."},
    KeySpec{"BeginTransactionAtShutdown", D::Inert, nullptr,
            "Apple-private shutdown hint; no Linux meaning, ignoring."},
    KeySpec{"BinaryOrderPreference", D::Inert, nullptr,
            "Apple-private Mach-O slice preference; no Linux meaning, ignoring."},
    KeySpec{"BundleProgram", D::Error, nullptr,
            "resolved inside an app bundle registered with SMAppService; macOS-only, "
            "give Program or ProgramArguments instead"},
    KeySpec{"Datastores", D::Inert, nullptr, "Apple-private key; no Linux meaning, ignoring."},
    KeySpec{"Debug", D::Inert, nullptr,
            "only raises launchd's own log level for this job; no effect on Linux, ignoring."},
    KeySpec{"DisableASLR", D::Unsupported, nullptr,
            "Apple-private; address-space randomisation stays on, ignoring."},
    KeySpec{"Disabled", D::Install, r::disabled, ""},
    KeySpec{"DrainMessagesAfterFailedInit", D::Inert, nullptr,
            "Apple-private XPC setting; no Linux meaning, ignoring."},
    KeySpec{"DrainMessagesOnFailedInit", D::Inert, nullptr,
            "Apple-private XPC setting; no Linux meaning, ignoring."},
    KeySpec{"EnableGlobbing", D::Runtime, r::enable_globbing, ""},
    KeySpec{"EnablePressuredExit", D::Runtime, r::enable_pressured_exit, ""},
    KeySpec{"EnableTransactions", D::Runtime, r::enable_transactions, ""},
    KeySpec{"EnvironmentVariables", D::Unit, r::environment_variables, ""},
    KeySpec{"EventMonitor", D::Unsupported, nullptr,
            "Apple-private event monitor role; no Linux equivalent, ignoring."},
    KeySpec{"ExitTimeOut", D::Unit, r::exit_timeout, ""},
    KeySpec{"GroupName", D::Unit, r::group_name, ""},
    KeySpec{"HardResourceLimits", D::Unit, r::hard_resource_limits, ""},
    KeySpec{"HighPriorityIO", D::Inert, nullptr,
            "Apple-private I/O policy; systemd's default I/O class is used, ignoring."},
    KeySpec{"HomeRelativeQueueDirectories", D::Unsupported, nullptr,
            "Apple-private; not watched, ignoring."},
    KeySpec{"HopefullyExitsFirst", D::Inert, nullptr,
            "no longer implemented by launchd either, ignoring."},
    KeySpec{"HopefullyExitsLast", D::Inert, nullptr,
            "no longer implemented by launchd either, ignoring."},
    KeySpec{"IgnoreProcessGroupAtShutdown", D::Inert, nullptr,
            "Apple-private shutdown hint, ignoring."},
    KeySpec{"InitGroups", D::Unit, r::init_groups, ""},
    KeySpec{"JetsamMemoryLimit", D::Inert, nullptr,
            "iOS memory-pressure policy; no Linux meaning, ignoring."},
    KeySpec{"JetsamProperties", D::Inert, nullptr,
            "iOS memory-pressure policy; no Linux meaning, ignoring."},
    KeySpec{"KeepAlive", D::UnitRuntime, r::keep_alive, ""},
    KeySpec{"Label", D::Unit, r::label, ""},
    KeySpec{"LaunchEvents", D::Unsupported, nullptr,
            "XPC event streams have no Linux equivalent; the job is not started by these "
            "events, ignoring."},
    KeySpec{"LaunchOnlyOnce", D::UnitRuntime, r::launch_only_once, ""},
    KeySpec{"LegacyTimers", D::Inert, nullptr,
            "macOS timer coalescing opt-out; Linux timers are not coalesced, ignoring."},
    KeySpec{"LimitLoadFromHardware", D::Unit, r::limit_load_from_hardware, ""},
    KeySpec{"LimitLoadFromHosts", D::Unit, r::limit_load_from_hosts, ""},
    KeySpec{"LimitLoadToHardware", D::Unit, r::limit_load_to_hardware, ""},
    KeySpec{"LimitLoadToHosts", D::Unit, r::limit_load_to_hosts, ""},
    KeySpec{"LimitLoadToSessionType", D::Domain, r::limit_load_to_session_type, ""},
    KeySpec{"LowPriorityBackgroundIO", D::Unit, r::low_priority_io, ""},
    KeySpec{"LowPriorityIO", D::Unit, r::low_priority_io, ""},
    KeySpec{"MachExceptionHandler", D::Unsupported, nullptr,
            "Mach exception ports have no Linux equivalent, ignoring."},
    KeySpec{"MachServiceLookupPolicies", D::Inert, nullptr,
            "Apple-private Mach lookup sandboxing, ignoring."},
    KeySpec{"MachServices", D::Unsupported, nullptr,
            "Mach services have no Linux equivalent; clients that look these names up "
            "will not find the job, ignoring."},
    KeySpec{"MaterializeDatalessFiles", D::Inert, nullptr,
            "Linux has no dataless files, ignoring."},
    KeySpec{"MinimalBootProfile", D::Inert, nullptr,
            "Apple-private boot-profile hint, ignoring."},
    KeySpec{"MultipleInstances", D::Unsupported, nullptr,
            "Apple-private per-instance jobs are not supported, ignoring."},
    KeySpec{"Nice", D::Unit, r::nice, ""},
    KeySpec{"NoEnvironmentVariables", D::Inert, nullptr, "Apple-private key, ignoring."},
    KeySpec{"OnDemand", D::Unit, r::on_demand, ""},
    KeySpec{"POSIXSpawnType", D::Inert, nullptr,
            "Apple-private spawn classification; ProcessType is the portable key, ignoring."},
    KeySpec{"PreventsSleep", D::Inert, nullptr,
            "Apple-private power assertion, ignoring."},
    KeySpec{"ProcessType", D::Unit, r::process_type, ""},
    KeySpec{"Program", D::Unit, r::program, ""},
    KeySpec{"ProgramArguments", D::Unit, r::program_arguments, ""},
    KeySpec{"PublishesEvents", D::Unsupported, nullptr,
            "XPC event publishing has no Linux equivalent, ignoring."},
    KeySpec{"QueueDirectories", D::UnitRuntime, r::queue_directories, ""},
    KeySpec{"RemoteServices", D::Inert, nullptr, "Apple-private key, ignoring."},
    KeySpec{"RootDirectory", D::Unit, r::root_directory, ""},
    KeySpec{"RunAtLoad", D::Install, r::run_at_load, ""},
    KeySpec{"RunLoopType", D::Inert, nullptr, "Apple-private key, ignoring."},
    KeySpec{"SHAuthorizationRight", D::Inert, nullptr,
            "macOS authorization database entry, ignoring."},
    KeySpec{"SandboxProfile", D::Unsupported, nullptr,
            "macOS sandbox profiles have no Linux equivalent; the job runs unsandboxed, "
            "ignoring."},
    KeySpec{"ServiceDescription", D::Inert, nullptr, "obsolete descriptive key, ignoring."},
    KeySpec{"ServiceIPC", D::Inert, nullptr, "obsolete; launchd ignores it too, ignoring."},
    KeySpec{"SessionCreate", D::Unsupported, nullptr,
            "macOS security audit sessions have no Linux equivalent, ignoring."},
    KeySpec{"SoftResourceLimits", D::Unit, r::soft_resource_limits, ""},
    KeySpec{"Sockets", D::Unit, r::sockets, ""},
    KeySpec{"SpawnConstraint", D::Unsupported, nullptr,
            "macOS launch constraints (code-signing requirements) are not enforced, ignoring."},
    KeySpec{"StandardErrorPath", D::Unit, r::standard_error_path, ""},
    KeySpec{"StandardInPath", D::Unit, r::standard_in_path, ""},
    KeySpec{"StandardOutPath", D::Unit, r::standard_out_path, ""},
    KeySpec{"StartCalendarInterval", D::Unit, r::start_calendar_interval, ""},
    KeySpec{"StartInterval", D::Unit, r::start_interval, ""},
    KeySpec{"StartOnMount", D::Runtime, r::start_on_mount, ""},
    KeySpec{"ThrottleInterval", D::Unit, r::throttle_interval, ""},
    KeySpec{"TimeOut", D::Inert, nullptr,
            "idle timeout, no longer implemented by launchd either, ignoring."},
    KeySpec{"TransactionTimeLimitEnabled", D::Inert, nullptr,
            "Apple-private transaction watchdog, ignoring."},
    KeySpec{"Umask", D::Unit, r::umask, ""},
    KeySpec{"UserEnvironmentVariables", D::Unsupported, nullptr,
            "Apple-private per-user environment, not applied, ignoring."},
    KeySpec{"UserName", D::Unit, r::user_name, ""},
    KeySpec{"WaitForDebugger", D::Unsupported, nullptr,
            "the job is started normally, not suspended for a debugger, ignoring."},
    KeySpec{"WatchPaths", D::Unit, r::watch_paths, ""},
    KeySpec{"WorkingDirectory", D::Unit, r::working_directory, ""},
    KeySpec{"XPCDomain", D::Inert, nullptr, "Apple-private XPC domain, ignoring."},
    KeySpec{"_ExponentialThrottling", D::Inert, nullptr,
            "Apple-private respawn policy; ThrottleInterval applies, ignoring."},
    KeySpec{"_LimitLoadFromVariant", D::Inert, nullptr,
            "Apple-private OS-variant filter, ignoring."},
    KeySpec{"_LimitLoadToVariant", D::Inert, nullptr,
            "Apple-private OS-variant filter, ignoring."},
    KeySpec{"_PanicOnCrash", D::Inert, nullptr, "Apple-private crash policy, ignoring."},
    KeySpec{"inetdCompatibility", D::Unit, r::inetd_compatibility, ""},
};

template <size_t N>
consteval std::array<KeySpec, N> sorted(std::array<KeySpec, N> keys) {
  std::sort(keys.begin(), keys.end(),
            [](const KeySpec& a, const KeySpec& b) { return a.name < b.name; });
  return keys;
}

constexpr auto kKeys = sorted(kKeyList);

}  // namespace

std::span<const KeySpec> top_level_keys() { return kKeys; }

const KeySpec* find_key(std::string_view name) {
  auto it = std::lower_bound(kKeys.begin(), kKeys.end(), name,
                             [](const KeySpec& k, std::string_view n) { return k.name < n; });
  return it != kKeys.end() && it->name == name ? &*it : nullptr;
}

}  // namespace lc
