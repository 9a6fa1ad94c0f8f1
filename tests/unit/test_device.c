/* test_device.c -- unit tests of csvin.h (small CSV tables with line
 * numbers) and device.h (device profiles, the roofline estimate). */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cand_table.h"
#include "cost.h"
#include "csvin.h"
#include "device.h"
#include "net.h"
#include "plan.h"

static void test_csvin_lines(void **state)
{
	/* BOM, a comment, a blank line, a quoted field over two lines, CRLF,
	 * a lone CR, a line of spaces, a comment after a row. */
	static const char text[] = "\xEF\xBB\xBF"
	                           "a,b\n"
	                           "# a comment, not a row\n"
	                           "\n"
	                           "\"two\nlines\",x\r\n"
	                           "c,d\r"
	                           "   \n"
	                           "# another\n"
	                           "\"#not a comment\",e";
	struct csvin t;
	struct diag dg = { 0 };
	(void)state;
	assert_int_equal(csvin_read_buffer(text, sizeof text - 1, "t.csv", &t, &dg), BKSEF_OK);
	assert_int_equal(t.n_rows, 4);
	assert_int_equal(t.row[0].line, 1);
	assert_string_equal(t.field[t.row[0].first + 1], "b");
	assert_int_equal(t.row[1].line, 4);
	assert_string_equal(t.field[t.row[1].first], "two\nlines");
	assert_int_equal(t.row[2].line, 6);
	assert_string_equal(t.field[t.row[2].first], "c");
	assert_int_equal(t.row[3].line, 9);
	assert_string_equal(t.field[t.row[3].first], "#not a comment");
	assert_int_equal(t.row[3].n, 2);
	csvin_free(&t);
}

