/* JSON loader (qxub config --json input and cached definitions). */
#include "autoconf.h"

#include "buf.h"
#include "fuzz.h"
#include "yaml.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ynode	*root;
	struct buf	 b = BUF_INIT;
	char		*cause;

	if ((root = yaml_load_json_string((const char *)data, size, "fuzz",
	    &cause)) == NULL) {
		free(cause);
		return 0;
	}
	yaml_emit_json_line(&b, root);
	ynode_free(root);
	buf_release(&b);
	return 0;
}
