/* The kiosk's own files: beside it (development) or in the installed places. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ncre-paths.h"
#include "libdir.h"

int libdir_dev(const char *rel, char *out, size_t outsz)
{
#if NCRE_DEV_PATHS
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return -1;
	*slash = '\0';
	if ((size_t)snprintf(out, outsz, "%s/%s", exe, rel) < outsz && access(out, F_OK) == 0)
		return 0;
#else
	(void)rel; (void)out; (void)outsz;
#endif
	return -1;
}

int libdir_path(const char *name, char *out, size_t outsz)
{
	if (libdir_dev(name, out, outsz) == 0)
		return 0;
	return (size_t)snprintf(out, outsz, "%s/%s", NCRE_LIBDIR, name) < outsz ? 0 : -1;
}
