/* The kiosk's own programs and modules: beside it (development) or in NCRE_LIBDIR. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ncre-paths.h"
#include "libdir.h"

int libdir_path(const char *name, char *out, size_t outsz)
{
#if NCRE_DEV_PATHS
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			if ((size_t)snprintf(out, outsz, "%s/%s", exe, name) < outsz &&
			    access(out, F_OK) == 0)
				return 0;
		}
	}
#endif
	return (size_t)snprintf(out, outsz, "%s/%s", NCRE_LIBDIR, name) < outsz ? 0 : -1;
}
