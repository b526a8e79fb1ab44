#!/bin/bash
#
# service: the top of a resource tree (a cluster service). It owns no resource of its
# own; its parameters are read by the service manager, and its metadata says in which
# order the typed children start and stop.
#
. "$(dirname "$0")/ocf-lib.sh"

meta_data() {
	meta_begin service "Cluster service (resource group)" \
		"A cluster service: a group of resources that start, stop and" \
		"fail over together."
	meta_param name 'unique="1" required="1" primary="1"' string "" "Name of the service." "Name"
	meta_param domain 'reconfig="1"' string "" \
		"Failover domain: the members the service prefers or is limited to." "Failover domain"
	meta_param autostart 'reconfig="1"' boolean "" \
		"Start the service when the cluster becomes quorate; otherwise it stays disabled." "Start automatically"
	meta_param hardrecovery 'reconfig="1"' boolean "" \
		"Reboot the node when the service fails to stop cleanly." "Reboot if stop fails"
	meta_param exclusive 'reconfig="1"' boolean "" "Run only on a member that runs no other service." "Exclusive service"
	meta_param nfslock "" boolean "" \
		"NFS lock failover workarounds for the file systems of this service." "NFS lock workarounds"
	meta_param recovery 'reconfig="1"' string "" \
		"What a failure does: restart (in place first), relocate, or disable." "Recovery policy"
	meta_param depend "" string "" "Top-level service this one needs, as service:name." "Service dependency"
	meta_param depend_mode "" string "" \
		"hard: stop when the dependency stops; soft: need it only to start." "Dependency mode"
	meta_param max_restarts "" string "" \
		"Restarts in place allowed within restart_expire_time before relocating." "Maximum restarts"
	meta_param restart_expire_time "" string "" "Seconds after which a restart is forgotten." "Restart expiry"
	meta_actions 'start timeout="5"' 'stop timeout="5"' 'status timeout="5" interval="1h"' 'reconfig timeout="5"' \
		'recover timeout="5"' 'reload timeout="5"' 'meta-data timeout="5"' 'validate-all timeout="5"'
	meta_end 'attributes maxinstances="1"' \
		'child type="lvm" start="1" stop="9"' 'child type="fs" start="2" stop="8"' \
		'child type="clusterfs" start="3" stop="7"' 'child type="netfs" start="4" stop="6"' \
		'child type="nfsexport" start="5" stop="5"' 'child type="nfsclient" start="6" stop="4"' \
		'child type="ip" start="7" stop="2"' 'child type="smb" start="8" stop="3"' \
		'child type="script" start="9" stop="1"'
}

# The service manager does a service's work; its own actions only succeed.
case "$1" in
start|stop|status|monitor|recover|restart|reload|reconfig|validate-all) exit $OCF_SUCCESS ;;
esac
run_action "$1"