static void test_csvin_errors(void **state)
{
	static const struct {
		const char *text;
		size_t len;
		unsigned long line;
		const char *part;
	} bad[] = {
		{ "a,b\nc\"d,e\n", 0, 2, "malformed quoting" },
		{ "a,b\n\"open,e\nmore\n", 0, 2, "not closed before the end" },
		{ "a,b\nc,\xC3\x28\n", 0, 2, "not valid UTF-8" },
		{ "a,b\nc,d\0e\n", 10, 2, "a NUL byte" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct csvin t;
		struct diag dg = { 0 };
		size_t len = bad[i].len ? bad[i].len : strlen(bad[i].text);
		int st = csvin_read_buffer(bad[i].text, len, "bad.csv", &t, &dg);
		if (st != BKSEF_EINPUT || dg.line != bad[i].line ||
		    strstr(dg.msg, bad[i].part) == NULL)
			fail_msg("case %zu: status %d, line %lu, '%s'; expected line %lu, '%s'", i,
			         st, dg.line, dg.msg, bad[i].line, bad[i].part);
		assert_int_equal(t.n_rows, 0);
		csvin_free(&t);
	}
}

static const char good_profile[] = "key,value\n"
                                   "# a test device\n"
                                   "name,Test board (4 cores)\n"
                                   "peak_macs,2.4e10\n"
                                   "cores,4\n"
                                   "bandwidth,6.4e9\n"
                                   "bytes_per_element,4\n"
                                   "overhead,2e-5\n"
                                   "overhead_source,assumption\n"
                                   "source,\"a datasheet, page 3\"\n"
                                   "source,arithmetic: 4 x 1.5e9 x 4\n";

static void test_device_load(void **state)
{
	struct device d;
	struct diag dg = { 0 };
	(void)state;
	if (device_load_buffer(good_profile, sizeof good_profile - 1, "dev.csv", &d, &dg) !=
	    BKSEF_OK)
		fail_msg("%lu: %s", dg.line, dg.msg);
	assert_string_equal(d.name, "Test board (4 cores)");
	assert_true(d.peak_macs == 2.4e10);
	assert_int_equal(d.cores, 4);
	assert_true(d.bandwidth == 6.4e9);
	assert_int_equal(d.bytes_per_element, 4);
	assert_true(d.overhead == 2e-5);
	assert_string_equal(d.overhead_source, "assumption");
	assert_int_equal(d.n_sources, 2);
	assert_string_equal(d.source[0], "a datasheet, page 3");
	assert_string_equal(d.source[1], "arithmetic: 4 x 1.5e9 x 4");
	device_free(&d);
}

static void test_device_errors(void **state)
{
	static const char base[] = "key,value\nname,x\npeak_macs,1e9\ncores,1\n"
	                           "bandwidth,1e9\nbytes_per_element,4\n";
	static const struct {
		const char *tail; /* after BASE, whose rows are lines 1-6 */
		unsigned long line;
		const char *part;
	} bad[] = {
		{ "overhead,1e-5\ncores,2\n", 8, "key 'cores' given again (first on line 4)" },
		{ "overhead,1e-5\nspeed,3\n", 8, "unknown key 'speed' (name, peak_macs," },
		{ "overhead,1e-5\nsource,a,b\n", 8, "3 fields; a profile row is 'key,value'" },
		{ "overhead,-1\n", 7, "overhead: '-1' is not a number from 0 to 1" },
		{ "overhead,abc\n", 7, "overhead: 'abc' is not a number" },
		{ "overhead,1e-5\nsource,\n", 8, "source: empty value" },
		{ "", 0, "no 'overhead' in the profile" },
	};
	static const struct {
		const char *text;
		unsigned long line;
		const char *part;
	} whole[] = {
		{ "", 0, "empty profile: no header 'key,value'" },
		{ "# only a comment\n", 0, "empty profile" },
		{ "name,x\n", 1, "the first row must be the header 'key,value'" },
		{ "key\n", 1, "the first row must be the header 'key,value'" },
		{ "key,value,x\n", 1, "the first row must be the header 'key,value'" },
		{ "key,val\n", 1, "the first row must be the header 'key,value'" },
		{ "key,valuex\n", 1, "the first row must be the header 'key,value'" },
		{ "# c\n\nkey,value\nname,x\n", 0, "no 'peak_macs' in the profile" },
		{ "key,value\ncores,2.5\n", 2, "cores: '2.5' is not a whole number from 1 to" },
		{ "key,value\nbytes_per_element,16\n", 2, "is not a whole number from 1 to 8" },
		{ "key,value\npeak_macs,0\n", 2, "peak_macs: '0' is not a number from 1" },
		{ "key,value\nbandwidth,inf\n", 2, "bandwidth: 'inf' is not a number" },
	};
	char text[512];
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0] + sizeof whole / sizeof whole[0]; i++) {
		struct device d;
		struct diag dg = { 0 };
		unsigned long line;
		const char *part;
		int st;
		if (i < sizeof bad / sizeof bad[0]) {
			snprintf(text, sizeof text, "%s%s", base, bad[i].tail);
			line = bad[i].line;
			part = bad[i].part;
		} else {
			size_t w = i - sizeof bad / sizeof bad[0];
			snprintf(text, sizeof text, "%s", whole[w].text);
			line = whole[w].line;
			part = whole[w].part;
		}
		st = device_load_buffer(text, strlen(text), "dev.csv", &d, &dg);
		if (st != BKSEF_EINPUT || dg.line != line || strstr(dg.msg, part) == NULL ||
		    dg.file == NULL || strcmp(dg.file, "dev.csv") != 0)
			fail_msg("case %zu: status %d, line %lu, '%s'; expected line %lu, '%s'", i,
			         st, dg.line, dg.msg, line, part);
		assert_null(d.name);
		device_free(&d);
	}
}

/* Within a relative 1e-12 of WANT. */
static void assert_near(double got, double want)
{
	if (!(got >= want * (1 - 1e-12) && got <= want * (1 + 1e-12)))
		fail_msg("%.17g, expected %.17g", got, want);
}

static void test_roofline(void **state)
{
	struct device d;
	struct roofline r;
	(void)state;
	/* peak 2.4e10 MAC/s, 6.4e9 B/s, 4 bytes an element, 2e-5 s a layer */
	assert_int_equal(
	    device_load_buffer(good_profile, sizeof good_profile - 1, "dev.csv", &d, NULL),
	    BKSEF_OK);

	/* A 3x3 conv, 37 -> 53 channels at 29x29 (same padding), bias:
	 * MACs 9*37*53*29*29 = 14,842,809; elements: input 37*841 = 31,117,
	 * output 53*841 = 44,573, weights 9*37*53 + 53 = 17,702, so 93,392.
	 * compute 14842809 / 2.4e10 = 6.18450375e-4 s; memory 93392 * 4 / 6.4e9
	 * = 5.837e-5 s: compute-bound, 6.18450375e-4 + 2e-5 = 6.38450375e-4 s. */
	device_roofline(&d, 14842809, 93392, &r);
	assert_near(r.compute, 6.18450375e-4);
	assert_near(r.memory, 5.837e-5);
	assert_near(r.seconds, 6.38450375e-4);
	assert_int_equal(r.bound, ROOFLINE_COMPUTE);
	assert_string_equal(roofline_bound_name(r.bound), "compute");

	/* An add of two 53x29x29 tensors: no MACs, 3 * 44,573 = 133,719
	 * elements, 534,876 bytes / 6.4e9 = 8.3574375e-5 s: memory-bound,
	 * 1.03574375e-4 s. */
	device_roofline(&d, 0, 133719, &r);
	assert_true(r.compute == 0);
	assert_near(r.memory, 8.3574375e-5);
	assert_near(r.seconds, 1.03574375e-4);
	assert_int_equal(r.bound, ROOFLINE_MEMORY);

	/* An fc 17 -> 11 with bias on one position: 187 MACs; elements
	 * 17 + 11 + 187 + 11 = 226, 904 bytes / 6.4e9 = 1.4125e-7 s; compute
	 * 187 / 2.4e10 = 7.791666...e-9 s; both under 2e-5: overhead-bound,
	 * 1.4125e-7 + 2e-5 = 2.014125e-5 s. */
	device_roofline(&d, 187, 226, &r);
	assert_near(r.compute, 187 / 2.4e10);
	assert_near(r.memory, 1.4125e-7);
	assert_near(r.seconds, 2.014125e-5);
	assert_int_equal(r.bound, ROOFLINE_OVERHEAD);
	assert_string_equal(roofline_bound_name(r.bound), "overhead");
	assert_string_equal(roofline_bound_name(7), "?");
	device_free(&d);
}

