/*
 * YAML loader: whatever loads must emit as YAML that loads again and
 * emits the same, and as JSON that the JSON loader reads (yaml.h
 * promises both; yaml_load_string() alone refuses JSON keys past 1024
 * characters).
 */
#include "autoconf.h"

#include <stdio.h>

#include "buf.h"
#include "fuzz.h"
#include "yaml.h"

static struct ynode *
load(const char *text, size_t len, int json, const char *what)
{
	struct ynode	*root;
	char		*cause;

	root = json ? yaml_load_json_string(text, len, "fuzz", &cause) :
	    yaml_load_string(text, len, "fuzz", &cause);
	if (root == NULL) {
		fprintf(stderr, "%s does not load: %s\n--\n%.*s--\n", what,
		    cause, (int)len, text);
		abort();
	}
	return root;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ynode	*root, *again;
	struct buf	 yaml = BUF_INIT, yaml2 = BUF_INIT, json = BUF_INIT;
	char		*cause;

	if ((root = yaml_load_string((const char *)data, size, "fuzz",
	    &cause)) == NULL) {
		free(cause);
		return 0;
	}
	yaml_emit(&yaml, root);
	again = load(yaml.data, yaml.len, 0, "emitted YAML");
	yaml_emit(&yaml2, again);
	if (yaml.len != yaml2.len || memcmp(yaml.data, yaml2.data,
	    yaml.len) != 0) {
		fprintf(stderr, "YAML emits differently once read back:\n"
		    "%s--\n%s--\n", yaml.data, yaml2.data);
		abort();
	}
	ynode_free(again);
	yaml_emit_json(&json, root);
	ynode_free(load(json.data, json.len, 1, "emitted JSON"));
	ynode_free(root);
	buf_release(&yaml);
	buf_release(&yaml2);
	buf_release(&json);
	return 0;
}
