#!/bin/bash
# PING over clamd's TCP port: PONG means it is up and its signatures are loaded.
exec 3<>/dev/tcp/127.0.0.1/3310 || exit 1
printf 'zPING\0' >&3
IFS= read -r -t 5 -d '' reply <&3
[ "$reply" = PONG ]