/* A network whose three layers after the input are each bound by another
 * part of the roofline, on a slow device. */
static const char roof_net[] = "name,op,from,out,h,w,k,stride,pad\n"
                               "in,input,,5,11,13,,,\n"
                               "c1,conv,,7,,,3,1,same\n"
                               "g,gap,,,,,,,\n"
                               "fc,fc,,3,,,,,\n";
static const char roof_device[] = "key,value\nname,slow\npeak_macs,1e8\ncores,1\n"
                                  "bandwidth,2e7\nbytes_per_element,4\noverhead,1e-5\n";

/* The latency cost through a candidate table and a plan.  By hand, with
 * 1e8 MAC/s, 2e7 B/s, 4 bytes an element and 1e-5 s a layer:
 *  c1 (5x11x13 -> 7x11x13, 143 positions, bias):
 *    k=3: MACs 9*5*7*143 = 45,045, params 315 + 7 = 322, elements
 *         715 + 1001 + 322 = 2038; compute 4.5045e-4, memory 8152 / 2e7 =
 *         4.076e-4: compute-bound, 4.6045e-4 s;
 *    k=5: MACs 25*35*143 = 125,125, params 882, elements 2598; compute
 *         1.25125e-3, memory 5.196e-4: 1.26125e-3 s;
 *    k=1: MACs 35*143 = 5005, params 42, elements 1758; compute 5.005e-5,
 *         memory 7032 / 2e7 = 3.516e-4: memory-bound, 3.616e-4 s;
 *  g (gap, 7x11x13 -> 7): no MACs, elements 1001 + 7 = 1008, memory
 *    4032 / 2e7 = 2.016e-4: memory-bound, 2.116e-4 s;
 *  fc (7 -> 3, bias): MACs 21, params 24, elements 7 + 3 + 24 = 34, memory
 *    136 / 2e7 = 6.8e-6 < 1e-5: overhead-bound, 1.68e-5 s.
 * Other layers: 2.116e-4 + 1.68e-5 = 2.284e-4 s; the loaded plan
 * 4.6045e-4 + 2.284e-4 = 6.8885e-4 s; with c1 at 1, 3.616e-4 + 2.284e-4 =
 * 5.9e-4 s. */
