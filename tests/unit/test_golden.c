/* test_golden.c -- every bundled network (the .csv files in data/) against
 * independent totals: ../shared/reference-counts.md (torchvision models; the paper's
 * CIFAR-10 CNN) or a hand calculation written here, and VGG-16's receptive
 * field layer by layer (Araujo et al., Distill 2019). */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>

#include "net.h"
#include "testlib.h"

#ifndef BKSEF_SRCDATADIR
#error "BKSEF_SRCDATADIR must name the source tree's data folder"
#endif

struct golden {
	const char *name;
	int64_t params, macs, rf;
	int64_t in_c, in_h, in_w;
	size_t convs, tunable; /* from the architecture: every conv; those with k >= 3 */
	int rank;              /* spatial axes: 1 (in_h 1, in_w the length), 2 or 3 */
	int64_t in_t;          /* a 3-D network's time axis; 1 otherwise */
};

static const struct golden nets[] = {
	/* reference-counts.md (torchvision, 3x224x224).  Convs: resnet18 has
	 * a 7x7 stem, 16 3x3 and 3 1x1 downsample convs (20, 17 with k >= 3);
	 * resnet50 the stem, 16 bottlenecks of 1x1-3x3-1x1 and 4 downsample
	 * 1x1 (53, 17); vgg16 13 3x3; mobilenet_v2 a 3x3 stem, block 1 with a
	 * depthwise 3x3 and a 1x1, 16 blocks of 1x1-dw3x3-1x1 and a last 1x1
	 * (1+2+48+1 = 52; stem + 17 depthwise = 18); alexnet 11, 5, 3, 3, 3. */
	{ "resnet18", 11689512, 1814073344, 435, 3, 224, 224, 20, 17, 2, 1 },
	{ "resnet50", 25557032, 4089184256, 427, 3, 224, 224, 53, 17, 2, 1 },
	{ "vgg16", 138357544, 15470264320, 212, 3, 224, 224, 13, 13, 2, 1 },
	{ "mobilenet_v2", 3504872, 300774272, 491, 3, 224, 224, 52, 18, 2, 1 },
	{ "alexnet", 61100840, 714188480, 195, 3, 224, 224, 5, 5, 2, 1 },
	/* reference-counts.md: the paper's CIFAR-10 CNN at k = 3 everywhere */
	{ "paper-cifar10-cnn", 1148874, 152766976, 23, 3, 32, 32, 6, 6, 2, 1 },
	/* By hand.  paper-gtsrb-cnn: convs 3x3, no bias, channels 32, 64, 128:
	 *   params 9*(3*32 + 32*32 + 32*64 + 64*64 + 64*128 + 128*128)
	 *        = 864 + 9,216 + 18,432 + 36,864 + 73,728 + 147,456 = 286,560;
	 *   bn 2*(32+32+64+64+128+128) = 896; fc 128*43 + 43 = 5,547;
	 *   total 293,003.
	 *   MACs 48x48: (864 + 9,216) * 2,304 = 23,224,320;
	 *        24x24: (18,432 + 36,864) * 576 = 31,850,496;
	 *        12x12: (73,728 + 147,456) * 144 = 31,850,496; fc 5,504;
	 *   total 86,930,816.
	 *   rf 1 +2 +2 = 5, +2 (j 1 -> 2) = 7, +4 = 11, +4 (j -> 4) = 15, +8 = 23. */
	{ "paper-gtsrb-cnn", 293003, 86930816, 23, 3, 48, 48, 6, 6, 2, 1 },
	/* resnet18-cifar: resnet18 with a 3x3 stem (3*3*3*64 = 1,728 instead
	 * of 7*7*3*64 = 9,408) and fc 512*10 + 10 = 5,130 (not 513,000):
	 *   params 11,689,512 - 7,680 - 507,870 = 11,173,962.
	 *   MACs: stem 1,728 * 32*32 = 1,769,472; layer1 4 * 36,864 * 1,024 =
	 *   150,994,944; layers 2, 3, 4 each 18,874,368 (first conv, stride 2)
	 *   + 37,748,736 (second) + 2,097,152 (downsample) + 2 * 37,748,736 =
	 *   134,217,728; fc 5,120.  Total 1,769,472 + 150,994,944 +
	 *   3 * 134,217,728 + 5,120 = 555,422,720.
	 *   rf: stem 3; layer1 +8 = 11; layer2 +2 (j 2) +4 +8 = 25; layer3 +4
	 *   (j 4) +8 +16 = 53; layer4 +8 (j 8) +16 +32 = 109. */
	{ "resnet18-cifar", 11173962, 555422720, 109, 3, 32, 32, 20, 17, 2, 1 },
	/* lenet5: c1 5x5 1->6 on 32x32 pad 0 -> 28x28: params 156, MACs
	 * 150*784 = 117,600; s2 -> 14x14; c3 5x5 6->16 -> 10x10: params 2,416,
	 * MACs 2,400*100 = 240,000; s4 -> 5x5; fcs 400->120->84->10: params
	 * 48,120 + 10,164 + 850, MACs 48,000 + 10,080 + 840.
	 *   params 61,706; MACs 416,520; rf 5, 6 (j 2), 6+4*2 = 14, 14+2 = 16. */
	{ "lenet5", 61706, 416520, 16, 1, 32, 32, 2, 2, 2, 1 },
	/* Format 2: reference-counts.md, "Format v2 networks" (torch's own
	 * figures; squeezenet1_0 at 227x227, inception_v3 at 299x299).  The
	 * receptive field is the local one, measured with torch's gradients in
	 * data/gen/rf-measured.csv.  Convs, from the architectures:
	 *   efficientnet_b0: a 3x3 stem, 16 MBConv blocks ([1,2,2,3,3,4,1]):
	 *     the first dw + SE fc1, fc2 + project (4), the other 15 also an
	 *     expand 1x1 (5 each), a 1x1 head: 1 + 4 + 75 + 1 = 81; tuned the
	 *     stem and the 16 depthwise 3x3/5x5: 17
	 *   mobilenet_v3_large: a 3x3 stem, 15 bnecks: the first dw + project
	 *     (2), 14 with an expand (3 each), SE (2 convs) in 8 of them, a 1x1
	 *     last conv: 1 + 2 + 42 + 16 + 1 = 62; tuned stem + 15 dw: 16
	 *   shufflenet_v2_x1_0: conv1 3x3, 16 blocks ([4,8,4]): the 3 stride-2
	 *     ones with two branches (dw + 1x1; 1x1 + dw + 1x1: 5), 13 with one
	 *     (3), conv5 1x1: 1 + 15 + 39 + 1 = 56; tuned conv1 + 19 dw: 20
	 *   googlenet: conv1 7x7, conv2 1x1, conv3 3x3, 9 inception modules of
	 *     6 convs: 57; tuned conv1, conv3 and 2 3x3 a module: 20
	 *   inception_v3: 5 stem convs, 3 InceptionA (7), InceptionB (4),
	 *     4 InceptionC (10), InceptionD (6), 2 InceptionE (9): 5 + 21 + 4 +
	 *     40 + 6 + 18 = 94; tuned 4 stem 3x3, 3 a module A, 3 in B, 6 a
	 *     module C (1x7 and 7x1, with their own per-axis candidates), 4 in
	 *     D, 5 a module E (1x3, 3x1, 3x3): 4 + 9 + 3 + 24 + 4 + 10 = 54
	 *   squeezenet1_0: conv1 7x7, 8 fire modules (squeeze 1x1, expand 1x1
	 *     and 3x3), a 1x1 classifier: 26; tuned conv1 + 8 expand 3x3: 9
	 *   convnext_tiny: a 4x4 stem, 18 blocks ([3,3,9,3]) of a dw 7x7 and
	 *     two linears over the channels (1x1 convs), 3 downsampling 2x2:
	 *     1 + 54 + 3 = 58; tuned (k >= 3) the stem and 18 dw: 19 */
	{ "efficientnet_b0", 5288548, 385814752, 851, 3, 224, 224, 81, 17, 2, 1 },
	{ "mobilenet_v3_large", 5483032, 216589760, 595, 3, 224, 224, 62, 16, 2, 1 },
	{ "shufflenet_v2_x1_0", 2278604, 144907992, 527, 3, 224, 224, 56, 20, 2, 1 },
	{ "googlenet", 6624904, 1498376192, 379, 3, 224, 224, 57, 20, 2, 1 },
	{ "inception_v3", 23834568, 5713216096, 1311, 3, 299, 299, 94, 54, 2, 1 },
	{ "squeezenet1_0", 1248424, 832667936, 155, 3, 227, 227, 26, 9, 2, 1 },
	{ "convnext_tiny", 28589128, 4455531264, 1688, 3, 224, 224, 58, 19, 2, 1 },
	/* Format 2, part 2 (issue 14), reference-counts.md likewise:
	 *   r3d_18 at 3x16x112x112: a 3x7x7 stem, 4 stages of 2 BasicBlocks of
	 *     two 3x3x3 convs, a 1x1x1 downsample in stages 2-4: 1 + 16 + 3 =
	 *     20 convs; tuned the 16 cubes (the stem is not square and lists no
	 *     candidates; the downsamples are 1x1x1): 16.  Its field, 109 in
	 *     time and 219 in height and width, is measured in
	 *     data/gen/rf-measured.csv. */
	{ "r3d_18", 33371472, 40696553472, 219, 3, 112, 112, 20, 16, 3, 16 },
	/* fcn_resnet50 at 3x224x224 (aux_loss=False; reference-counts.md):
	 *   the ResNet-50 trunk (53 convs, layer3 and layer4 dilated 2 and 4
	 *   instead of strided), its FCN head's 3x3 and 1x1 convs: 55; tuned
	 *   the stem and the 16 bottleneck 3x3 (k >= 3) and the head's 3x3:
	 *   18.  Dilation keeps the strided trunk's growth (each layer3 block
	 *   adds 2 x 2 x 8, as 2 x 16 would), so the field is resnet50's 427
	 *   plus the head's 3x3 at jump 8: 443, then the bilinear upsample to
	 *   224x224 keeps it (nearest's rule; torch's gradients may see up to
	 *   one input pixel, 8, more: data/gen/rf-measured.csv). */
	{ "fcn_resnet50", 32957013, 26484498432, 443, 3, 224, 224, 55, 18, 2, 1 },
	/* unet_small, hand-designed, 1x64x64 (data/unet_small.csv); every conv
	 * 3x3 pad 1 with a bias unless said, (k*k*C_in + 1) * C_out params,
	 * k*k*C_in*C_out*H*W MACs:
	 *   enc1a 1->16 @64x64: 160, 589,824; enc1b 16->16: 2,320, 9,437,184
	 *   pool1 -> 32x32; enc2a 16->32: 4,640, 4,718,592; enc2b 32->32:
	 *   9,248, 9,437,184; pool2 -> 16x16; bota 32->64: 18,496, 4,718,592;
	 *   botb 64->64: 36,928, 9,437,184
	 *   up2 convtranspose 64->32, k 2, stride 2: out (16-1)*2 + 2 = 32;
	 *     params 4*64*32 + 32 = 8,224; MACs 8,192 * 16*16 input positions =
	 *     2,097,152
	 *   cat2 32+32 = 64 ch; dec2a 64->32: 18,464, 18,874,368; dec2b 32->32:
	 *     9,248, 9,437,184
	 *   up1 nearest x2 -> 64x64; red1 1x1 32->16: 528, 2,097,152
	 *   cat1 16+16; dec1a 32->16: 4,624, 18,874,368; dec1b 16->16: 2,320,
	 *     9,437,184; out 1x1 16->2: 34, 131,072
	 *   params 115,234; MACs 99,287,040
	 *   rf: enc1b 5, pool1 6 (j 2), enc2b 6+4+4 = 14, pool2 16 (j 4), botb
	 *   16+8+8 = 32; up2 reads one input pixel per output ((2-1)/2 = 0
	 *   extra taps): 32, j 2; dec2b 32+4+4 = 40; up1 40, j 1; dec1b 40+2+2
	 *   = 44.  12 convs, 10 tuned (the two 1x1 are not).  Measured with
	 *   torch: data/gen/rf-measured.csv. */
	{ "unet_small", 115234, 99287040, 44, 1, 64, 64, 12, 10, 2, 1 },
	/* audio_cnn1d, M5, 1x8000 (data/audio_cnn1d.csv), pad 0, biases:
	 *   conv1 k80 s16: L (8000-80)/16+1 = 496; params 80*32+32 = 2,592;
	 *     MACs 2,560 * 496 = 1,269,760; bn1 64; pool1 4/4 -> 124
	 *   conv2 k3 32->32: L 122; 3,104; 3,072 * 122 = 374,784; bn2 64;
	 *     pool2 -> (122-4)/4+1 = 30
	 *   conv3 k3 32->64: L 28; 6,208; 6,144 * 28 = 172,032; bn3 128;
	 *     pool3 -> 7
	 *   conv4 k3 64->64: L 5; 12,352; 12,288 * 5 = 61,440; bn4 128;
	 *     pool4 -> 1
	 *   gap, fc 64->35: 2,275 params, 2,240 MACs
	 *   params 26,915; MACs 1,880,256
	 *   rf: conv1 80 (j 16), pool1 80+3*16 = 128 (j 64), conv2 128+2*64 =
	 *   256, pool2 256+3*64 = 448 (j 256), conv3 448+512 = 960, pool3
	 *   960+768 = 1,728 (j 1,024), conv4 1,728+2,048 = 3,776, pool4
	 *   3,776+3,072 = 6,848.  4 convs, 3 tuned (conv1 is tune=0). */
	{ "audio_cnn1d", 26915, 1880256, 6848, 1, 1, 8000, 4, 3, 1, 1 },
};

