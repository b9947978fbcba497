#!/bin/sh
# Style checks that a compiler does not make: banned functions, and cppcheck
# where it is installed. Exit status 1 on any finding.
set -u
cd "$(dirname "$0")/.." || exit 2
rc=0
# Unbounded or locale-dependent string functions, and the ones that hide
# errors: use snprintf, memcpy with a checked length, strtol.
banned='\<(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atof|strtok|tmpnam|mktemp)[[:space:]]*\('
if grep -rEn "$banned" src include; then
	echo "lint: banned function (see STYLE.md)" >&2
	rc=1
fi
if command -v cppcheck >/dev/null 2>&1; then
	# cppcheck does not read system headers; spell out the one cJSON macro
	# the code iterates with.
	cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability \
		--inline-suppr -Iinclude \
		--include=scripts/cppcheck-cjson.h src || rc=1
fi
exit $rc