static void test_latency_cost(void **state)
{
	struct net *net;
	struct device d;
	struct cand_table *t;
	struct plan *p;
	struct roofline r;
	struct diag dg = { 0 };
	cand_set run = 0;
	(void)state;
	run |= (cand_set)1 << 1 | (cand_set)1 << 3 | (cand_set)1 << 5;
	assert_int_equal(net_load_buffer(roof_net, sizeof roof_net - 1, "roof.csv", &net, &dg),
	                 BKSEF_OK);
	assert_int_equal(device_load_buffer(roof_device, sizeof roof_device - 1, "d.csv", &d, &dg),
	                 BKSEF_OK);

	/* a latency cost without a device is refused */
	struct cand_table_spec spec = { run, COST_LATENCY,   0,          NULL, 0, NULL,
		                        0,   { NULL, NULL }, KERNEL_FULL };
	assert_int_equal(cand_table_new(net, &spec, &t, &dg), BKSEF_EUSAGE);
	assert_non_null(strstr(dg.msg, "needs a device"));

	spec.source.device = &d;
	if (cand_table_new(net, &spec, &t, &dg) != BKSEF_OK)
		fail_msg("%s", dg.msg);
	assert_int_equal(t->first[1] - t->first[0], 3);
	assert_near(t->cost[t->first[0] + 0], 3.616e-4);
	assert_near(t->cost[t->first[0] + 1], 4.6045e-4);
	assert_near(t->cost[t->first[0] + 2], 1.26125e-3);
	assert_near(t->latency_other, 2.284e-4);

	cost_layer_roofline(net, 1, &d, 5005, 42, &r);
	assert_int_equal(r.bound, ROOFLINE_MEMORY);
	cost_layer_roofline(net, 1, &d, 45045, 322, &r);
	assert_int_equal(r.bound, ROOFLINE_COMPUTE);
	cost_layer_roofline(net, 2, &d, 0, 0, &r);
	assert_int_equal(r.bound, ROOFLINE_MEMORY);
	cost_layer_roofline(net, 3, &d, 21, 24, &r);
	assert_int_equal(r.bound, ROOFLINE_OVERHEAD);
	cost_layer_roofline(net, 0, &d, 0, 0, &r);
	assert_true(r.seconds == 0);

	p = plan_new(t);
	assert_non_null(p);
	assert_near(p->latency, 6.8885e-4);
	plan_set(p, 0, 0);
	plan_update(p);
	assert_near(p->latency, 5.9e-4);
	plan_free(p);
	cand_table_free(t);

	/* under another cost model a plan has no latency */
	spec.cost = COST_MACS;
	assert_int_equal(cand_table_new(net, &spec, &t, &dg), BKSEF_OK);
	assert_true(t->cost[t->first[0] + 1] == 45045);
	p = plan_new(t);
	assert_true(p->latency == 0);
	plan_free(p);
	cand_table_free(t);
	device_free(&d);
	net_free(net);
}

/* A depthwise-separable realisation's latency: its two parts each priced as
 * a layer (bksef(5)).  roof_net's c1 at ds3 on the slow device, by hand:
 *  depthwise (5 -> 5 channels, 143 positions): MACs 9*5*143 = 6435, params
 *    45, elements 715 in + 715 out + 45 = 1475; compute 6.435e-5, memory
 *    5900 / 2e7 = 2.95e-4: 3.05e-4 s;
 *  pointwise (5 -> 7, bias): MACs 35*143 = 5005, params 42, elements
 *    715 + 1001 + 42 = 1758: 3.616e-4 s (as the full k=1 above);
 *  together 6.666e-4 s, more than the full 3x3's 4.6045e-4 s on this
 *  bandwidth-starved device; MACs 11,440, params 87.
 * With --realise ds the table scores ds1, ds3, ds5 and keeps the loaded
 * full 3 as an extra; the paper cost of ds3 is 715 * 5 * (9 + 7) = 11,440. */
static void test_ds_latency(void **state)
{
	struct net *net;
	struct device d;
	struct cand_table *t;
	struct diag dg = { 0 };
	cand_set run = (cand_set)1 << 1 | (cand_set)1 << 3 | (cand_set)1 << 5;
	struct kernel ds3 = kernel_realised(kernel_square(2, 3), KERNEL_DS);
	(void)state;
	assert_int_equal(net_load_buffer(roof_net, sizeof roof_net - 1, "roof.csv", &net, &dg),
	                 BKSEF_OK);
	assert_int_equal(device_load_buffer(roof_device, sizeof roof_device - 1, "d.csv", &d, &dg),
	                 BKSEF_OK);
	assert_near(cost_ds_seconds(net, 1, &d, &ds3), 6.666e-4);

	struct cand_table_spec spec = { run, COST_LATENCY, 0,        NULL, 0, NULL,
		                        0,   { &d, NULL }, KERNEL_DS };
	if (cand_table_new(net, &spec, &t, &dg) != BKSEF_OK)
		fail_msg("%s", dg.msg);
	assert_int_equal(t->n_scored[0], 3);
	assert_int_equal(cand_table_row_len(t, 0), 4);
	for (size_t j = 0; j < 3; j++)
		assert_int_equal(t->kernel[t->first[0] + j].kind, KERNEL_DS);
	assert_int_equal(t->kernel[t->first[0] + 3].kind, KERNEL_FULL);
	assert_int_equal(t->loaded[0], 3);
	assert_true(kernel_equal(&t->kernel[t->first[0] + 1], &ds3));
	assert_int_equal(t->macs[t->first[0] + 1], 11440);
	assert_int_equal(t->params[t->first[0] + 1], 87);
	assert_near(t->cost[t->first[0] + 1], 6.666e-4);
	assert_near(t->cost[t->first[0] + 3], 4.6045e-4);
	cand_table_free(t);

	spec.cost = COST_PAPER;
	spec.source.device = NULL;
	assert_int_equal(cand_table_new(net, &spec, &t, &dg), BKSEF_OK);
	assert_true(t->cost[t->first[0] + 1] == 11440);
	cand_table_free(t);
	device_free(&d);
	net_free(net);
}