static void test_totals(void **state)
{
	int failed = 0;
	(void)state;
	for (size_t i = 0; i < sizeof nets / sizeof nets[0]; i++) {
		const struct golden *g = &nets[i];
		struct net *net = testlib_load_bundled(g->name);
		const struct net_layer *in = &net->layers[0];
		if (net->total_params != g->params || net->total_macs != g->macs ||
		    net->max_rf != g->rf || in->c != g->in_c || in->h != g->in_h ||
		    in->w != g->in_w || net->n_conv != g->convs || net->n_tunable != g->tunable ||
		    in->t != g->in_t || net->rank != g->rank) {
			print_error("%s: params %lld macs %lld rf %lld input %lldx%lldx%lld convs "
			            "%zu tunable %zu\n  expected %lld %lld %lld %lldx%lldx%lld %zu "
			            "%zu\n",
			            g->name, (long long)net->total_params,
			            (long long)net->total_macs, (long long)net->max_rf,
			            (long long)in->c, (long long)in->h, (long long)in->w,
			            net->n_conv, net->n_tunable, (long long)g->params,
			            (long long)g->macs, (long long)g->rf, (long long)g->in_c,
			            (long long)g->in_h, (long long)g->in_w, g->convs, g->tunable);
			failed++;
		}
		assert_string_equal(net->name, g->name);
		net_free(net);
	}
	assert_int_equal(failed, 0);
}

