// Reader functions named by key_table.cc, one per launchd key (or family).
#pragma once

#include "core/key_table.h"

namespace lc::readers {

#define LC_READER(name) void name(const plist::Value& v, std::string_view path, ReadContext& ctx)
LC_READER(label);
LC_READER(program);
LC_READER(program_arguments);
LC_READER(enable_globbing);
LC_READER(disabled);
LC_READER(user_name);
LC_READER(group_name);
LC_READER(init_groups);
LC_READER(run_at_load);
LC_READER(keep_alive);
LC_READER(on_demand);
LC_READER(throttle_interval);
LC_READER(exit_timeout);
LC_READER(root_directory);
LC_READER(working_directory);
LC_READER(environment_variables);
LC_READER(umask);
LC_READER(standard_in_path);
LC_READER(standard_out_path);
LC_READER(standard_error_path);
LC_READER(soft_resource_limits);
LC_READER(hard_resource_limits);
LC_READER(nice);
LC_READER(process_type);
LC_READER(low_priority_io);
LC_READER(abandon_process_group);
LC_READER(launch_only_once);
LC_READER(limit_load_to_hosts);
LC_READER(limit_load_from_hosts);
LC_READER(limit_load_to_session_type);
LC_READER(limit_load_to_hardware);
LC_READER(limit_load_from_hardware);
LC_READER(watch_paths);
LC_READER(queue_directories);
LC_READER(start_on_mount);
LC_READER(start_interval);
LC_READER(start_calendar_interval);
LC_READER(sockets);
LC_READER(inetd_compatibility);
LC_READER(enable_transactions);
LC_READER(enable_pressured_exit);
#undef LC_READER

}  // namespace lc::readers