/* A grouped conv stays full under --realise ds, and cannot be pinned to a
 * ds kernel; a conv of groups 1 can. */
static void test_ds_grouped(void **state)
{
	static const char text[] = "name,op,out,h,w,k,groups\n"
	                           "in,input,6,9,9,,\n"
	                           "g,conv,6,,,3,3\n"
	                           "c,conv,4,,,3,1\n";
	struct net *net;
	struct cand_table *t;
	struct diag dg = { 0 };
	struct kernel ds3 = kernel_realised(kernel_square(2, 3), KERNEL_DS);
	cand_set run = (cand_set)1 << 3 | (cand_set)1 << 5;
	(void)state;
	assert_int_equal(net_load_buffer(text, sizeof text - 1, "g.csv", &net, &dg), BKSEF_OK);
	struct cand_table_spec spec = { run, COST_MACS,      0,        NULL, 0, NULL,
		                        0,   { NULL, NULL }, KERNEL_DS };
	assert_int_equal(cand_table_new(net, &spec, &t, &dg), BKSEF_OK);
	assert_int_equal(cand_table_realise(t, 0), KERNEL_FULL);
	assert_int_equal(cand_table_realise(t, 1), KERNEL_DS);
	assert_int_equal(t->kernel[t->first[0]].kind, KERNEL_FULL);
	assert_int_equal(t->kernel[t->first[1]].kind, KERNEL_DS);
	cand_table_free(t);
	assert_int_equal(cand_table_check_pin(net, 1, &ds3, &dg), BKSEF_EUSAGE);
	assert_non_null(strstr(dg.msg, "a grouped conv (groups 3) cannot be realised "
	                               "depthwise-separable"));
	assert_int_equal(cand_table_check_pin(net, 2, &ds3, &dg), BKSEF_OK);
	net_free(net);
}

/* The bundled profiles load, say where their figures come from, mark their
 * overhead, and hold the arithmetic their comments show. */
static void test_bundled_profiles(void **state)
{
	static const struct {
		const char *file;
		double peak_macs, bandwidth;
		int cores;
	} bundled[] = {
		/* 4 cores x 1.5e9 x 4 MACs; 3200e6 x 4 bytes */
		{ "rpi4.csv", 4 * 1.5e9 * 4, 3200e6 * 4, 4 },
		/* 128 cores x 921e6 x 1 FMA; 25.6 GB/s as cited */
		{ "jetson-nano.csv", 128 * 921e6, 25.6e9, 128 },
		/* 35.6 TFLOPS / 2; 936 GB/s as cited */
		{ "rtx3090.csv", 35.6e12 / 2, 936e9, 10496 },
		/* 4 cores x 2.9e9 x 16 MACs; 38.397 GB/s as cited */
		{ "laptop-i7-7820hq.csv", 4 * 2.9e9 * 16, 38.397e9, 4 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof bundled / sizeof bundled[0]; i++) {
		char path[512];
		struct device d;
		struct diag dg = { 0 };
		snprintf(path, sizeof path, "%s/%s", DEVICE_DATA_DIR, bundled[i].file);
		if (device_load_file(path, path, &d, &dg) != BKSEF_OK)
			fail_msg("%s:%lu: %s", path, dg.line, dg.msg);
		assert_near(d.peak_macs, bundled[i].peak_macs);
		assert_near(d.bandwidth, bundled[i].bandwidth);
		assert_int_equal(d.cores, bundled[i].cores);
		assert_int_equal(d.bytes_per_element, 4);
		assert_true(d.n_sources >= 1);
		assert_non_null(d.overhead_source);
		assert_true(strncmp(d.overhead_source, "assumption", 10) == 0 ||
		            strncmp(d.overhead_source, "measured", 8) == 0);
		device_free(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csvin_lines),  cmocka_unit_test(test_csvin_errors),
		cmocka_unit_test(test_device_load),  cmocka_unit_test(test_device_errors),
		cmocka_unit_test(test_roofline),     cmocka_unit_test(test_bundled_profiles),
		cmocka_unit_test(test_latency_cost), cmocka_unit_test(test_ds_latency),
		cmocka_unit_test(test_ds_grouped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
