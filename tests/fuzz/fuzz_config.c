/* Configuration files: YAML text checked against the table of keys. */
#include "autoconf.h"

#include "config.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*cause = NULL;

	config_check_text((const char *)data, size, "fuzz", &cause);
	free(cause);
	return 0;
}