/* Each file's "# expected: params=P macs=M rf=R" comment says the same. */
static void test_expected_comments(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof nets / sizeof nets[0]; i++) {
		const struct golden *g = &nets[i];
		char path[4096], line[1024];
		long long p = -1, m = -1, r = -1;
		int found = 0;
		snprintf(path, sizeof path, "%s/%s.csv", BKSEF_SRCDATADIR, g->name);
		FILE *fp = fopen(path, "r");
		if (fp == NULL)
			fail_msg("cannot open %s", path);
		while (fgets(line, sizeof line, fp) != NULL && line[0] == '#')
			if (sscanf(line, "# expected: params=%lld macs=%lld rf=%lld", &p, &m, &r) ==
			    3)
				found = 1;
		fclose(fp);
		if (!found)
			fail_msg("%s: no '# expected:' comment line", g->name);
		if (p != g->params || m != g->macs || r != g->rf)
			fail_msg("%s: comment says params=%lld macs=%lld rf=%lld", g->name, p, m,
			         r);
	}
}

/* Every file in data/ is covered above: a new network needs its oracle. */
static void test_all_bundled_covered(void **state)
{
	DIR *d = opendir(BKSEF_SRCDATADIR);
	struct dirent *e;
	size_t seen = 0;
	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name), j = 0;
		if (len <= 4 || strcmp(e->d_name + len - 4, ".csv") != 0)
			continue;
		while (j < sizeof nets / sizeof nets[0] &&
		       (strlen(nets[j].name) != len - 4 ||
		        strncmp(nets[j].name, e->d_name, len - 4) != 0))
			j++;
		if (j == sizeof nets / sizeof nets[0]) {
			closedir(d);
			fail_msg("no golden values for data/%s", e->d_name);
		}
		seen++;
	}
	closedir(d);
	assert_int_equal(seen, sizeof nets / sizeof nets[0]);
}

/* VGG-16, size / effective stride / effective padding per layer, from
 * reference-counts.md (Araujo, Norris & Sim, Distill 2019). */
static void test_vgg16_rf(void **state)
{
	static const struct {
		const char *name;
		int64_t r, j, p;
	} want[] = {
		{ "conv1_1", 3, 1, 1 },   { "pool1", 6, 2, 2 },     { "conv2_1", 10, 2, 4 },
		{ "pool2", 16, 4, 6 },    { "conv3_1", 24, 4, 10 }, { "pool3", 44, 8, 18 },
		{ "pool4", 100, 16, 42 }, { "pool5", 212, 32, 90 },
	};
	(void)state;
	struct net *net = testlib_load_bundled("vgg16");
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		long k = net_find_layer(net, want[i].name);
		if (k < 0)
			fail_msg("vgg16 has no layer %s", want[i].name);
		const struct net_layer *l = &net->layers[k];
		if (l->rf != want[i].r || l->jump != want[i].j || l->rf_pad != want[i].p)
			fail_msg("%s: %lld/%lld/%lld, expected %lld/%lld/%lld", want[i].name,
			         (long long)l->rf, (long long)l->jump, (long long)l->rf_pad,
			         (long long)want[i].r, (long long)want[i].j, (long long)want[i].p);
	}
	/* the fcs after pool5 keep its receptive field */
	assert_int_equal(net->layers[net_find_layer(net, "fc8")].rf, 212);
	net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_expected_comments),
		cmocka_unit_test(test_all_bundled_covered),
		cmocka_unit_test(test_vgg16_rf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
